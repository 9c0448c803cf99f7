"""Account routes that hang under a school: /api/v1/schools/<id>/invitations/."""

from django.urls import path

from preau.accounts import apis

app_name = "invitations"
urlpatterns = [
    path("<id:school_id>/invitations/", apis.InvitationLettersApi.as_view(), name="letters"),
]
