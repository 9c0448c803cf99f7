"""Thin API views of messaging: parse, call one selector or service, serialize.

One view per URL; each HTTP method is one operation. Authority roles (commune, IEN,
DASEN) only read, except where they may write to directors (``authority_may_write``).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.apis import ListApi
from preau.common.errors import NotFoundError
from preau.common.files import file_download_response
from preau.common.schema import (
    AUTH_ERRORS,
    LIST_ERRORS,
    PAGE_PARAMETERS,
    READ_ERRORS,
    download_responses,
    error,
    paginated,
)
from preau.messaging import selectors, services
from preau.messaging import serializers as s
from preau.messaging.access import (
    announcement_get_for,
    attachment_get_for,
    conversation_get_for,
    liaison_note_get_for,
    poll_get_for,
)
from preau.messaging.permissions import (
    can_follow_audience,
    can_follow_liaison_note,
    can_view_poll_results,
)
from preau.people.access import Purpose, school_get_for
from preau.realtime.events import live_events_callback

TAGS = ["messaging"]
WRITE_ERRORS = {
    **READ_ERRORS,
    400: error("Champ invalide (nommé dans `fields`)"),
    403: error("Non autorisé par les règles de la messagerie"),
}
SEND_ERRORS = {**WRITE_ERRORS, 429: error("Quota d'envoi atteint (voir Retry-After)")}
LIST_AND_READ_ERRORS = {**LIST_ERRORS, **READ_ERRORS}
PAGINATED_CONVERSATIONS = paginated(s.ConversationOutput)  # one component, used twice


class MessagingApi(APIView):
    """Adds ``Retry-After`` to a refused send beyond the quota."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, services.SendQuotaExceededError):
            response["Retry-After"] = str(exc.retry_after)
        return response

    def context(self) -> dict:
        return selectors.viewer_context(viewer=self.request.user)


class MessagingListApi(ListApi, MessagingApi):
    def paginated_with_context(self, queryset, output_serializer):
        context = self.context()

        def serializer(page, many):
            return output_serializer(page, many=many, context=context)

        return self.paginated(queryset, serializer)


def _input(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


# --- Recipients, inbox, conversations -------------------------------------------------------


class RecipientListApi(ListApi):
    """Whom the viewer may start a conversation with, one row per way of reaching them."""

    filter_serializer = s.RecipientListFilter

    @extend_schema(parameters=[s.RecipientListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(s.RecipientOutput), **LIST_ERRORS}, tags=TAGS)
    def get(self, request):
        return self.paginated(selectors.recipient_list(viewer=request.user, filters=self.filters()),
                              s.RecipientOutput)


class ConversationListApi(MessagingListApi):
    """The inbox (GET, newest activity first; ``?after=`` catches up) and new conversations."""

    filter_serializer = s.ConversationListFilter
    authority_may_write = True  # to the directors of their scope

    @extend_schema(parameters=[s.ConversationListFilter, *PAGE_PARAMETERS],
                   responses={200: PAGINATED_CONVERSATIONS, **LIST_ERRORS}, tags=TAGS)
    def get(self, request):
        return self.paginated(
            selectors.conversation_list(viewer=request.user, filters=self.filters()),
            s.ConversationOutput,
        )

    @extend_schema(request=s.ConversationCreateInput,
                   responses={201: s.ConversationCreateOutput, **SEND_ERRORS}, tags=TAGS)
    def post(self, request):
        data = _input(s.ConversationCreateInput, request)
        created = services.conversation_create(
            sender=request.user, recipient_ids=data["recipients"], subject=data["subject"],
            body=data["body"], school_id=data.get("school"),
            copy_director=data["copy_director"], attachments=data.get("attachments", []),
        )
        conversations = selectors.conversations_by_ids(viewer=request.user,
                                                        ids=[c.pk for c in created])
        return Response(s.ConversationCreateOutput({"conversations": conversations}).data,
                        status=status.HTTP_201_CREATED)


class ConversationDetailApi(MessagingApi):
    """One conversation of the viewer; PATCH puts the director in copy."""

    authority_may_write = True

    @extend_schema(responses={200: s.ConversationOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, conversation_id: int):
        conversation = conversation_get_for(request.user, conversation_id, purpose=Purpose.READ)
        return Response(s.ConversationOutput(selectors.conversation_detail(
            viewer=request.user, conversation=conversation)).data)

    @extend_schema(request=s.ConversationUpdateInput,
                   responses={200: s.ConversationOutput, **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, conversation_id: int):
        conversation = conversation_get_for(request.user, conversation_id,
                                            purpose=Purpose.READ)
        _input(s.ConversationUpdateInput, request)
        services.conversation_copy_director(actor=request.user, conversation=conversation)
        return Response(s.ConversationOutput(selectors.conversation_detail(
            viewer=request.user, conversation=conversation)).data)


class MessageListApi(MessagingListApi):
    """Messages of a conversation, oldest first (``?after=`` catches up); POST replies."""

    filter_serializer = s.MessageListFilter
    authority_may_write = True

    @extend_schema(parameters=[s.MessageListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(s.MessageOutput), **LIST_AND_READ_ERRORS}, tags=TAGS)
    def get(self, request, conversation_id: int):
        conversation = conversation_get_for(request.user, conversation_id,
                                            purpose=Purpose.READ)
        filters = self.filters()
        return self.paginated(
            selectors.message_list(viewer=request.user, conversation=conversation,
                                   filters=filters),
            s.MessageOutput,
        )

    @extend_schema(request=s.MessageCreateInput,
                   responses={201: s.MessageOutput, **SEND_ERRORS}, tags=TAGS)
    def post(self, request, conversation_id: int):
        conversation = conversation_get_for(request.user, conversation_id,
                                            purpose=Purpose.READ)
        data = _input(s.MessageCreateInput, request)
        message = services.message_send(sender=request.user, conversation=conversation,
                                        body=data["body"],
                                        attachments=data.get("attachments", []))
        return Response(s.MessageOutput(message).data, status=status.HTTP_201_CREATED)


class ConversationReadApi(MessagingApi):
    """The viewer's read marker in a conversation; POST moves it (read receipt)."""

    authority_may_write = True

    @extend_schema(responses={200: s.ReadMarkerOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, conversation_id: int):
        conversation = conversation_get_for(request.user, conversation_id,
                                            purpose=Purpose.READ)
        return Response(s.ReadMarkerOutput(
            selectors.read_marker_get(viewer=request.user, conversation=conversation)).data)

    @extend_schema(request=s.ReadMarkerInput,
                   responses={200: s.ReadMarkerOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, conversation_id: int):
        conversation = conversation_get_for(request.user, conversation_id,
                                            purpose=Purpose.READ)
        data = _input(s.ReadMarkerInput, request)
        services.conversation_mark_read(reader=request.user, conversation=conversation,
                                        up_to_message_id=data.get("up_to_message_id"))
        return Response(s.ReadMarkerOutput(
            selectors.read_marker_get(viewer=request.user, conversation=conversation)).data)


class AttachmentDownloadApi(APIView):
    """An attachment, to the participants of its conversation only, as a download."""

    @extend_schema(
        responses={**download_responses(), **READ_ERRORS},
        tags=TAGS,
    )
    def get(self, request, attachment_id: int):
        attachment = attachment_get_for(request.user, attachment_id, purpose=Purpose.READ)
        return file_download_response(attachment)


class UnreadApi(APIView):
    """The viewer's badges. Call it when the live socket (re)connects."""

    @extend_schema(responses={200: s.UnreadOutput, **AUTH_ERRORS}, tags=TAGS,
                   callbacks=[live_events_callback()])
    def get(self, request):
        return Response(s.UnreadOutput(selectors.unread_totals(viewer=request.user)).data)


class QuietHoursApi(APIView):
    """The viewer's quiet hours: messages arrive, no live notification is pushed."""

    authority_may_write = True  # a preference of one's own account, not school data

    @extend_schema(responses={200: s.QuietHoursOutput, **AUTH_ERRORS}, tags=TAGS)
    def get(self, request):
        quiet = selectors.quiet_hours_of(viewer=request.user)
        data = quiet or {"is_enabled": False, "starts_at": None, "ends_at": None,
                         "includes_weekends": True}
        return Response(s.QuietHoursOutput(data).data)

    @extend_schema(request=s.QuietHoursInput,
                   responses={200: s.QuietHoursOutput, 400: error("Champ invalide"),
                              **AUTH_ERRORS}, tags=TAGS)
    def put(self, request):
        data = _input(s.QuietHoursInput, request)
        return Response(s.QuietHoursOutput(services.quiet_hours_set(user=request.user, **data)).data)


class SchoolMessagingSettingsApi(APIView):
    """The school's messaging options; the director changes them."""

    @extend_schema(responses={200: s.SchoolMessagingSettingsOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.READ)
        return Response(s.SchoolMessagingSettingsOutput(
            selectors.school_messaging_settings_get(school=school)).data)

    @extend_schema(request=s.SchoolMessagingSettingsInput,
                   responses={200: s.SchoolMessagingSettingsOutput, **WRITE_ERRORS}, tags=TAGS)
    def put(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.READ)
        data = _input(s.SchoolMessagingSettingsInput, request)
        return Response(s.SchoolMessagingSettingsOutput(
            services.school_messaging_settings_update(actor=request.user, school=school, **data)
        ).data)


# --- Liaison notes ------------------------------------------------------------------------------


class LiaisonNoteListApi(MessagingListApi):
    """Notes of the cahier de liaison the viewer wrote, received or oversees; POST writes one."""

    filter_serializer = s.LiaisonNoteListFilter

    @extend_schema(parameters=[s.LiaisonNoteListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(s.LiaisonNoteOutput), **LIST_ERRORS}, tags=TAGS)
    def get(self, request):
        return self.paginated_with_context(
            selectors.liaison_note_list(viewer=request.user, filters=self.filters()),
            s.LiaisonNoteOutput,
        )

    @extend_schema(request=s.LiaisonNoteCreateInput,
                   responses={201: s.LiaisonNoteOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request):
        data = _input(s.LiaisonNoteCreateInput, request)
        note = services.liaison_note_create(
            author=request.user, title=data["title"], body=data["body"],
            audience=data["audience"], requires_acknowledgement=data["requires_acknowledgement"],
            school_id=data.get("school"), classroom_id=data.get("classroom"),
            level=data.get("level"), pupil_id=data.get("pupil"),
        )
        note = selectors.liaison_note_detail(viewer=request.user, note=note)
        return Response(s.LiaisonNoteOutput(note, context=self.context()).data,
                        status=status.HTTP_201_CREATED)


class LiaisonNoteDetailApi(MessagingApi):
    @extend_schema(responses={200: s.LiaisonNoteOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, note_id: int):
        note = liaison_note_get_for(request.user, note_id, purpose=Purpose.READ)
        return Response(s.LiaisonNoteOutput(
            selectors.liaison_note_detail(viewer=request.user, note=note),
            context=self.context()).data)


class LiaisonNoteAcknowledgementListApi(MessagingListApi):
    """The acknowledgement table (every guardian for the author and the director, one's own
    lines otherwise); POST: the viewer, a legal guardian, signs."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.LiaisonNoteAcknowledgementOutput), **READ_ERRORS},
                   tags=TAGS)
    def get(self, request, note_id: int):
        note = liaison_note_get_for(request.user, note_id, purpose=Purpose.READ)
        everyone = can_follow_liaison_note(actor=request.user, note=note)
        return self.paginated(
            selectors.liaison_note_acknowledgements(viewer=request.user, note=note,
                                                    everyone=everyone),
            s.LiaisonNoteAcknowledgementOutput,
        )

    @extend_schema(request=None,
                   responses={200: s.LiaisonNoteAcknowledgementOutput(many=True), **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, note_id: int):
        note = liaison_note_get_for(request.user, note_id, purpose=Purpose.READ)
        services.liaison_note_acknowledge(guardian=request.user, note=note)
        rows = selectors.liaison_note_acknowledgements(viewer=request.user, note=note,
                                                       everyone=False)
        return Response(s.LiaisonNoteAcknowledgementOutput(rows, many=True).data)


def _followed_note(viewer, note_id: int):
    """Reminders belong to the author and the director: to anyone else, not found."""
    note = liaison_note_get_for(viewer, note_id, purpose=Purpose.READ)
    if not can_follow_liaison_note(actor=viewer, note=note):
        raise NotFoundError("Note introuvable.")
    return note


class LiaisonNoteReminderListApi(MessagingListApi):
    """Reminders sent; POST reminds the guardians who have not signed, and only them."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.LiaisonNoteReminderOutput), **READ_ERRORS},
                   tags=TAGS)
    def get(self, request, note_id: int):
        note = _followed_note(request.user, note_id)
        return self.paginated(selectors.liaison_note_reminders(note=note),
                              s.LiaisonNoteReminderOutput)

    @extend_schema(request=None, responses={201: s.LiaisonNoteReminderOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, note_id: int):
        note = _followed_note(request.user, note_id)
        reminder = services.liaison_note_remind(actor=request.user, note=note)
        return Response(s.LiaisonNoteReminderOutput(reminder).data,
                        status=status.HTTP_201_CREATED)


class LiaisonNoteReplyListApi(MessagingListApi):
    """Private replies to the author (conversations); POST: a guardian replies."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: PAGINATED_CONVERSATIONS, **READ_ERRORS}, tags=TAGS)
    def get(self, request, note_id: int):
        note = liaison_note_get_for(request.user, note_id, purpose=Purpose.READ)
        return self.paginated(
            selectors.liaison_note_reply_conversations(viewer=request.user, note=note),
            s.ConversationOutput,
        )

    @extend_schema(request=s.LiaisonNoteReplyInput,
                   responses={201: s.MessageOutput, **SEND_ERRORS}, tags=TAGS)
    def post(self, request, note_id: int):
        note = liaison_note_get_for(request.user, note_id, purpose=Purpose.READ)
        data = _input(s.LiaisonNoteReplyInput, request)
        message = services.liaison_note_reply(guardian=request.user, note=note,
                                              body=data["body"],
                                              attachments=data.get("attachments", []))
        return Response(s.MessageOutput(message).data, status=status.HTTP_201_CREATED)


# --- Announcements and polls -------------------------------------------------------------------


def _audience_spec(data: dict) -> services.AudienceSpec:
    return services.AudienceSpec(
        school_id=data["school"], scope=data["scope"],
        classroom_ids=tuple(data.get("classrooms", ())), levels=tuple(data.get("levels", ())),
        for_guardians=data["for_guardians"], for_pupils=data["for_pupils"],
        for_staff=data["for_staff"],
    )


class AnnouncementListApi(MessagingListApi):
    """Announcements for the viewer (during their validity), written or overseen; POST."""

    filter_serializer = s.AnnouncementListFilter

    @extend_schema(parameters=[s.AnnouncementListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(s.AnnouncementOutput), **LIST_ERRORS}, tags=TAGS)
    def get(self, request):
        return self.paginated_with_context(
            selectors.announcement_list(viewer=request.user, filters=self.filters()),
            s.AnnouncementOutput,
        )

    @extend_schema(request=s.AnnouncementCreateInput,
                   responses={201: s.AnnouncementOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request):
        data = _input(s.AnnouncementCreateInput, request)
        announcement = services.announcement_create(
            author=request.user, audience=_audience_spec(data["audience"]), title=data["title"],
            body=data["body"], requires_acknowledgement=data["requires_acknowledgement"],
            valid_from=data.get("valid_from"), valid_until=data.get("valid_until"),
        )
        announcement = selectors.announcement_detail(viewer=request.user,
                                                     announcement=announcement)
        return Response(s.AnnouncementOutput(announcement, context=self.context()).data,
                        status=status.HTTP_201_CREATED)


class AnnouncementDetailApi(MessagingApi):
    @extend_schema(responses={200: s.AnnouncementOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, announcement_id: int):
        announcement = announcement_get_for(request.user, announcement_id,
                                            purpose=Purpose.READ)
        return Response(s.AnnouncementOutput(
            selectors.announcement_detail(viewer=request.user, announcement=announcement),
            context=self.context()).data)


class AnnouncementAcknowledgementListApi(MessagingListApi):
    """Who acknowledged (the author and the director see everyone); POST acknowledges."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.AnnouncementAcknowledgementOutput), **READ_ERRORS},
                   tags=TAGS)
    def get(self, request, announcement_id: int):
        announcement = announcement_get_for(request.user, announcement_id,
                                            purpose=Purpose.READ)
        everyone = can_follow_audience(actor=request.user, audience=announcement.audience,
                                       author_id=announcement.author_id)
        return self.paginated(
            selectors.announcement_acknowledgements(viewer=request.user,
                                                    announcement=announcement, everyone=everyone),
            s.AnnouncementAcknowledgementOutput,
        )

    @extend_schema(request=None,
                   responses={200: s.AnnouncementAcknowledgementOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, announcement_id: int):
        announcement = announcement_get_for(request.user, announcement_id,
                                            purpose=Purpose.READ)
        acknowledgement = services.announcement_acknowledge(user=request.user,
                                                            announcement=announcement)
        return Response(s.AnnouncementAcknowledgementOutput(acknowledgement).data)


def _question_specs(questions: list[dict]) -> list[services.QuestionSpec]:
    return [services.QuestionSpec(kind=q["kind"], text=q["text"],
                                  choices=tuple(q.get("choices", ())),
                                  is_required=q["is_required"]) for q in questions]


class PollListApi(MessagingListApi):
    """Polls for the viewer, written or overseen; POST creates one."""

    filter_serializer = s.PollListFilter

    @extend_schema(parameters=[s.PollListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(s.PollOutput), **LIST_ERRORS}, tags=TAGS)
    def get(self, request):
        return self.paginated_with_context(
            selectors.poll_list(viewer=request.user, filters=self.filters()), s.PollOutput
        )

    @extend_schema(request=s.PollCreateInput, responses={201: s.PollOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request):
        data = _input(s.PollCreateInput, request)
        poll = services.poll_create(
            author=request.user, audience=_audience_spec(data["audience"]), title=data["title"],
            description=data.get("description", ""), questions=_question_specs(data["questions"]),
            is_anonymous=data["is_anonymous"], results_published=data["results_published"],
            closes_on=data.get("closes_on"),
        )
        poll = selectors.poll_detail(viewer=request.user, poll=poll)
        return Response(s.PollOutput(poll, context=self.context()).data,
                        status=status.HTTP_201_CREATED)


class PollDetailApi(MessagingApi):
    @extend_schema(responses={200: s.PollOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, poll_id: int):
        poll = selectors.poll_detail(
            viewer=request.user, poll=poll_get_for(request.user, poll_id, purpose=Purpose.READ))
        return Response(s.PollOutput(poll, context=self.context()).data)


def _my_answer(viewer, poll) -> dict:
    response = selectors.poll_response_of(viewer=viewer, poll=poll)
    answers = list(response.answers.all()) if response else []
    return {"poll_id": poll.pk, "submitted_at": response.submitted_at if response else None,
            "answers": answers}


class PollAnswerApi(MessagingApi):
    """The viewer's answer to a poll; POST answers (once)."""

    @extend_schema(responses={200: s.PollMyAnswerOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, poll_id: int):
        poll = poll_get_for(request.user, poll_id, purpose=Purpose.READ)
        return Response(s.PollMyAnswerOutput(_my_answer(request.user, poll)).data)

    @extend_schema(request=s.PollAnswerInput,
                   responses={201: s.PollMyAnswerOutput,
                              409: error("Déjà répondu"), **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, poll_id: int):
        poll = poll_get_for(request.user, poll_id, purpose=Purpose.READ)
        data = _input(s.PollAnswerInput, request)
        services.poll_answer(
            respondent=request.user, poll=poll,
            answers=[services.AnswerSpec(question_id=a["question"],
                                         choice_ids=tuple(a.get("choices", ())),
                                         text=a.get("text", "")) for a in data["answers"]],
        )
        return Response(s.PollMyAnswerOutput(_my_answer(request.user, poll)).data,
                        status=status.HTTP_201_CREATED)


class PollResultsApi(MessagingApi):
    """Results: to the author and the director; to respondents once published (404 to
    anyone else)."""

    @extend_schema(responses={200: s.PollResultsOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, poll_id: int):
        poll = selectors.poll_detail(
            viewer=request.user, poll=poll_get_for(request.user, poll_id, purpose=Purpose.READ))
        if not can_view_poll_results(actor=request.user, poll=poll,
                                     has_answered=poll.my_submitted_at is not None):
            raise NotFoundError("Résultats introuvables : ils ne sont pas publiés.")
        follows = can_follow_audience(actor=request.user, audience=poll.audience,
                                      author_id=poll.author_id)
        results = selectors.poll_results(poll=poll, with_names=follows and not poll.is_anonymous)
        return Response(s.PollResultsOutput(results).data)
