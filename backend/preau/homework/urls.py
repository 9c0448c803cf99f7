from django.urls import path

from preau.homework import apis

app_name = "homework"
urlpatterns = [
    path("children/", apis.ChildrenHomeworkApi.as_view(), name="children"),
    path("classrooms/<id:classroom_id>/homework/", apis.ClassroomHomeworkApi.as_view(),
         name="classroom-homework"),
    path("classrooms/<id:classroom_id>/done/", apis.ClassroomHomeworkDoneApi.as_view(),
         name="classroom-homework-done"),
    path("items/<id:homework_id>/", apis.HomeworkDetailApi.as_view(), name="homework-detail"),
    path("items/<id:homework_id>/withdraw/", apis.HomeworkWithdrawApi.as_view(),
         name="homework-withdraw"),
    path("items/<id:homework_id>/done/", apis.HomeworkDoneApi.as_view(), name="homework-done"),
    path("items/<id:homework_id>/attachments/", apis.HomeworkAttachmentUploadApi.as_view(),
         name="homework-attachments"),
    path("lessons/<id:lesson_id>/attachments/", apis.LessonAttachmentUploadApi.as_view(),
         name="lesson-attachments"),
    path("attachments/<id:attachment_id>/", apis.AttachmentDetailApi.as_view(),
         name="attachment-detail"),
    path("classrooms/<id:classroom_id>/lessons/", apis.LessonListApi.as_view(),
         name="lesson-list"),
    path("lessons/<id:lesson_id>/", apis.LessonDetailApi.as_view(), name="lesson-detail"),
    path("schools/<id:school_id>/settings/", apis.SchoolHomeworkSettingsApi.as_view(),
         name="school-settings"),
    path("classrooms/<id:classroom_id>/workload/", apis.WorkloadApi.as_view(), name="workload"),
]
