"""Access to messaging: conversations and their files, liaison notes, announcements, polls.

- a conversation and its messages' files: its participants;
- a liaison note: its author, the guardians it reached, the director of the school;
- an announcement: its author and the school's director always, its audience during its
  validity period; a poll: its author, the school's director and its audience.

An audience (``audiences_reaching``) reaches guardians, pupils or staff of a school, of
some of its classrooms or of some levels. Gates raise the same 404 for "missing" and "not
yours"; the details a page shows are read by ``preau.messaging.selectors``.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from preau.common.errors import NotFoundError
from preau.messaging.models import (
    Announcement,
    Attachment,
    Audience,
    AudienceClassroom,
    AudienceLevel,
    AudienceScope,
    Conversation,
    LiaisonNote,
    LiaisonNoteDelivery,
    Participant,
    Poll,
)
from preau.people.access import (
    Purpose,
    children_ids,
    enrolments_active_on,
    staff_assignments_current,
    viewer_person_id,
)
from preau.people.models import StaffRole
from preau.people.permissions import is_authority_only


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _read_only(purpose: Purpose, kind: str) -> None:
    if purpose != Purpose.READ:
        raise ValueError(f"No {kind} access for {purpose!r}.")


def directed_school_ids(*, person_id: int, on: date) -> QuerySet:
    return staff_assignments_current(person_id=person_id, on=on).filter(
        role=StaffRole.DIRECTOR
    ).values("school_id")


# --- Conversations ---------------------------------------------------------------------------


def conversations_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Conversation]:
    """READ: the conversations one takes part in."""
    _read_only(purpose, "conversation")
    if not getattr(viewer, "is_authenticated", False):
        return Conversation.objects.none()
    return Conversation.objects.filter(
        Exists(Participant.objects.filter(conversation_id=OuterRef("pk"), user_id=viewer.pk))
    )


def conversation_get_for(viewer, conversation_id: int, *, purpose: Purpose) -> Conversation:
    conversation = (conversations_visible_to(viewer, purpose=purpose)
                    .select_related("school").filter(pk=conversation_id).first())
    if conversation is None:
        raise NotFoundError("Conversation introuvable.")
    return conversation


def attachments_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Attachment]:
    """READ: the files of the messages of one's conversations."""
    return Attachment.objects.filter(message__conversation__in=conversations_visible_to(
        viewer, purpose=purpose).values("pk"))


def attachment_get_for(viewer, attachment_id: int, *, purpose: Purpose) -> Attachment:
    attachment = attachments_visible_to(viewer, purpose=purpose).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError("Pièce jointe introuvable.")
    return attachment


# --- Liaison notes ---------------------------------------------------------------------------


def liaison_notes_visible_to(viewer, *, purpose: Purpose,
                             on: date | None = None) -> QuerySet[LiaisonNote]:
    """READ: the author, the guardians it reached, and the director of the school."""
    _read_only(purpose, "liaison note")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return LiaisonNote.objects.none()
    on = _today(on)
    return LiaisonNote.objects.filter(
        Q(author_id=viewer.pk)
        | Exists(LiaisonNoteDelivery.objects.filter(note_id=OuterRef("pk"), guardian_id=person_id))
        | Q(school_id__in=directed_school_ids(person_id=person_id, on=on))
    )


def liaison_note_get_for(viewer, note_id: int, *, purpose: Purpose) -> LiaisonNote:
    note = (liaison_notes_visible_to(viewer, purpose=purpose).filter(pk=note_id)
            .select_related("school").first())
    if note is None:
        raise NotFoundError("Note introuvable.")
    return note


# --- Audiences: announcements and polls ------------------------------------------------------


def audiences_reaching(*, viewer, on: date | None = None) -> QuerySet[Audience]:
    """Audiences the viewer belongs to today, as a guardian, a pupil or a member of staff.

    None for a commune officer, an IEN or a DASEN with no school or family role: known from
    the account (free for a session's), it spares every page's badges a rule that only
    compiles to nothing (``unread_totals``)."""
    person_id = viewer_person_id(viewer)
    if person_id is None or is_authority_only(viewer):
        return Audience.objects.none()
    on = _today(on)
    enrolled = enrolments_active_on(on)
    classroom_links = AudienceClassroom.objects.filter(
        audience_id=OuterRef(OuterRef("pk"))
    ).values("classroom_id")
    level_links = AudienceLevel.objects.filter(audience_id=OuterRef(OuterRef("pk"))).values("level")

    def reached_through(enrolments: QuerySet) -> Q:
        in_school = enrolments.filter(classroom__school_id=OuterRef("school_id"))
        return (
            (Q(scope=AudienceScope.SCHOOL) & Exists(in_school))
            | (Q(scope=AudienceScope.CLASSROOMS)
               & Exists(in_school.filter(classroom_id__in=classroom_links)))
            | (Q(scope=AudienceScope.LEVELS) & Exists(in_school.filter(level__in=level_links)))
        )

    mine = staff_assignments_current(person_id=person_id, on=on)
    taught = mine.filter(role=StaffRole.TEACHER)
    staff = (
        (Q(scope=AudienceScope.SCHOOL) & Exists(mine.filter(school_id=OuterRef("school_id"))))
        | (Q(scope=AudienceScope.CLASSROOMS)
           & Exists(taught.filter(classroom_id__in=classroom_links)))
        | (Q(scope=AudienceScope.LEVELS)
           & Exists(enrolled.filter(classroom_id__in=taught.values("classroom_id"),
                                    classroom__school_id=OuterRef("school_id"),
                                    level__in=level_links)))
    )
    return Audience.objects.filter(
        (Q(for_guardians=True)
         & reached_through(enrolled.filter(pupil_id__in=children_ids(person_id=person_id))))
        | (Q(for_pupils=True) & reached_through(enrolled.filter(pupil_id=person_id)))
        | (Q(for_staff=True) & staff)
    )


def valid_on(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def announcements_reaching(*, viewer, on: date | None = None) -> QuerySet[Announcement]:
    on = _today(on)
    return Announcement.objects.filter(
        valid_on(on), audience_id__in=audiences_reaching(viewer=viewer, on=on).values("pk")
    )


def announcements_visible_to(viewer, *, purpose: Purpose,
                             on: date | None = None) -> QuerySet[Announcement]:
    """READ: authors and the school's director always; the audience during the validity
    period."""
    _read_only(purpose, "announcement")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Announcement.objects.none()
    on = _today(on)
    return Announcement.objects.filter(
        Q(author_id=viewer.pk)
        | Q(audience__school_id__in=directed_school_ids(person_id=person_id, on=on))
        | (valid_on(on) & Q(audience_id__in=audiences_reaching(viewer=viewer, on=on).values("pk")))
    )


def announcement_get_for(viewer, announcement_id: int, *, purpose: Purpose) -> Announcement:
    announcement = (announcements_visible_to(viewer, purpose=purpose)
                    .filter(pk=announcement_id).select_related("audience__school").first())
    if announcement is None:
        raise NotFoundError("Annonce introuvable.")
    return announcement


def polls_reaching(*, viewer, on: date | None = None) -> QuerySet[Poll]:
    on = _today(on)
    return Poll.objects.filter(audience_id__in=audiences_reaching(viewer=viewer, on=on).values("pk"))


def polls_visible_to(viewer, *, purpose: Purpose, on: date | None = None) -> QuerySet[Poll]:
    """READ: the author, the school's director and the audience."""
    _read_only(purpose, "poll")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Poll.objects.none()
    on = _today(on)
    return Poll.objects.filter(
        Q(author_id=viewer.pk)
        | Q(audience__school_id__in=directed_school_ids(person_id=person_id, on=on))
        | Q(audience_id__in=audiences_reaching(viewer=viewer, on=on).values("pk"))
    )


def poll_get_for(viewer, poll_id: int, *, purpose: Purpose) -> Poll:
    poll = (polls_visible_to(viewer, purpose=purpose).filter(pk=poll_id)
            .select_related("audience__school").first())
    if poll is None:
        raise NotFoundError("Sondage introuvable.")
    return poll
