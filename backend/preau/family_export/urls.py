"""The export's route keeps its place and name among the account's: ``config.urls`` adds
these patterns to ``preau.accounts.urls`` (/api/v1/accounts/me/export.zip,
``accounts:me-export``)."""

from django.urls import path

from preau.family_export import apis

urlpatterns = [
    path("me/export.zip", apis.MeExportApi.as_view(), name="me-export"),
]
