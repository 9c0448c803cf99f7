"""Who may write a bilan, and at which step of its workflow.

The classroom's teachers fill, lock and unlock (before validation); the school's director
(of the classroom's school year) validates and communicates; each legal guardian of the
pupil acknowledges a communicated bilan. Plain predicates, checked inside the services.
"""

from __future__ import annotations

from preau.livret.models import BilanState
from preau.people.access import directed_classrooms_q, viewer_person_id
from preau.people.models import StaffAssignment, StaffRole
from preau.schools.models import Classroom


def is_teacher_of(*, actor, classroom_id: int) -> bool:
    person_id = viewer_person_id(actor)
    return person_id is not None and StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER, classroom_id=classroom_id).exists()


def is_director_of(*, actor, classroom_id: int) -> bool:
    person_id = viewer_person_id(actor)
    return person_id is not None and Classroom.objects.filter(
        directed_classrooms_q(person_id=person_id), pk=classroom_id).exists()


def can_edit_bilan(*, actor, bilan) -> bool:
    """Fill a bilan (periodic or end-of-cycle): the classroom's teachers."""
    return is_teacher_of(actor=actor, classroom_id=bilan.classroom_id)


def can_lock_bilan(*, actor, bilan) -> bool:
    return is_teacher_of(actor=actor, classroom_id=bilan.classroom_id)


def can_unlock_bilan(*, actor, bilan) -> bool:
    return is_teacher_of(actor=actor, classroom_id=bilan.classroom_id)


def can_validate_bilan(*, actor, bilan) -> bool:
    return is_director_of(actor=actor, classroom_id=bilan.classroom_id)


def can_communicate_bilan(*, actor, bilan) -> bool:
    return is_director_of(actor=actor, classroom_id=bilan.classroom_id)


def can_acknowledge_bilan(*, actor, bilan, acknowledgement) -> bool:
    """The legal guardian the communicated bilan reached (its acknowledgement row)."""
    person_id = viewer_person_id(actor)
    return (person_id is not None and bilan.state == BilanState.COMMUNICATED
            and acknowledgement is not None and acknowledgement.guardian_id == person_id)
