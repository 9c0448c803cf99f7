from django.urls import path

from preau.people import apis

app_name = "people"
urlpatterns = [
    path("pupils/", apis.PupilListApi.as_view(), name="pupil-list"),
    path("pupils/<id:pupil_id>/", apis.PupilDetailApi.as_view(), name="pupil-detail"),
    path("persons/<id:person_id>/", apis.PersonDetailApi.as_view(), name="person-detail"),
]
