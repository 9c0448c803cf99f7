"""Writes of messaging. Each runs in one transaction, checks its predicate first, writes
nothing when it refuses, and publishes its live events only after the commit, to the
recipients a selector computed (less those in their quiet hours)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from preau.accounts.models import User
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.common.files import FileKind, validate_upload
from preau.common.markdown import render_markdown
from preau.messaging import events
from preau.messaging.models import (
    Announcement,
    AnnouncementAcknowledgement,
    Attachment,
    Audience,
    AudienceClassroom,
    AudienceLevel,
    AudienceScope,
    Conversation,
    ConversationKind,
    LiaisonNote,
    LiaisonNoteDelivery,
    LiaisonNoteReminder,
    Message,
    NoteAudience,
    Participant,
    ParticipantRole,
    Poll,
    PollAnswer,
    PollChoice,
    PollQuestion,
    PollResponse,
    QuestionKind,
    QuietHours,
    SchoolMessagingSettings,
)
from preau.messaging.permissions import (
    KIND_PRECEDENCE,
    RULE_BY_REACH,
    Reach,
    can_copy_director,
    can_create_for_audience,
    can_create_liaison_note,
    can_edit_school_messaging_settings,
    can_post_message,
    can_remind_liaison_note,
    is_staff_of_school,
)
from preau.messaging.selectors import (
    audience_members,
    delivery_user_ids,
    director_user_of,
    display_name,
    guardian_user_ids_to_remind,
    participant_user_ids,
    recipient_rows,
    users_to_notify,
)
from preau.people.access import Purpose, enrolments_active_on, schools_visible_to
from preau.people.models import Guardianship, Person
from preau.realtime.publish import publish_on_commit
from preau.schools.calendar import school_days
from preau.schools.models import Classroom, HalfDay, Level, School, WeekPattern

# --- Shared checks ---------------------------------------------------------------------------


class SendQuotaExceededError(ApplicationError):
    status_code = 429
    default_code = "send_quota_exceeded"

    def __init__(self, *, limit: int, window_seconds: int, retry_after: int) -> None:
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            f"Vous avez atteint la limite de {limit} messages en {window_seconds // 60} minutes. "
            f"Réessayez dans {minutes} minute{'s' if minutes > 1 else ''}."
        )
        self.retry_after = retry_after


def check_send_quota(*, sender: User, new_messages: int) -> None:
    """At most ``PREAU_MESSAGING_SEND_QUOTA`` messages per account in the sliding window."""
    limit = settings.PREAU_MESSAGING_SEND_QUOTA
    window = settings.PREAU_MESSAGING_SEND_QUOTA_WINDOW_SECONDS
    now = timezone.now()
    recent = Message.objects.filter(author_id=sender.pk,
                                    created_at__gte=now - timedelta(seconds=window))
    if recent.count() + new_messages <= limit:
        return
    oldest = recent.order_by("created_at").values_list("created_at", flat=True).first()
    retry_after = window
    if oldest is not None:
        retry_after = max(1, int((oldest + timedelta(seconds=window) - now).total_seconds()))
    raise SendQuotaExceededError(limit=limit, window_seconds=window, retry_after=retry_after)


def is_school_hours(*, school: School, at: datetime | None = None) -> bool:
    """Class time of the school: its bell times on the half-days the school calendar
    (``preau.schools.calendar``) gives class. Holidays, bank holidays and closures are
    outside school hours; the lunch break of a full day counts as school hours."""
    local = timezone.localtime(at or timezone.now())
    moment = local.time()
    (day,) = school_days(school=school, start=local.date(), end=local.date())
    half_days = set(day.half_days)
    if half_days == {HalfDay.MORNING, HalfDay.AFTERNOON}:
        return school.morning_start <= moment < school.afternoon_end
    if HalfDay.MORNING in half_days:
        return school.morning_start <= moment < school.morning_end
    if HalfDay.AFTERNOON in half_days:
        return school.afternoon_start <= moment < school.afternoon_end
    return False


def _school_hours_label(school: School) -> str:
    days = "lundi, mardi, jeudi et vendredi"
    if school.week_pattern == WeekPattern.FOUR_AND_HALF_DAYS:
        days += f" (mercredi jusqu'à {school.morning_end:%H h %M})"
    return f"{days}, de {school.morning_start:%H h %M} à {school.afternoon_end:%H h %M}"


def check_family_may_write_now(*, school: School) -> None:
    """The school may refuse new family messages to staff outside school hours."""
    refuses = SchoolMessagingSettings.objects.filter(
        school_id=school.pk, refuses_family_messages_outside_hours=True
    ).exists()
    if refuses and not is_school_hours(school=school):
        raise ApplicationError(
            "L'école ne reçoit pas de messages des familles en dehors du temps scolaire "
            f"({_school_hours_label(school)}). Votre message n'a pas été envoyé : "
            "réessayez pendant ces horaires. En cas d'urgence, téléphonez à l'école.",
            code="outside_school_hours",
            status_code=403,
        )


def validate_attachments(uploads: Sequence[UploadedFile]) -> list[tuple[UploadedFile, FileKind]]:
    limit = settings.PREAU_MESSAGING_MAX_ATTACHMENTS
    if len(uploads) > limit:
        raise ApplicationError(
            f"Au plus {limit} pièces jointes par message.",
            fields={"attachments": [f"Au plus {limit} fichiers."]},
        )
    return [(upload, validate_upload(upload, field="attachments")) for upload in uploads]


def _notify(*, event: dict, user_ids: Sequence[int]) -> None:
    publish_on_commit(event=event, user_ids=users_to_notify(user_ids=user_ids))


# --- Conversations -----------------------------------------------------------------------------


@dataclass
class _ConversationPlan:
    school_id: int
    kind: str
    from_family: bool
    groups: list[list[int]] = field(default_factory=list)  # recipients of each conversation


def _plan_conversations(
    *, sender: User, recipient_ids: list[int], school_id: int | None
) -> _ConversationPlan:
    """Check every recipient against the policy and decide the conversations to open."""
    if school_id is not None and not schools_visible_to(sender, purpose=Purpose.READ).filter(
            pk=school_id).exists():
        raise ApplicationError("Cette école n'est pas la vôtre.", code="school_not_allowed",
                               fields={"school": ["École introuvable."]})
    rows = list(recipient_rows(viewer=sender, user_ids=recipient_ids, school_id=school_id))
    reaches: dict[int, dict[int, set[Reach]]] = {}
    for row in rows:
        reaches.setdefault(row["r_user"], {}).setdefault(row["r_school"], set()).add(
            Reach(row["r_reach"])
        )
    refused = [user_id for user_id in recipient_ids if user_id not in reaches]
    if refused:
        raise PermissionDeniedError(
            "Vous ne pouvez pas écrire à ce destinataire."
            if len(refused) == 1 else "Vous ne pouvez pas écrire à ces destinataires.",
            code="recipient_not_allowed",
            fields={"recipients": [f"Destinataire non autorisé : {pk}." for pk in refused]},
        )
    common = set.intersection(*(set(by_school) for by_school in reaches.values()))
    if not common:
        raise ApplicationError(
            "Les destinataires d'une conversation doivent appartenir à une même école.",
            code="recipients_in_several_schools",
            fields={"recipients": ["Choisissez des destinataires d'une même école."]},
        )
    if len(common) > 1:
        raise ApplicationError(
            "Précisez l'école de cette conversation.",
            code="school_required", fields={"school": ["Ce champ est obligatoire."]},
        )
    school = common.pop()
    rules = {user_id: [RULE_BY_REACH[reach] for reach in by_school[school]]
             for user_id, by_school in reaches.items()}
    if len(recipient_ids) > 1 and any(all(r.alone for r in rs) for rs in rules.values()):
        raise PermissionDeniedError(
            "Un élève n'écrit qu'à une personne à la fois.", code="pupil_group_refused",
            fields={"recipients": ["Un seul destinataire."]},
        )
    separate = [user_id for user_id in recipient_ids if all(r.separate for r in rules[user_id])]
    together = [user_id for user_id in recipient_ids if user_id not in separate]
    if separate and together:
        raise ApplicationError(
            "Un message aux familles ne peut pas inclure d'autres destinataires : "
            "chaque famille reçoit une conversation à part.",
            code="families_with_others",
            fields={"recipients": ["Écrivez séparément aux familles et à l'équipe."]},
        )
    kinds = {rule.kind for rs in rules.values() for rule in rs}
    kind = next(k for k in KIND_PRECEDENCE if k in kinds)
    groups = [[user_id] for user_id in separate] if separate else [together]
    from_family = all(any(r.from_family for r in rs) for rs in rules.values())
    return _ConversationPlan(school_id=school, kind=kind, from_family=from_family, groups=groups)


def _store_message(
    *, conversation: Conversation, author: User, body: str,
    files: Sequence[tuple[UploadedFile, FileKind]], copies_of: Sequence[Attachment] = (),
) -> tuple[Message, list[Attachment]]:
    """Write a message and its attachments; move the inbox cursor and the author's marker.

    ``copies_of``: attachments already stored for the same message fanned out to another
    conversation — the file is stored once and referenced again.
    """
    # Messages of one conversation are numbered in commit order, so that ``?after=<id>`` is
    # exact: the conversation row is locked before the message takes its id and stays
    # locked until the commit, so a later message cannot commit with a higher id while
    # this one is still in flight (docs/messaging.md, "Catch-up").
    Conversation.objects.select_for_update().filter(pk=conversation.pk).values_list(
        "pk", flat=True).get()
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, author=author, body=body, body_html=render_markdown(body),
        created_at=now,
    )
    stored: list[Attachment] = []
    if copies_of:
        for original in copies_of:
            attachment = Attachment(
                message=message, uploaded_by=author, original_name=original.original_name,
                content_type=original.content_type, size=original.size,
            )
            attachment.file = original.file.name
            attachment.save()
            stored.append(attachment)
    else:
        for upload, kind in files:
            attachment = Attachment(message=message, uploaded_by=author)
            attachment.fill_from(upload, kind)
            attachment.save()
            stored.append(attachment)
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_id=Greatest(Coalesce(F("last_message_id"), Value(0)), Value(message.pk)),
        last_message_at=now,
        updated_at=now,
    )
    Participant.objects.filter(conversation_id=conversation.pk, user_id=author.pk).update(
        last_read_message_id=Greatest(F("last_read_message_id"), Value(message.pk)), read_at=now
    )
    return message, stored


def _announce_message(*, message: Message, author: User, attachment_count: int) -> None:
    recipients = participant_user_ids(conversation=message.conversation, exclude=author.pk)
    _notify(
        event=events.message_created(
            message=message, author_name=display_name(author), attachment_count=attachment_count
        ),
        user_ids=recipients,
    )


@transaction.atomic
def conversation_create(
    *, sender: User, recipient_ids: Sequence[int], subject: str, body: str,
    school_id: int | None = None, copy_director: bool = False,
    attachments: Sequence[UploadedFile] = (),
) -> list[Conversation]:
    """Open one conversation — or one per family — and post its first message.

    Refused (nothing written, nothing published) when a recipient is outside the
    sender's policy, when families would share a conversation, when a pupil writes to
    several people, outside school hours where the school refuses family messages, or
    beyond the send quota.
    """
    recipient_ids = list(dict.fromkeys(recipient_ids))
    plan = _plan_conversations(sender=sender, recipient_ids=recipient_ids, school_id=school_id)
    school = School.objects.get(pk=plan.school_id)
    if plan.from_family:
        check_family_may_write_now(school=school)
    director = None
    if copy_director:
        if plan.kind not in {ConversationKind.FAMILY, ConversationKind.PUPIL}:
            raise ApplicationError(
                "La direction ne peut être mise en copie que d'une conversation avec une famille.",
                code="director_copy_refused",
                fields={"copy_director": ["Seulement avec une famille ou un·e élève."]},
            )
        director = director_user_of(school_id=school.pk)
        if director is None:
            raise ApplicationError(
                "L'école n'a pas de direction joignable par la messagerie.",
                code="no_director", fields={"copy_director": ["Aucune direction."]},
            )
    files = validate_attachments(attachments)
    check_send_quota(sender=sender, new_messages=len(plan.groups))

    conversations: list[Conversation] = []
    first_attachments: list[Attachment] = []
    now = timezone.now()
    for group in plan.groups:
        conversation = Conversation.objects.create(
            school=school, kind=plan.kind, subject=subject, created_by=sender,
        )
        members = [sender.pk, *group]
        participants = [
            Participant(conversation=conversation, user_id=user_id, joined_at=now)
            for user_id in members
        ]
        if director is not None and director.pk not in members:
            participants.append(Participant(conversation=conversation, user_id=director.pk,
                                            role=ParticipantRole.COPY, joined_at=now))
        Participant.objects.bulk_create(participants)
        message, stored = _store_message(conversation=conversation, author=sender, body=body,
                                         files=files, copies_of=first_attachments)
        first_attachments = first_attachments or stored
        _announce_message(message=message, author=sender, attachment_count=len(files))
        conversations.append(conversation)
    return conversations


@transaction.atomic
def message_send(
    *, sender: User, conversation: Conversation, body: str,
    attachments: Sequence[UploadedFile] = (),
) -> Message:
    """Post in a conversation the sender takes part in (the caller passed the gate)."""
    if not can_post_message(actor=sender, conversation=conversation):
        raise PermissionDeniedError(
            "Votre école n'a pas ouvert la messagerie aux élèves.", code="pupils_may_not_write"
        )
    school = conversation.school
    if conversation.kind in {ConversationKind.FAMILY, ConversationKind.PUPIL} and not (
        is_staff_of_school(actor=sender, school_id=school.pk)
    ):
        check_family_may_write_now(school=school)
    files = validate_attachments(attachments)
    check_send_quota(sender=sender, new_messages=1)
    message, _ = _store_message(conversation=conversation, author=sender, body=body, files=files)
    _announce_message(message=message, author=sender, attachment_count=len(files))
    return message


@transaction.atomic
def conversation_mark_read(
    *, reader: User, conversation: Conversation, up_to_message_id: int | None = None
) -> Participant:
    """Move the reader's marker forward (never back) and tell the others (read receipt)."""
    last = conversation.last_message_id or 0
    target = last if up_to_message_id is None else min(up_to_message_id, last)
    participant = Participant.objects.select_for_update().get(
        conversation_id=conversation.pk, user_id=reader.pk
    )
    if target <= participant.last_read_message_id:
        return participant
    participant.last_read_message_id = target
    participant.read_at = timezone.now()
    participant.save(update_fields=["last_read_message_id", "read_at"])
    _notify(
        event=events.ConversationReadEvent.of({
            "conversation_id": conversation.pk, "user_id": reader.pk,
            "last_read_message_id": target, "read_at": participant.read_at,
        }),
        user_ids=participant_user_ids(conversation=conversation, exclude=reader.pk),
    )
    return participant


@transaction.atomic
def conversation_copy_director(*, actor: User, conversation: Conversation) -> Participant:
    if not can_copy_director(actor=actor, conversation=conversation):
        raise PermissionDeniedError(
            "La direction ne peut être mise en copie que d'une conversation avec une famille.",
            code="director_copy_refused",
        )
    director = director_user_of(school_id=conversation.school_id)
    if director is None:
        raise ApplicationError(
            "L'école n'a pas de direction joignable par la messagerie.", code="no_director",
            fields={"director_in_copy": ["Aucune direction."]},
        )
    participant, created = Participant.objects.get_or_create(
        conversation=conversation, user=director, defaults={"role": ParticipantRole.COPY},
    )
    if created:
        _notify(
            event=events.ParticipantAddedEvent.of({
                "conversation_id": conversation.pk, "user_id": director.pk,
                "display_name": display_name(director), "role": participant.role,
            }),
            user_ids=participant_user_ids(conversation=conversation, exclude=actor.pk),
        )
    return participant


# --- Settings -------------------------------------------------------------------------------------


@transaction.atomic
def school_messaging_settings_update(
    *, actor: User, school: School, pupils_may_write: bool,
    refuses_family_messages_outside_hours: bool,
) -> SchoolMessagingSettings:
    if not can_edit_school_messaging_settings(actor=actor, school=school):
        raise PermissionDeniedError("Seule la direction de l'école modifie ces réglages.")
    settings_row, _ = SchoolMessagingSettings.objects.update_or_create(
        school=school,
        defaults={"pupils_may_write": pupils_may_write,
                  "refuses_family_messages_outside_hours": refuses_family_messages_outside_hours,
                  "updated_by": actor},
    )
    return settings_row


@transaction.atomic
def quiet_hours_set(
    *, user: User, is_enabled: bool, starts_at: time, ends_at: time, includes_weekends: bool
) -> QuietHours:
    if starts_at == ends_at:
        raise ApplicationError(
            "Le début et la fin des heures calmes doivent différer.",
            fields={"ends_at": ["Choisissez une autre heure de fin."]},
        )
    quiet, _ = QuietHours.objects.update_or_create(
        user=user,
        defaults={"is_enabled": is_enabled, "starts_at": starts_at, "ends_at": ends_at,
                  "includes_weekends": includes_weekends},
    )
    return quiet


# --- Liaison notes ---------------------------------------------------------------------------


def _note_targets(
    *, actor: User, audience: str, school_id: int | None, classroom_id: int | None,
    level: str | None, pupil_id: int | None, on: date,
) -> tuple[School, Classroom | None, Person | None]:
    """Resolve the audience to a school (and classroom / pupil); unknown and not-allowed
    targets get the same refusal."""
    refused = PermissionDeniedError(
        "Vous ne pouvez pas écrire aux familles de ce public.", code="audience_not_allowed"
    )
    classroom = pupil = None
    if audience == NoteAudience.CLASSROOM:
        classroom = Classroom.objects.select_related("school").filter(pk=classroom_id).first()
        if classroom is None:
            raise refused
        school = classroom.school
        allowed_classroom = classroom.pk
    elif audience == NoteAudience.PUPIL:
        enrolment = enrolments_active_on(on).filter(pupil_id=pupil_id).select_related(
            "classroom__school", "pupil").first()
        if enrolment is None:
            raise refused
        pupil, school = enrolment.pupil, enrolment.classroom.school
        allowed_classroom = enrolment.classroom_id
    else:
        school = School.objects.filter(pk=school_id).first()
        if school is None:
            raise refused
        allowed_classroom = None
    if not can_create_liaison_note(actor=actor, school_id=school.pk, audience=audience,
                                   classroom_id=allowed_classroom):
        raise refused
    return school, classroom, pupil


@transaction.atomic
def liaison_note_create(
    *, author: User, title: str, body: str, audience: str, requires_acknowledgement: bool,
    school_id: int | None = None, classroom_id: int | None = None, level: str | None = None,
    pupil_id: int | None = None,
) -> LiaisonNote:
    """A note to the families of a classroom, a level, the school or one pupil.

    The legal guardians reached today are written down (one delivery per guardian and
    pupil): each acknowledges separately, and later arrivals do not inherit old notes.
    """
    on = timezone.localdate()
    school, classroom, pupil = _note_targets(
        actor=author, audience=audience, school_id=school_id, classroom_id=classroom_id,
        level=level, pupil_id=pupil_id, on=on,
    )
    enrolled = enrolments_active_on(on).filter(classroom__school_id=school.pk)
    if classroom is not None:
        enrolled = enrolled.filter(classroom_id=classroom.pk)
    if audience == NoteAudience.LEVEL:
        enrolled = enrolled.filter(level=level)
    if pupil is not None:
        enrolled = enrolled.filter(pupil_id=pupil.pk)
    pairs = list(
        Guardianship.objects.filter(is_legal=True, pupil_id__in=enrolled.values("pupil_id"))
        .values_list("pupil_id", "guardian_id")
    )
    if not pairs:
        raise ApplicationError(
            "Aucun responsable légal n'est rattaché à ce public : la note n'a pas été envoyée.",
            code="audience_empty", fields={"audience": ["Aucun responsable légal."]},
        )
    note = LiaisonNote.objects.create(
        school=school, author=author, title=title, body=body, body_html=render_markdown(body),
        audience=audience, classroom=classroom, level=level or "", pupil=pupil,
        requires_acknowledgement=requires_acknowledgement,
    )
    LiaisonNoteDelivery.objects.bulk_create(
        LiaisonNoteDelivery(note=note, pupil_id=pupil_id_, guardian_id=guardian_id)
        for pupil_id_, guardian_id in pairs
    )
    _notify(event=events.liaison_note_created(note=note, author_name=display_name(author)),
            user_ids=delivery_user_ids(note=note))
    return note


@transaction.atomic
def liaison_note_acknowledge(*, guardian: User, note: LiaisonNote) -> list[LiaisonNoteDelivery]:
    """The guardian signs the note (for each of their children it reached). Idempotent."""
    if not note.requires_acknowledgement:
        raise ApplicationError(
            "Cette note ne demande pas de signature.", code="acknowledgement_not_required"
        )
    mine = LiaisonNoteDelivery.objects.select_for_update().filter(
        note_id=note.pk, guardian_id=guardian.person_id or 0
    )
    rows = list(mine)
    if not rows:
        raise PermissionDeniedError(
            "Seuls les responsables légaux destinataires signent cette note.",
            code="not_a_recipient",
        )
    now = timezone.now()
    pending = [row.pk for row in rows if row.acknowledged_at is None]
    if not pending:
        return rows
    LiaisonNoteDelivery.objects.filter(pk__in=pending).update(acknowledged_at=now,
                                                              acknowledged_by=guardian)
    counts = LiaisonNoteDelivery.objects.filter(note_id=note.pk).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(acknowledged_at__isnull=False))
    )
    director = director_user_of(school_id=note.school_id)
    followers = [pk for pk in (note.author_id, director.pk if director else None) if pk]
    _notify(
        event=events.LiaisonNoteAcknowledgedEvent.of({
            "note_id": note.pk, "guardian_id": guardian.person_id,
            "guardian_name": display_name(guardian), "acknowledged_at": now,
            "acknowledged_count": counts["done"], "delivery_count": counts["total"],
        }),
        user_ids=followers,
    )
    return list(LiaisonNoteDelivery.objects.filter(pk__in=[row.pk for row in rows]))


@transaction.atomic
def liaison_note_remind(*, actor: User, note: LiaisonNote) -> LiaisonNoteReminder:
    """Remind only the guardians who have not signed yet."""
    if not can_remind_liaison_note(actor=actor, note=note):
        raise PermissionDeniedError(
            "Seuls l'auteur de la note et la direction relancent les familles."
            if note.requires_acknowledgement else "Cette note ne demande pas de signature.",
            code="remind_refused",
        )
    now = timezone.now()
    pending = LiaisonNoteDelivery.objects.filter(note_id=note.pk, acknowledged_at__isnull=True)
    count = pending.update(reminded_at=now)
    if count == 0:
        raise ApplicationError(
            "Tous les responsables ont déjà signé cette note.", code="nothing_to_remind"
        )
    reminder = LiaisonNoteReminder.objects.create(
        note=note, sent_by=actor, sent_at=now, recipient_count=count
    )
    _notify(
        event=events.LiaisonNoteRemindedEvent.of(
            {"note_id": note.pk, "title": note.title, "reminded_at": now}
        ),
        user_ids=guardian_user_ids_to_remind(note=note),
    )
    return reminder


@transaction.atomic
def liaison_note_reply(
    *, guardian: User, note: LiaisonNote, body: str, attachments: Sequence[UploadedFile] = ()
) -> Message:
    """A private reply to the author: one conversation per guardian and note, reused."""
    if not LiaisonNoteDelivery.objects.filter(
        note_id=note.pk, guardian_id=guardian.person_id or 0
    ).exists():
        raise PermissionDeniedError(
            "Seuls les responsables destinataires de la note y répondent.",
            code="not_a_recipient",
        )
    author = note.author
    if author is None or not author.is_active:
        raise ApplicationError(
            "L'auteur de cette note n'est plus joignable par la messagerie.",
            code="author_unreachable",
        )
    conversation = (
        Conversation.objects.select_for_update()
        .filter(liaison_note_id=note.pk, created_by_id=guardian.pk).first()
    )
    if conversation is not None:
        return message_send(sender=guardian, conversation=conversation, body=body,
                            attachments=attachments)
    check_family_may_write_now(school=note.school)
    files = validate_attachments(attachments)
    check_send_quota(sender=guardian, new_messages=1)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                school=note.school, kind=ConversationKind.FAMILY,
                subject=f"Réponse : {note.title}"[:200], created_by=guardian, liaison_note=note,
            )
    except IntegrityError:  # the same guardian replied twice at once
        conversation = Conversation.objects.get(liaison_note_id=note.pk, created_by_id=guardian.pk)
        return message_send(sender=guardian, conversation=conversation, body=body,
                            attachments=attachments)
    Participant.objects.bulk_create([
        Participant(conversation=conversation, user=guardian),
        Participant(conversation=conversation, user=author),
    ])
    message, _ = _store_message(conversation=conversation, author=guardian, body=body, files=files)
    _announce_message(message=message, author=guardian, attachment_count=len(files))
    return message


# --- Announcements and polls -------------------------------------------------------------------


@dataclass(frozen=True)
class AudienceSpec:
    school_id: int
    scope: str
    classroom_ids: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()
    for_guardians: bool = True
    for_pupils: bool = False
    for_staff: bool = False


def _audience_create(*, actor: User, spec: AudienceSpec) -> Audience:
    refused = PermissionDeniedError(
        "Vous ne pouvez pas vous adresser à ce public.", code="audience_not_allowed"
    )
    school = School.objects.filter(pk=spec.school_id).first()
    if school is None:
        raise refused
    classroom_ids = set(spec.classroom_ids)
    if spec.scope == AudienceScope.CLASSROOMS:
        found = set(
            Classroom.objects.filter(pk__in=classroom_ids, school_id=school.pk)
            .values_list("pk", flat=True)
        )
        if not classroom_ids or found != classroom_ids:
            raise refused
    if not can_create_for_audience(actor=actor, school_id=school.pk, scope=spec.scope,
                                   classroom_ids=classroom_ids):
        raise refused
    audience = Audience.objects.create(
        school=school, scope=spec.scope, for_guardians=spec.for_guardians,
        for_pupils=spec.for_pupils, for_staff=spec.for_staff,
    )
    if spec.scope == AudienceScope.CLASSROOMS:
        AudienceClassroom.objects.bulk_create(
            AudienceClassroom(audience=audience, classroom_id=pk) for pk in sorted(classroom_ids)
        )
    if spec.scope == AudienceScope.LEVELS:
        AudienceLevel.objects.bulk_create(
            AudienceLevel(audience=audience, level=Level(level)) for level in sorted(set(spec.levels))
        )
    return audience


@transaction.atomic
def announcement_create(
    *, author: User, audience: AudienceSpec, title: str, body: str,
    requires_acknowledgement: bool, valid_from: date | None = None,
    valid_until: date | None = None,
) -> Announcement:
    today = timezone.localdate()
    valid_from = valid_from or today
    if valid_until is not None and valid_until < valid_from:
        raise ApplicationError(
            "La fin de validité précède son début.",
            fields={"valid_until": ["Choisissez une date après le début."]},
        )
    audience_row = _audience_create(actor=author, spec=audience)
    announcement = Announcement.objects.create(
        audience=audience_row, author=author, title=title, body=body,
        body_html=render_markdown(body), requires_acknowledgement=requires_acknowledgement,
        valid_from=valid_from, valid_until=valid_until,
    )
    if valid_from <= today:
        members = audience_members(audience=audience_row).exclude(pk=author.pk)
        _notify(event=events.announcement_created(announcement=announcement),
                user_ids=list(members.values_list("pk", flat=True)))
    return announcement


@transaction.atomic
def announcement_acknowledge(
    *, user: User, announcement: Announcement
) -> AnnouncementAcknowledgement:
    """Acknowledge an announcement of one's audience (the caller passed the gate). Idempotent."""
    if not announcement.requires_acknowledgement:
        raise ApplicationError(
            "Cette annonce ne demande pas d'accusé de lecture.",
            code="acknowledgement_not_required",
        )
    if announcement.author_id == user.pk or not (
        audience_members(audience=announcement.audience).filter(pk=user.pk).exists()
    ):
        raise PermissionDeniedError(
            "Seules les personnes à qui l'annonce s'adresse en accusent lecture.",
            code="not_a_recipient",
        )
    acknowledgement, created = AnnouncementAcknowledgement.objects.get_or_create(
        announcement=announcement, user=user
    )
    if created and announcement.author_id:
        _notify(
            event=events.AnnouncementAcknowledgedEvent.of({
                "announcement_id": announcement.pk, "user_id": user.pk,
                "acknowledged_at": acknowledgement.acknowledged_at,
                "acknowledged_count": announcement.acknowledgements.count(),
            }),
            user_ids=[announcement.author_id],
        )
    return acknowledgement


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    choices: tuple[str, ...] = ()
    is_required: bool = True


@transaction.atomic
def poll_create(
    *, author: User, audience: AudienceSpec, title: str, description: str,
    questions: Sequence[QuestionSpec], is_anonymous: bool, results_published: bool,
    closes_on: date | None = None,
) -> Poll:
    if closes_on is not None and closes_on < timezone.localdate():
        raise ApplicationError(
            "La date de clôture est passée.", fields={"closes_on": ["Choisissez une date à venir."]}
        )
    for index, question in enumerate(questions):
        if question.kind != QuestionKind.TEXT and len(question.choices) < 2:
            raise ApplicationError(
                "Une question à choix propose au moins deux choix.",
                fields={f"questions.{index}.choices": ["Au moins deux choix."]},
            )
        if question.kind == QuestionKind.TEXT and question.choices:
            raise ApplicationError(
                "Une question à réponse libre ne propose pas de choix.",
                fields={f"questions.{index}.choices": ["Aucun choix pour une réponse libre."]},
            )
    audience_row = _audience_create(actor=author, spec=audience)
    poll = Poll.objects.create(
        audience=audience_row, author=author, title=title, description=description,
        description_html=render_markdown(description) if description else "",
        is_anonymous=is_anonymous, results_published=results_published, closes_on=closes_on,
    )
    question_rows = PollQuestion.objects.bulk_create(
        PollQuestion(poll=poll, position=index, kind=question.kind, text=question.text,
                     is_required=question.is_required)
        for index, question in enumerate(questions, start=1)
    )
    PollChoice.objects.bulk_create(
        PollChoice(question=row, position=position, label=label)
        for row, question in zip(question_rows, questions, strict=True)
        for position, label in enumerate(question.choices, start=1)
    )
    members = audience_members(audience=audience_row).exclude(pk=author.pk)
    _notify(event=events.poll_created(poll=poll), user_ids=list(members.values_list("pk", flat=True)))
    return poll


@dataclass(frozen=True)
class AnswerSpec:
    question_id: int
    choice_ids: tuple[int, ...] = ()
    text: str = ""


@transaction.atomic
def poll_answer(*, respondent: User, poll: Poll, answers: Sequence[AnswerSpec]) -> PollResponse:
    """Answer once; every required question answered, choices of the right number."""
    if poll.closes_on is not None and poll.closes_on < timezone.localdate():
        raise ApplicationError("Ce sondage est clos.", code="poll_closed")
    if poll.author_id == respondent.pk or not (
        audience_members(audience=poll.audience).filter(pk=respondent.pk).exists()
    ):
        raise PermissionDeniedError(
            "Seules les personnes à qui le sondage s'adresse y répondent.",
            code="not_a_recipient",
        )
    questions = {q.pk: q for q in poll.questions.prefetch_related("choices")}
    given: dict[int, AnswerSpec] = {}
    for index, answer in enumerate(answers):
        if answer.question_id not in questions or answer.question_id in given:
            raise ApplicationError(
                "Question inconnue ou répondue deux fois.",
                fields={f"answers.{index}.question": ["Question inconnue ou en double."]},
            )
        given[answer.question_id] = answer
    rows: list[PollAnswer] = []
    for index, (question_id, question) in enumerate(questions.items()):
        answer = given.get(question_id)
        where = f"answers.{index}"
        choice_ids = set(answer.choice_ids) if answer else set()
        text = (answer.text.strip() if answer else "")
        empty = not choice_ids and not text
        if empty:
            if question.is_required:
                raise ApplicationError(
                    f"La question « {question.text} » attend une réponse.",
                    fields={where: ["Réponse obligatoire."]},
                )
            continue
        valid_choices = {choice.pk for choice in question.choices.all()}
        if question.kind == QuestionKind.TEXT:
            if choice_ids:
                raise ApplicationError("Réponse libre attendue.", fields={where: ["Pas de choix ici."]})
            rows.append(PollAnswer(question=question, text=text))
            continue
        if text or not choice_ids <= valid_choices:
            raise ApplicationError(
                f"Choix invalide pour « {question.text} ».", fields={where: ["Choix invalide."]}
            )
        if question.kind == QuestionKind.SINGLE and len(choice_ids) != 1:
            raise ApplicationError(
                f"Un seul choix pour « {question.text} ».", fields={where: ["Un seul choix."]}
            )
        rows.extend(PollAnswer(question=question, choice_id=pk) for pk in sorted(choice_ids))
    try:
        with transaction.atomic():
            response = PollResponse.objects.create(poll=poll, respondent=respondent)
    except IntegrityError:
        raise ApplicationError(
            "Vous avez déjà répondu à ce sondage.", code="already_answered", status_code=409
        ) from None
    for row in rows:
        row.response = response
    PollAnswer.objects.bulk_create(rows)
    if poll.author_id:
        _notify(
            event=events.PollAnsweredEvent.of(
                {"poll_id": poll.pk, "response_count": poll.responses.count()}
            ),
            user_ids=[poll.author_id],
        )
    return response

