from django.urls import path

from preau.safety import apis

app_name = "safety"
urlpatterns = [
    path("schools/<id:school_id>/musters/", apis.SchoolMusterListApi.as_view(),
         name="school-musters"),
    path("schools/<id:school_id>/register.pdf", apis.SchoolRegisterPdfApi.as_view(),
         name="school-register-pdf"),
    path("musters/<id:muster_id>/", apis.MusterDetailApi.as_view(), name="muster-detail"),
    path("musters/<id:muster_id>/marks/", apis.MusterMarksApi.as_view(), name="muster-marks"),
    path("musters/<id:muster_id>/assignments/", apis.MusterAssignApi.as_view(),
         name="muster-assign"),
    path("musters/<id:muster_id>/end/", apis.MusterEndApi.as_view(), name="muster-end"),
    path("exercises/", apis.ExerciseSummaryApi.as_view(), name="exercises"),
]
