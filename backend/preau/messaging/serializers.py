"""Inputs (validated request bodies and query parameters) and outputs of the messaging API."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from preau.common.apis import IdField
from preau.common.fields import SchoolDateField
from preau.common.markdown import markdown_excerpt
from preau.messaging.models import (
    AudienceScope,
    ConversationKind,
    NoteAudience,
    ParticipantRole,
    QuestionKind,
)
from preau.messaging.permissions import Reach
from preau.messaging.selectors import display_name
from preau.people.models import GuardianRelationship
from preau.realtime.catchup import CURSOR_HELP, AfterCursorField
from preau.schools.models import Level

MAX_BODY = 20_000


def _followed(serializer: serializers.Serializer, school_id: int, author_id: int | None) -> bool:
    """Does the viewer follow this item (its author, or the director of its school)?"""
    context = serializer.context
    return author_id == context.get("viewer_id") or school_id in context.get(
        "directed_school_ids", set()
    )


class MessagingUserRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, user) -> str:
        return display_name(user)


class MessagingSchoolRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MessagingClassroomRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- Recipients -------------------------------------------------------------------------------


class RecipientListFilter(serializers.Serializer):
    school = IdField(required=False)
    classroom = IdField(required=False, help_text="Les familles et élèves d'une classe")
    reach = serializers.ChoiceField(choices=Reach.choices, required=False)
    search = serializers.CharField(max_length=100, required=False)


class RecipientOutput(serializers.Serializer):
    user_id = serializers.IntegerField(source="r_user")
    display_name = serializers.SerializerMethodField()
    school_id = serializers.IntegerField(source="r_school")
    reach = serializers.ChoiceField(choices=Reach.choices, source="r_reach")
    reach_label = serializers.SerializerMethodField()
    pupil_id = serializers.IntegerField(source="r_pupil", allow_null=True)
    pupil_first_name = serializers.CharField(source="r_pupil_first", allow_null=True)
    classroom_id = serializers.IntegerField(source="r_classroom", allow_null=True)
    classroom_name = serializers.CharField(
        source="r_classroom_name", allow_null=True,
        help_text="La classe par laquelle on l'atteint (celle de l'enfant pour une famille)")
    relationship = serializers.ChoiceField(
        choices=GuardianRelationship.choices, source="r_relationship", allow_null=True,
        help_text="Pour une famille : son lien avec l'enfant nommé (mère, père…)")

    def get_display_name(self, row) -> str:
        return f"{row['r_first']} {row['r_last']}"

    def get_reach_label(self, row) -> str:
        return str(Reach(row["r_reach"]).label)


# --- Conversations ------------------------------------------------------------------------------


class MessageAttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return reverse("messaging:attachment-detail", kwargs={"attachment_id": attachment.pk})


class MessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    conversation_id = serializers.IntegerField()
    author = MessagingUserRefOutput(allow_null=True)
    body = serializers.CharField()
    body_html = serializers.CharField(help_text="HTML assaini, à insérer tel quel")
    created_at = serializers.DateTimeField()
    attachments = MessageAttachmentOutput(many=True)


class LastMessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = MessagingUserRefOutput(allow_null=True)
    excerpt = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_excerpt(self, message) -> str:
        return markdown_excerpt(message.body)


class ParticipantOutput(serializers.Serializer):
    user_id = serializers.IntegerField()
    display_name = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    last_read_message_id = serializers.IntegerField(help_text="Lu jusqu'à ce message (accusé)")
    read_at = serializers.DateTimeField(allow_null=True)

    def get_display_name(self, participant) -> str:
        return display_name(participant.user)


class ConversationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    kind = serializers.ChoiceField(choices=ConversationKind.choices)
    school = MessagingSchoolRefOutput()
    liaison_note_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    last_message_at = serializers.DateTimeField(allow_null=True)
    last_message = LastMessageOutput(allow_null=True)
    unread_count = serializers.IntegerField()
    participants = ParticipantOutput(many=True)


class ConversationListFilter(serializers.Serializer):
    after = AfterCursorField(help_text=f"{CURSOR_HELP} (identifiant du dernier message vu)")
    school = IdField(required=False)
    unread = serializers.BooleanField(required=False, help_text="Seulement les non lues")


class ConversationCreateInput(serializers.Serializer):
    recipients = serializers.ListField(
        child=IdField(), min_length=1, max_length=200,
        help_text="Identifiants d'utilisateurs, pris dans la liste des destinataires possibles",
    )
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=MAX_BODY, help_text="Markdown")
    school = IdField(required=False, help_text="Obligatoire si les destinataires sont de "
                                               "plusieurs écoles communes")
    copy_director = serializers.BooleanField(
        default=False, help_text="Mettre la direction en copie (conversation avec une famille)"
    )
    # An empty file reaches the upload check, which answers file_empty (docs/messaging.md).
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False, max_length=20)


class ConversationCreateOutput(serializers.Serializer):
    conversations = ConversationOutput(many=True, help_text="Une par famille destinataire")


class ConversationUpdateInput(serializers.Serializer):
    director_in_copy = serializers.BooleanField(
        help_text="true : mettre la direction en copie (on ne la retire pas)"
    )

    def validate_director_in_copy(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError("On ne retire pas la direction d'une conversation.")
        return value


class MessageListFilter(serializers.Serializer):
    after = AfterCursorField()
    before = IdField(required=False, help_text="Seulement les messages plus anciens que celui-ci")


class MessageCreateInput(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY, help_text="Markdown")
    # An empty file reaches the upload check, which answers file_empty (docs/messaging.md).
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False, max_length=20)


class ReadMarkerInput(serializers.Serializer):
    up_to_message_id = IdField(
        required=False, help_text="Lu jusqu'à ce message ; par défaut le dernier"
    )


class ReadMarkerOutput(serializers.Serializer):
    conversation_id = serializers.IntegerField()
    last_read_message_id = serializers.IntegerField()
    read_at = serializers.DateTimeField(allow_null=True)
    unread_count = serializers.IntegerField()


class UnreadOutput(serializers.Serializer):
    unread_messages = serializers.IntegerField()
    unread_conversations = serializers.IntegerField()
    liaison_notes_to_acknowledge = serializers.IntegerField()
    announcements_to_acknowledge = serializers.IntegerField()
    polls_to_answer = serializers.IntegerField()


# --- Settings -----------------------------------------------------------------------------------


class QuietHoursInput(serializers.Serializer):
    is_enabled = serializers.BooleanField()
    starts_at = serializers.TimeField(help_text="Heure de Paris, ex. 19:00")
    ends_at = serializers.TimeField(help_text="Peut être le lendemain, ex. 07:30")
    includes_weekends = serializers.BooleanField(default=True)


class QuietHoursOutput(serializers.Serializer):
    is_enabled = serializers.BooleanField()
    starts_at = serializers.TimeField(allow_null=True)
    ends_at = serializers.TimeField(allow_null=True)
    includes_weekends = serializers.BooleanField()


class SchoolMessagingSettingsInput(serializers.Serializer):
    pupils_may_write = serializers.BooleanField()
    refuses_family_messages_outside_hours = serializers.BooleanField()


class SchoolMessagingSettingsOutput(serializers.Serializer):
    school_id = serializers.IntegerField()
    pupils_may_write = serializers.BooleanField()
    refuses_family_messages_outside_hours = serializers.BooleanField()


# --- Liaison notes -------------------------------------------------------------------------------


class MessagingPupilRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class MessagingPersonRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class MyDeliveryOutput(serializers.Serializer):
    pupil_id = serializers.IntegerField()
    pupil_first_name = serializers.CharField(source="pupil.first_name")
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    reminded_at = serializers.DateTimeField(allow_null=True)


class LiaisonNoteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    school = MessagingSchoolRefOutput()
    title = serializers.CharField()
    body = serializers.CharField()
    body_html = serializers.CharField()
    audience = serializers.ChoiceField(choices=NoteAudience.choices)
    classroom = MessagingClassroomRefOutput(allow_null=True)
    level = serializers.CharField(allow_blank=True)
    pupil = MessagingPupilRefOutput(allow_null=True)
    requires_acknowledgement = serializers.BooleanField()
    author = MessagingUserRefOutput(allow_null=True)
    created_at = serializers.DateTimeField()
    last_reminded_at = serializers.DateTimeField(allow_null=True)
    delivery_count = serializers.SerializerMethodField(
        help_text="Pour l'auteur et la direction ; null sinon")
    acknowledged_count = serializers.SerializerMethodField(
        help_text="Pour l'auteur et la direction ; null sinon")
    mine = MyDeliveryOutput(many=True, source="my_deliveries",
                            help_text="Les enfants du lecteur concernés et sa signature")

    def get_delivery_count(self, note) -> int | None:
        return note.delivery_count if _followed(self, note.school_id, note.author_id) else None

    def get_acknowledged_count(self, note) -> int | None:
        return note.acknowledged_count if _followed(self, note.school_id, note.author_id) else None


class LiaisonNoteListFilter(serializers.Serializer):
    after = AfterCursorField()
    school = IdField(required=False)
    pupil = IdField(required=False)
    to_acknowledge = serializers.BooleanField(required=False,
                                              help_text="Seulement celles à signer")


class LiaisonNoteCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=MAX_BODY, help_text="Markdown")
    audience = serializers.ChoiceField(choices=NoteAudience.choices)
    school = IdField(required=False, help_text="Pour un niveau ou toute l'école")
    classroom = IdField(required=False, help_text="Pour une classe")
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    pupil = IdField(required=False, help_text="Pour la famille d'un·e élève")
    requires_acknowledgement = serializers.BooleanField(default=False)

    REQUIRED = {
        NoteAudience.CLASSROOM: ("classroom",),
        NoteAudience.LEVEL: ("school", "level"),
        NoteAudience.SCHOOL: ("school",),
        NoteAudience.PUPIL: ("pupil",),
    }

    def validate(self, data: dict) -> dict:
        required = self.REQUIRED[NoteAudience(data["audience"])]
        missing = {name: ["Ce champ est obligatoire pour ce public."]
                   for name in required if data.get(name) is None}
        if missing:
            raise serializers.ValidationError(missing)
        extra = {name: ["Ce champ ne s'applique pas à ce public."]
                 for name in ("school", "classroom", "level", "pupil")
                 if name not in required and data.get(name) is not None}
        if extra:
            raise serializers.ValidationError(extra)
        return data


class LiaisonNoteAcknowledgementOutput(serializers.Serializer):
    pupil = MessagingPupilRefOutput()
    guardian = MessagingPersonRefOutput()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = MessagingUserRefOutput(allow_null=True)
    reminded_at = serializers.DateTimeField(allow_null=True)


class LiaisonNoteReminderOutput(serializers.Serializer):
    id = serializers.IntegerField()
    sent_at = serializers.DateTimeField()
    sent_by = MessagingUserRefOutput(allow_null=True)
    recipient_count = serializers.IntegerField(help_text="Responsables relancés")


class LiaisonNoteReplyInput(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY, help_text="Markdown")
    # An empty file reaches the upload check, which answers file_empty (docs/messaging.md).
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False, max_length=20)


# --- Announcements and polls ------------------------------------------------------------------


class AudienceInput(serializers.Serializer):
    school = IdField()
    scope = serializers.ChoiceField(choices=AudienceScope.choices)
    classrooms = serializers.ListField(child=IdField(), required=False, max_length=100)
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices),
                                   required=False, max_length=5)
    for_guardians = serializers.BooleanField(default=True)
    for_pupils = serializers.BooleanField(default=False)
    for_staff = serializers.BooleanField(default=False)

    def validate(self, data: dict) -> dict:
        if not (data["for_guardians"] or data["for_pupils"] or data["for_staff"]):
            raise serializers.ValidationError(
                {"for_guardians": ["Choisissez au moins les familles, les élèves ou l'équipe."]}
            )
        scope = data["scope"]
        if scope == AudienceScope.CLASSROOMS and not data.get("classrooms"):
            raise serializers.ValidationError({"classrooms": ["Choisissez au moins une classe."]})
        if scope == AudienceScope.LEVELS and not data.get("levels"):
            raise serializers.ValidationError({"levels": ["Choisissez au moins un niveau."]})
        if scope != AudienceScope.CLASSROOMS and data.get("classrooms"):
            raise serializers.ValidationError({"classrooms": ["Seulement pour des classes."]})
        if scope != AudienceScope.LEVELS and data.get("levels"):
            raise serializers.ValidationError({"levels": ["Seulement pour des niveaux."]})
        return data


class AudienceOutput(serializers.Serializer):
    school = MessagingSchoolRefOutput()
    scope = serializers.ChoiceField(choices=AudienceScope.choices)
    classrooms = serializers.SerializerMethodField()
    levels = serializers.SerializerMethodField()
    for_guardians = serializers.BooleanField()
    for_pupils = serializers.BooleanField()
    for_staff = serializers.BooleanField()

    def get_classrooms(self, audience) -> MessagingClassroomRefOutput(many=True):  # type: ignore[valid-type]
        return MessagingClassroomRefOutput([link.classroom for link in audience.classroom_links.all()],
                                  many=True).data

    def get_levels(self, audience) -> list[str]:
        return [link.level for link in audience.level_links.all()]


class AnnouncementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    body_html = serializers.CharField()
    audience = AudienceOutput()
    author = MessagingUserRefOutput(allow_null=True)
    requires_acknowledgement = serializers.BooleanField()
    valid_from = SchoolDateField()
    valid_until = SchoolDateField(allow_null=True)
    created_at = serializers.DateTimeField()
    acknowledged_count = serializers.SerializerMethodField(
        help_text="Pour l'auteur et la direction ; null sinon")
    my_acknowledged_at = serializers.DateTimeField(allow_null=True)

    def get_acknowledged_count(self, announcement) -> int | None:
        if _followed(self, announcement.audience.school_id, announcement.author_id):
            return announcement.acknowledged_count
        return None


class AnnouncementListFilter(serializers.Serializer):
    after = AfterCursorField()
    school = IdField(required=False)
    current = serializers.BooleanField(required=False, help_text="Seulement celles en vigueur")


class AnnouncementCreateInput(serializers.Serializer):
    audience = AudienceInput()
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=MAX_BODY, help_text="Markdown")
    requires_acknowledgement = serializers.BooleanField(default=False)
    valid_from = SchoolDateField(required=False, help_text="Par défaut aujourd'hui")
    valid_until = SchoolDateField(required=False, allow_null=True)


class AnnouncementAcknowledgementOutput(serializers.Serializer):
    user = MessagingUserRefOutput()
    acknowledged_at = serializers.DateTimeField()


class PollChoiceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class PollQuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField()
    is_required = serializers.BooleanField()
    choices = PollChoiceOutput(many=True)


class PollOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    description_html = serializers.CharField(allow_blank=True)
    audience = AudienceOutput()
    author = MessagingUserRefOutput(allow_null=True)
    is_anonymous = serializers.BooleanField()
    results_published = serializers.BooleanField()
    closes_on = SchoolDateField(allow_null=True)
    created_at = serializers.DateTimeField()
    questions = PollQuestionOutput(many=True)
    response_count = serializers.SerializerMethodField(
        help_text="Pour l'auteur et la direction ; null sinon")
    my_submitted_at = serializers.DateTimeField(allow_null=True)

    def get_response_count(self, poll) -> int | None:
        if _followed(self, poll.audience.school_id, poll.author_id):
            return poll.response_count
        return None


class PollListFilter(serializers.Serializer):
    after = AfterCursorField()
    school = IdField(required=False)


class PollQuestionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField(max_length=300)
    choices = serializers.ListField(child=serializers.CharField(max_length=200), required=False,
                                    max_length=20)
    is_required = serializers.BooleanField(default=True)


class PollCreateInput(serializers.Serializer):
    audience = AudienceInput()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=MAX_BODY, required=False, allow_blank=True)
    questions = PollQuestionInput(many=True)
    is_anonymous = serializers.BooleanField(default=False)
    results_published = serializers.BooleanField(
        default=False, help_text="Publier les résultats aux personnes qui ont répondu")
    closes_on = SchoolDateField(required=False, allow_null=True)

    def validate_questions(self, value: list) -> list:
        if not 1 <= len(value) <= 30:
            raise serializers.ValidationError("De 1 à 30 questions.")
        return value


class PollAnswerItemInput(serializers.Serializer):
    question = IdField()
    choices = serializers.ListField(child=IdField(), required=False, max_length=20)
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class PollAnswerInput(serializers.Serializer):
    answers = PollAnswerItemInput(many=True)

    def validate_answers(self, value: list) -> list:
        if len(value) > 30:
            raise serializers.ValidationError("Au plus 30 réponses.")
        return value


class PollAnswerItemOutput(serializers.Serializer):
    question_id = serializers.IntegerField()
    choice_id = serializers.IntegerField(allow_null=True)
    text = serializers.CharField(allow_blank=True)


class PollMyAnswerOutput(serializers.Serializer):
    poll_id = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    answers = PollAnswerItemOutput(many=True)


class PollResultChoiceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PollResultTextOutput(serializers.Serializer):
    text = serializers.CharField()
    respondent = serializers.CharField(allow_null=True, help_text="null si le sondage est anonyme")


class PollResultQuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField()
    choices = PollResultChoiceOutput(many=True)
    texts = PollResultTextOutput(many=True)


class PollRespondentOutput(serializers.Serializer):
    user_id = serializers.IntegerField()
    display_name = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    choice_ids = serializers.ListField(child=serializers.IntegerField())


class PollResultsOutput(serializers.Serializer):
    poll_id = serializers.IntegerField()
    response_count = serializers.IntegerField()
    is_anonymous = serializers.BooleanField()
    questions = PollResultQuestionOutput(many=True)
    respondents = PollRespondentOutput(
        many=True, help_text="Pour l'auteur et la direction d'un sondage non anonyme ; vide sinon")
