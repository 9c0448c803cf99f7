"""Who may change the timetable. Plain predicates; services call them."""

from __future__ import annotations

from preau.people.access import viewer_person_id
from preau.people.models import StaffAssignment, StaffRole
from preau.schools.models import Classroom, School


def is_director_of(*, actor, school: School, school_year_id: int | None = None) -> bool:
    person_id = viewer_person_id(actor)
    if person_id is None:
        return False
    directs = StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR, school=school
    )
    if school_year_id is not None:
        directs = directs.filter(school_year_id=school_year_id)
    else:
        from django.utils import timezone

        today = timezone.localdate()
        directs = directs.filter(
            school_year__start_date__lte=today, school_year__end_date__gte=today
        )
    return directs.exists()


def can_edit_school_timetable(*, actor, school: School) -> bool:
    """Slots, closures and school-wide events: the director."""
    return is_director_of(actor=actor, school=school)


def can_edit_classroom_slots(*, actor, classroom: Classroom) -> bool:
    return is_director_of(actor=actor, school=classroom.school,
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
