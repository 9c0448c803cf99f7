"""Who may change the timetable. Plain predicates; services call them."""

from __future__ import annotations

from preau.people.access import directs_school, viewer_person_id
from preau.people.models import StaffAssignment, StaffRole
from preau.schools.models import Classroom, School


def can_edit_school_timetable(*, actor, school: School) -> bool:
    """Slots, closures and school-wide events: the director."""
    return directs_school(actor, school_id=school.pk)


def can_edit_classroom_slots(*, actor, classroom: Classroom) -> bool:
    return directs_school(actor, school_id=classroom.school_id,
                          school_year_id=classroom.school_year_id)


def can_edit_classroom_timetable(*, actor, classroom: Classroom) -> bool:
    """Exceptions (cancelled, replaced, moved, extra) and classroom events: the director,
    and the classroom's own teachers (a sortie, a swapped lesson)."""
    person_id = viewer_person_id(actor)
    if person_id is None:
        return False
    if StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER, classroom=classroom
    ).exists():
        return True
    return can_edit_classroom_slots(actor=actor, classroom=classroom)
