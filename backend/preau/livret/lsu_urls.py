from django.urls import path

from preau.livret import lsu_apis

urlpatterns = [
    path("lsu/check/", lsu_apis.LsuCheckApi.as_view(), name="lsu-check"),
    path("lsu/export/", lsu_apis.LsuExportApi.as_view(), name="lsu-export"),
    path("bilans/<id:bilan_id>/pdf/", lsu_apis.BilanPdfApi.as_view(), name="bilan-pdf"),
]
