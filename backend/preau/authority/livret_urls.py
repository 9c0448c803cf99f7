"""The authorities' view of the livret, served under /api/v1/livret/ with the rest of the
livret but written here, in the authority layer (GET only, logged reads, CSV)."""

from django.urls import path

from preau.authority import apis

app_name = "livret_authority"
urlpatterns = [
    path("progress/", apis.LivretProgressApi.as_view(), name="progress"),
]
