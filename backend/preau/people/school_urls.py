from django.urls import path

from preau.people import school_apis as apis

app_name = "schools"
urlpatterns = [
    path("", apis.SchoolListApi.as_view(), name="school-list"),
    path("<id:school_id>/", apis.SchoolDetailApi.as_view(), name="school-detail"),
    path("<id:school_id>/staff/", apis.SchoolStaffApi.as_view(), name="school-staff"),
    path("classrooms/", apis.ClassroomListApi.as_view(), name="classroom-list"),
    path("classrooms/<id:classroom_id>/", apis.ClassroomDetailApi.as_view(),
         name="classroom-detail"),
    path("departements/<id:departement_id>/holidays/", apis.DepartementHolidaysApi.as_view(),
         name="departement-holidays"),
]
