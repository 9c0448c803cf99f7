from django.urls import include, path

from preau.livret import apis

app_name = "livret"
urlpatterns = [
    path("schools/<id:school_id>/periods/", apis.PeriodListApi.as_view(), name="periods"),
    path("schools/<id:school_id>/programme/", apis.ProgrammeApi.as_view(), name="programme"),
    path("schools/<id:school_id>/programme/elements/",
         apis.ProgrammeElementCreateApi.as_view(), name="programme-element-create"),
    path("programme-elements/<id:element_id>/deactivate/",
         apis.ProgrammeElementDeactivateApi.as_view(), name="programme-element-deactivate"),
    path("schools/<id:school_id>/level-scale/", apis.LevelScaleApi.as_view(),
         name="level-scale"),
    path("classrooms/<id:classroom_id>/evaluations/", apis.ClassroomEvaluationListApi.as_view(),
         name="classroom-evaluations"),
    path("evaluations/<id:evaluation_id>/", apis.EvaluationDetailApi.as_view(),
         name="evaluation-detail"),
    path("evaluations/<id:evaluation_id>/publish/", apis.EvaluationPublishApi.as_view(),
         name="evaluation-publish"),
    path("evaluations/<id:evaluation_id>/grid/", apis.EvaluationGridApi.as_view(),
         name="evaluation-grid"),
    path("pupils/<id:pupil_id>/evaluations/", apis.ChildEvaluationListApi.as_view(),
         name="child-evaluations"),
    path("", include("preau.livret.lsu_urls")),
    path("", include("preau.livret.bilan_urls")),
]
