"""Who may write to whom — one declarative table — and the predicates services check.

``WRITE_POLICY`` is the whole rule: a sender may start a conversation with a user only
if one of the sender's rules reaches that user (the SQL of each reach is in
``selectors._recipient_queries``); everything else is refused. Replies inside an existing
conversation are open to its participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preau.messaging.models import (
    Audience,
    AudienceScope,
    Conversation,
    ConversationKind,
    LiaisonNote,
    Poll,
    SchoolMessagingSettings,
)
from preau.people.access import viewer_person_id
from preau.people.models import StaffRole
from preau.people.selectors import staff_assignments_current
from preau.schools.models import School


class Reach(models.TextChoices):
    """A kind of recipient, seen from the sender."""

    OWN_TEACHER = "own_teacher", _("Son enseignant·e")
    CHILD_TEACHER = "child_teacher", _("Enseignant·e d'un de ses enfants")
    CHILD_DIRECTOR = "child_director", _("Direction de l'école d'un de ses enfants")
    PUPIL_GUARDIAN = "pupil_guardian", _("Responsable d'un·e élève de sa classe")
    COLLEAGUE = "colleague", _("Collègue de l'école")
    SCHOOL_DIRECTOR = "school_director", _("Direction de l'école")
    SCHOOL_STAFF = "school_staff", _("Enseignant·e de l'école")
    SCHOOL_GUARDIAN = "school_guardian", _("Responsable d'un·e élève de l'école")
    SCHOOL_PUPIL = "school_pupil", _("Élève de l'école")
    COMMUNE_OFFICER = "commune_officer", _("Agent de la commune de l'école")
    INSPECTOR = "inspector", _("Inspecteur·rice de la circonscription")
    SCOPE_DIRECTOR = "scope_director", _("Direction d'une école de son périmètre")


@dataclass(frozen=True)
class Rule:
    """``sender`` may write to the users that ``reach`` finds.

    - ``kind``: the kind of conversation this opens;
    - ``separate``: each such recipient gets a conversation of their own (families are
      never put together: a guardian never writes to another guardian);
    - ``alone``: the sender may write to only one recipient at a time (a pupil never
      writes to a group);
    - ``needs_pupil_messaging``: only in schools that opened messaging to pupils;
    - ``from_family``: a family writing to staff, refused outside school hours where the
      school chose so.
    """

    sender: str
    reach: Reach
    kind: ConversationKind
    separate: bool = False
    alone: bool = False
    needs_pupil_messaging: bool = False
    from_family: bool = False


WRITE_POLICY: tuple[Rule, ...] = (
    Rule("pupil", Reach.OWN_TEACHER, ConversationKind.PUPIL, alone=True,
         needs_pupil_messaging=True, from_family=True),
    Rule("guardian", Reach.CHILD_TEACHER, ConversationKind.FAMILY, from_family=True),
    Rule("guardian", Reach.CHILD_DIRECTOR, ConversationKind.FAMILY, from_family=True),
    Rule("teacher", Reach.PUPIL_GUARDIAN, ConversationKind.FAMILY, separate=True),
    Rule("teacher", Reach.COLLEAGUE, ConversationKind.STAFF),
    Rule("teacher", Reach.SCHOOL_DIRECTOR, ConversationKind.STAFF),
    Rule("director", Reach.SCHOOL_STAFF, ConversationKind.STAFF),
    Rule("director", Reach.SCHOOL_GUARDIAN, ConversationKind.FAMILY, separate=True),
    Rule("director", Reach.SCHOOL_PUPIL, ConversationKind.PUPIL, separate=True,
         needs_pupil_messaging=True),
    Rule("director", Reach.COMMUNE_OFFICER, ConversationKind.AUTHORITY),
    Rule("director", Reach.INSPECTOR, ConversationKind.AUTHORITY),
    Rule("commune", Reach.SCOPE_DIRECTOR, ConversationKind.AUTHORITY),
    Rule("inspector", Reach.SCOPE_DIRECTOR, ConversationKind.AUTHORITY),
    Rule("dasen", Reach.SCOPE_DIRECTOR, ConversationKind.AUTHORITY),
)
RULE_BY_REACH: dict[Reach, Rule] = {rule.reach: rule for rule in WRITE_POLICY}
# The reaches recipients are looked for in (each once, in the table's order).
POLICY_REACHES: tuple[Reach, ...] = tuple(dict.fromkeys(rule.reach for rule in WRITE_POLICY))
# A conversation's kind when its recipients were reached in several ways: the most formal wins.
KIND_PRECEDENCE = [ConversationKind.AUTHORITY, ConversationKind.PUPIL, ConversationKind.FAMILY,
                   ConversationKind.STAFF]
# The director may be put in copy of conversations between a teacher and a family.
DIRECTOR_COPY_KINDS = {ConversationKind.FAMILY, ConversationKind.PUPIL}


# --- Small facts about the actor ---------------------------------------------------------


def directs_school(*, actor, school_id: int, on: date | None = None) -> bool:
    person_id = viewer_person_id(actor)
    if person_id is None:
        return False
    return staff_assignments_current(
        person_id=person_id, on=on or timezone.localdate()
    ).filter(role=StaffRole.DIRECTOR, school_id=school_id).exists()


def is_staff_of_school(*, actor, school_id: int, on: date | None = None) -> bool:
    person_id = viewer_person_id(actor)
    if person_id is None:
        return False
    return staff_assignments_current(
        person_id=person_id, on=on or timezone.localdate()
    ).filter(school_id=school_id).exists()


def taught_classroom_ids(*, actor, school_id: int, on: date | None = None) -> set[int]:
    person_id = viewer_person_id(actor)
    if person_id is None:
        return set()
    return set(
        staff_assignments_current(person_id=person_id, on=on or timezone.localdate())
        .filter(role=StaffRole.TEACHER, school_id=school_id)
        .values_list("classroom_id", flat=True)
    )


def pupils_may_write(*, school_id: int) -> bool:
    return SchoolMessagingSettings.objects.filter(
        school_id=school_id, pupils_may_write=True
    ).exists()


# --- Predicates ----------------------------------------------------------------------------


def can_post_message(*, actor, conversation: Conversation) -> bool:
    """Participants reply; a pupil only while the school keeps pupil messaging open."""
    if conversation.kind == ConversationKind.PUPIL and not is_staff_of_school(
        actor=actor, school_id=conversation.school_id
    ):
        return pupils_may_write(school_id=conversation.school_id)
    return True


def can_copy_director(*, actor, conversation: Conversation) -> bool:
    """Any participant of a teacher–family conversation may put the director in copy."""
    return conversation.kind in DIRECTOR_COPY_KINDS


def can_edit_school_messaging_settings(*, actor, school: School) -> bool:
    return directs_school(actor=actor, school_id=school.pk)


def can_create_for_audience(
    *, actor, school_id: int, scope: str, classroom_ids: set[int]
) -> bool:
    """Announcements and polls: the director for any part of the school, a teacher for
    their own classrooms."""
    if directs_school(actor=actor, school_id=school_id):
        return True
    if scope != AudienceScope.CLASSROOMS or not classroom_ids:
        return False
    return classroom_ids <= taught_classroom_ids(actor=actor, school_id=school_id)


def can_create_liaison_note(
    *, actor, school_id: int, audience: str, classroom_id: int | None
) -> bool:
    """The director for any audience of the school; a teacher for a classroom taught, or
    one pupil of it (``classroom_id`` is then the pupil's classroom)."""
    if directs_school(actor=actor, school_id=school_id):
        return True
    if audience not in {"classroom", "pupil"} or classroom_id is None:
        return False
    return classroom_id in taught_classroom_ids(actor=actor, school_id=school_id)


def can_follow_liaison_note(*, actor, note: LiaisonNote) -> bool:
    """The author and the school's director see every guardian's acknowledgement, and remind."""
    return note.author_id == actor.pk or directs_school(actor=actor, school_id=note.school_id)


def can_remind_liaison_note(*, actor, note: LiaisonNote) -> bool:
    return note.requires_acknowledgement and can_follow_liaison_note(actor=actor, note=note)


def can_follow_audience(*, actor, audience: Audience, author_id: int | None) -> bool:
    """Authors and the school's director see acknowledgements and results."""
    return author_id == actor.pk or directs_school(actor=actor, school_id=audience.school_id)


def can_view_poll_results(*, actor, poll: Poll, has_answered: bool) -> bool:
    if can_follow_audience(actor=actor, audience=poll.audience, author_id=poll.author_id):
        return True
    return poll.results_published and has_answered
