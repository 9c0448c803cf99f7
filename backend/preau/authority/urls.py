from django.urls import path

from preau.authority import apis

app_name = "authority"
urlpatterns = [
    path("overview/", apis.OverviewApi.as_view(), name="overview"),
    path("schools/", apis.SchoolListApi.as_view(), name="school-list"),
    path("schools/<id:school_id>/", apis.SchoolDetailApi.as_view(), name="school-detail"),
    path("schools/<id:school_id>/classrooms/", apis.SchoolClassroomsApi.as_view(),
         name="school-classrooms"),
    path("schools/<id:school_id>/pupils/", apis.SchoolPupilListApi.as_view(),
         name="school-pupils"),
    path("classrooms/<id:classroom_id>/", apis.ClassroomDetailApi.as_view(),
         name="classroom-detail"),
    path("classrooms/<id:classroom_id>/cahier-recap/", apis.CahierRecapApi.as_view(),
         name="cahier-recap"),
    path("circonscriptions/", apis.CirconscriptionListApi.as_view(),
         name="circonscription-list"),
    path("headcounts/", apis.HeadcountListApi.as_view(), name="headcounts"),
    path("movements/", apis.MovementListApi.as_view(), name="movements"),
    path("canteen/", apis.CanteenApi.as_view(), name="canteen"),
    path("attendance/", apis.AttendanceApi.as_view(), name="attendance"),
    path("roll-calls-not-taken/", apis.RollCallsNotTakenApi.as_view(),
         name="roll-calls-not-taken"),
    path("l1318-cases/", apis.CaseListApi.as_view(), name="case-list"),
    path("l1318-cases/<id:case_id>/", apis.CaseDetailApi.as_view(), name="case-detail"),
    path("timetable-volume/", apis.TimetableVolumeApi.as_view(), name="timetable-volume"),
    path("access-log/", apis.AccessLogListApi.as_view(), name="access-log"),
]
