from django.urls import path

from preau.pupil_record import apis

app_name = "pupil_record"
urlpatterns = [
    path("pupils/<id:pupil_id>/record/", apis.PupilRecordApi.as_view(), name="record"),
    path("pupils/<id:pupil_id>/pickup-persons/", apis.PickupPersonCreateApi.as_view(),
         name="pickup-person-create"),
    path("pickup-persons/<id:pickup_person_id>/", apis.PickupPersonDetailApi.as_view(),
         name="pickup-person-detail"),
    path("guardianships/<id:guardianship_id>/contact/", apis.GuardianContactApi.as_view(),
         name="guardian-contact"),
]
