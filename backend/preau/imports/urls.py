from django.urls import path

from preau.imports import apis

app_name = "imports"
urlpatterns = [
    path("schools/<id:school_id>/onde/preview/", apis.OndePreviewApi.as_view(),
         name="onde-preview"),
    path("schools/<id:school_id>/onde/apply/", apis.OndeApplyApi.as_view(), name="onde-apply"),
    path("schools/<id:school_id>/oneroster.zip", apis.OneRosterExportApi.as_view(),
         name="oneroster"),
]
