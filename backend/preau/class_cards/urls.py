from django.urls import path

from preau.class_cards import apis

app_name = "class_cards"
urlpatterns = [
    path("pictures/", apis.PictureListApi.as_view(), name="pictures"),
    path("classrooms/<id:classroom_id>/devices/", apis.ClassroomDeviceListApi.as_view(),
         name="classroom-devices"),
    path("devices/<id:device_id>/", apis.DeviceDetailApi.as_view(), name="device-detail"),
    path("classrooms/<id:classroom_id>/cards/", apis.ClassroomCardListApi.as_view(),
         name="classroom-cards"),
    path("classrooms/<id:classroom_id>/cards/pdf/", apis.ClassroomCardsPdfApi.as_view(),
         name="classroom-cards-pdf"),
    path("cards/<id:pupil_id>/reset/", apis.CardResetApi.as_view(), name="card-reset"),
    path("cards/<id:pupil_id>/end-sessions/", apis.CardSessionsEndApi.as_view(),
         name="card-sessions-end"),
    path("device/", apis.DeviceStateApi.as_view(), name="device"),
    path("device/sign-in/", apis.DeviceSignInApi.as_view(), name="device-sign-in"),
]
