"""Messaging: conversations, liaison notes (cahier de liaison), announcements and polls.

Invariants are database constraints; business rules live in services and permissions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preau.common.files import StoredFile
from preau.common.models import TimeStampedModel
from preau.people.models import Person
from preau.schools.models import Classroom, Level, School

# --- Conversations -----------------------------------------------------------------------


class ConversationKind(models.TextChoices):
    FAMILY = "family", _("Équipe et famille")
    PUPIL = "pupil", _("Équipe et élève")
    STAFF = "staff", _("Équipe de l'école")
    AUTHORITY = "authority", _("Direction et autorités")


class ParticipantRole(models.TextChoices):
    MEMBER = "member", _("Participant·e")
    COPY = "copy", _("En copie")


class Conversation(TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="conversations")
    kind = models.CharField(max_length=9, choices=ConversationKind.choices)
    subject = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    liaison_note = models.ForeignKey(
        "LiaisonNote", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reply_conversations",
        help_text="La note du cahier de liaison à laquelle cette conversation répond",
    )
    # Denormalised for the inbox: ordering and the ?after= cursor without a subquery per row.
    last_message = models.ForeignKey(
        "Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        constraints = [
            models.CheckConstraint(condition=~Q(subject=""), name="conversation_has_subject"),
            models.UniqueConstraint(
                fields=["liaison_note", "created_by"], condition=Q(liaison_note__isnull=False),
                name="one_reply_conversation_per_note_and_guardian",
            ),
        ]
        indexes = [models.Index(fields=["-last_message_at", "-id"], name="conversation_recent")]

    def __str__(self) -> str:
        return self.subject


class Participant(models.Model):
    """A user in a conversation, with a read marker: every message up to ``last_read_message_id``."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(
        max_length=6, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER
    )
    last_read_message_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant·e")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_once"),
        ]
        indexes = [models.Index(fields=["user", "conversation"], name="participant_by_user")]

    def __str__(self) -> str:
        return f"{self.user} dans {self.conversation}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(help_text="Markdown")
    body_html = models.TextField(help_text="Rendu HTML assaini")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("message")
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="message_has_body")]
        indexes = [
            models.Index(fields=["conversation", "id"], name="message_by_conversation"),
            models.Index(fields=["author", "created_at"], name="message_by_author_time"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} de {self.conversation}"


class Attachment(StoredFile):
    UPLOAD_PREFIX = "messaging"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("pièce jointe")
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty")]


# --- Settings: the school's choices and each user's quiet hours --------------------------


class SchoolMessagingSettings(models.Model):
    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="messaging_settings"
    )
    pupils_may_write = models.BooleanField(
        default=False, help_text="Les élèves peuvent écrire à leur enseignant·e"
    )
    refuses_family_messages_outside_hours = models.BooleanField(
        default=False,
        help_text="Refuser les nouveaux messages des familles hors du temps scolaire",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("réglages de messagerie d'une école")

    def __str__(self) -> str:
        return f"Messagerie — {self.school}"


class QuietHours(models.Model):
    """Right to disconnect: no live notification is pushed between ``starts_at`` and ``ends_at``.

    The window may cross midnight (19:00 → 07:30). Messages still arrive.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiet_hours"
    )
    is_enabled = models.BooleanField(default=True)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    includes_weekends = models.BooleanField(
        default=True, help_text="Aucune notification le samedi et le dimanche"
    )

    class Meta:
        verbose_name = _("heures calmes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(starts_at=F("ends_at")), name="quiet_hours_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} : {self.starts_at:%H:%M} → {self.ends_at:%H:%M}"


# --- Liaison notes (cahier de liaison) ------------------------------------------------------


class NoteAudience(models.TextChoices):
    CLASSROOM = "classroom", _("Les familles d'une classe")
    LEVEL = "level", _("Les familles d'un niveau")
    SCHOOL = "school", _("Les familles de l'école")
    PUPIL = "pupil", _("La famille d'un·e élève")


class LiaisonNote(TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="liaison_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown")
    body_html = models.TextField()
    audience = models.CharField(max_length=9, choices=NoteAudience.choices)
    classroom = models.ForeignKey(
        Classroom, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(max_length=3, choices=Level.choices, blank=True)
    pupil = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requires_acknowledgement = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("note du cahier de liaison")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(audience="classroom", classroom__isnull=False, level="",
                      pupil__isnull=True)
                    | (Q(audience="level", classroom__isnull=True, pupil__isnull=True)
                       & ~Q(level=""))
                    | Q(audience="school", classroom__isnull=True, level="", pupil__isnull=True)
                    | Q(audience="pupil", classroom__isnull=True, level="", pupil__isnull=False)
                ),
                name="liaison_note_audience_consistent",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="liaison_note_has_title"),
        ]

    def __str__(self) -> str:
        return self.title


class LiaisonNoteDelivery(models.Model):
    """The note reached one legal guardian about one pupil; each acknowledges separately."""

    note = models.ForeignKey(LiaisonNote, on_delete=models.CASCADE, related_name="deliveries")
    pupil = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    guardian = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("destinataire d'une note")
        constraints = [
            models.UniqueConstraint(fields=["note", "pupil", "guardian"], name="delivery_once"),
            models.CheckConstraint(
                condition=~Q(pupil=F("guardian")), name="delivery_guardian_not_pupil"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_by__isnull=True) | Q(acknowledged_at__isnull=False),
                name="delivery_acknowledgement_consistent",
            ),
        ]
        indexes = [models.Index(fields=["guardian", "note"], name="delivery_by_guardian")]

    def __str__(self) -> str:
        return f"{self.note} → {self.guardian} ({self.pupil})"


class LiaisonNoteReminder(models.Model):
    note = models.ForeignKey(LiaisonNote, on_delete=models.CASCADE, related_name="reminders")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("rappel d'une note")

    def __str__(self) -> str:
        return f"Rappel de {self.note} ({self.sent_at:%d/%m/%Y})"


# --- Audiences of announcements and polls ---------------------------------------------------


class AudienceScope(models.TextChoices):
    SCHOOL = "school", _("Toute l'école")
    CLASSROOMS = "classrooms", _("Des classes")
    LEVELS = "levels", _("Des niveaux")


class Audience(models.Model):
    """Who an announcement or a poll is for: a part of a school × guardians, pupils, staff."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=10, choices=AudienceScope.choices)
    for_guardians = models.BooleanField(default=True)
    for_pupils = models.BooleanField(default=False)
    for_staff = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("public")
        constraints = [
            models.CheckConstraint(
                condition=Q(for_guardians=True) | Q(for_pupils=True) | Q(for_staff=True),
                name="audience_reaches_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} — {self.school}"


class AudienceClassroom(models.Model):
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="classroom_links")
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audience", "classroom"], name="audience_classroom_once"),
        ]

    def __str__(self) -> str:
        return f"{self.audience_id} → classe {self.classroom_id}"


class AudienceLevel(models.Model):
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="level_links")
    level = models.CharField(max_length=3, choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audience", "level"], name="audience_level_once"),
        ]

    def __str__(self) -> str:
        return f"{self.audience_id} → {self.level}"


class Announcement(TimeStampedModel):
    audience = models.OneToOneField(Audience, on_delete=models.PROTECT, related_name="announcement")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown")
    body_html = models.TextField()
    requires_acknowledgement = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("annonce")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="announcement_validity_in_order",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="announcement_has_title"),
        ]

    def __str__(self) -> str:
        return self.title


class AnnouncementAcknowledgement(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("accusé de lecture d'une annonce")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcement_acknowledged_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} a lu {self.announcement}"


# --- Polls ----------------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Choix unique")
    MULTIPLE = "multiple", _("Choix multiples")
    TEXT = "text", _("Réponse libre")


class Poll(TimeStampedModel):
    audience = models.OneToOneField(Audience, on_delete=models.PROTECT, related_name="poll")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown")
    description_html = models.TextField(blank=True)
    is_anonymous = models.BooleanField(default=False)
    results_published = models.BooleanField(
        default=False, help_text="Les personnes qui ont répondu voient les résultats"
    )
    closes_on = models.DateField(null=True, blank=True, help_text="Dernier jour pour répondre")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("sondage")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="poll_has_title")]

    def __str__(self) -> str:
        return self.title


class PollQuestion(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    is_required = models.BooleanField(default=True)

    class Meta:
        ordering = ["poll_id", "position"]
        verbose_name = _("question")
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="question_position_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class PollChoice(models.Model):
    question = models.ForeignKey(PollQuestion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["question_id", "position"]
        verbose_name = _("choix")
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class PollResponse(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réponse à un sondage")
        constraints = [
            models.UniqueConstraint(fields=["poll", "respondent"], name="poll_answered_once"),
        ]

    def __str__(self) -> str:
        return f"Réponse {self.pk} à {self.poll}"


class PollAnswer(models.Model):
    """One chosen option, or one free text, of a response."""

    response = models.ForeignKey(PollResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(PollQuestion, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        PollChoice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "choice"], condition=Q(choice__isnull=False),
                name="choice_answered_once",
            ),
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(choice__isnull=True),
                name="text_answered_once",
            ),
            models.CheckConstraint(
                condition=(Q(choice__isnull=False) & Q(text=""))
                | (Q(choice__isnull=True) & ~Q(text="")),
                name="answer_is_a_choice_or_a_text",
            ),
        ]

    def __str__(self) -> str:
        return f"Réponse à {self.question_id}"
