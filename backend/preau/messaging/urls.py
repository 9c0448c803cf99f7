from django.urls import path

from preau.messaging import apis

app_name = "messaging"
urlpatterns = [
    path("recipients/", apis.RecipientListApi.as_view(), name="recipient-list"),
    path("unread/", apis.UnreadApi.as_view(), name="unread"),
    path("quiet-hours/", apis.QuietHoursApi.as_view(), name="quiet-hours"),
    path("schools/<id:school_id>/settings/", apis.SchoolMessagingSettingsApi.as_view(),
         name="school-settings"),
    path("conversations/", apis.ConversationListApi.as_view(), name="conversation-list"),
    path("conversations/<id:conversation_id>/", apis.ConversationDetailApi.as_view(),
         name="conversation-detail"),
    path("conversations/<id:conversation_id>/messages/", apis.MessageListApi.as_view(),
         name="message-list"),
    path("conversations/<id:conversation_id>/read/", apis.ConversationReadApi.as_view(),
         name="conversation-read"),
    path("attachments/<id:attachment_id>/", apis.AttachmentDownloadApi.as_view(),
         name="attachment-detail"),
    path("notes/", apis.LiaisonNoteListApi.as_view(), name="liaison-note-list"),
    path("notes/<id:note_id>/", apis.LiaisonNoteDetailApi.as_view(), name="liaison-note-detail"),
    path("notes/<id:note_id>/acknowledgements/", apis.LiaisonNoteAcknowledgementListApi.as_view(),
         name="liaison-note-acknowledgements"),
    path("notes/<id:note_id>/reminders/", apis.LiaisonNoteReminderListApi.as_view(),
         name="liaison-note-reminders"),
    path("notes/<id:note_id>/replies/", apis.LiaisonNoteReplyListApi.as_view(),
         name="liaison-note-replies"),
    path("announcements/", apis.AnnouncementListApi.as_view(), name="announcement-list"),
    path("announcements/<id:announcement_id>/", apis.AnnouncementDetailApi.as_view(),
         name="announcement-detail"),
    path("announcements/<id:announcement_id>/acknowledgements/",
         apis.AnnouncementAcknowledgementListApi.as_view(),
         name="announcement-acknowledgements"),
    path("polls/", apis.PollListApi.as_view(), name="poll-list"),
    path("polls/<id:poll_id>/", apis.PollDetailApi.as_view(), name="poll-detail"),
    path("polls/<id:poll_id>/answers/", apis.PollAnswerApi.as_view(), name="poll-answers"),
    path("polls/<id:poll_id>/results/", apis.PollResultsApi.as_view(), name="poll-results"),
]
