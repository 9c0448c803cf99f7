from django.urls import path

from preau.timetable import apis

app_name = "timetable"
urlpatterns = [
    path("classrooms/<id:classroom_id>/week/", apis.ClassroomWeekApi.as_view(),
         name="classroom-week"),
    path("pupils/<id:pupil_id>/week/", apis.PupilWeekApi.as_view(), name="pupil-week"),
    path("children/week/", apis.ChildrenWeekApi.as_view(), name="children-week"),
    path("teacher/day/", apis.TeacherDayApi.as_view(), name="teacher-day"),
    path("schools/<id:school_id>/calendar/", apis.SchoolCalendarApi.as_view(),
         name="school-calendar"),
    path("classrooms/<id:classroom_id>/slots/", apis.SlotListApi.as_view(), name="slot-list"),
    path("slots/<id:slot_id>/", apis.SlotDetailApi.as_view(), name="slot-detail"),
    path("classrooms/<id:classroom_id>/exceptions/", apis.ExceptionListApi.as_view(),
         name="exception-list"),
    path("exceptions/<id:exception_id>/", apis.ExceptionDetailApi.as_view(),
         name="exception-detail"),
    path("schools/<id:school_id>/closures/", apis.ClosureListApi.as_view(), name="closure-list"),
    path("closures/<id:closure_id>/", apis.ClosureDetailApi.as_view(), name="closure-detail"),
    path("schools/<id:school_id>/events/", apis.AgendaEventListApi.as_view(), name="event-list"),
    path("events/<id:event_id>/", apis.AgendaEventDetailApi.as_view(), name="event-detail"),
    path("feeds/", apis.FeedListApi.as_view(), name="feed-list"),
    path("feeds/<id:feed_id>/", apis.FeedDetailApi.as_view(), name="feed-detail"),
    path("ical/<str:token>.ics", apis.ICalFeedApi.as_view(), name="ical"),
]
