"""Who may write in the cahier de textes and set homework; who may tick it done."""

from __future__ import annotations

from preau.homework.models import Homework
from preau.people.access import directs_school, viewer_person_id
from preau.people.models import Guardianship, StaffAssignment, StaffRole
from preau.schools.models import Classroom, School


def can_write_for_classroom(*, actor, classroom: Classroom) -> bool:
    """The classroom's teachers. The director reads other teachers' entries, no more."""
    person_id = viewer_person_id(actor)
    return person_id is not None and StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER, classroom=classroom).exists()


def can_edit_homework(*, actor, homework: Homework) -> bool:
    return can_write_for_classroom(actor=actor, classroom=homework.classroom)


def can_mark_done(*, actor, pupil_id: int) -> bool:
    """The pupil, or one of the pupil's guardians."""
    person_id = viewer_person_id(actor)
    if person_id is None:
        return False
    return person_id == pupil_id or Guardianship.objects.filter(
        guardian_id=person_id, pupil_id=pupil_id).exists()


def can_edit_school_homework_settings(*, actor, school: School) -> bool:
    """The school's director (this school year)."""
    return directs_school(actor, school_id=school.pk)
