"""Who may do what in the register. Plain predicates; the services call them."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from preau.attendance.models import Absence, AbsenceNotice, AbsenteeismCase, RollCall
from preau.people.access import directs_school, viewer_person_id
from preau.people.models import Guardianship, StaffAssignment, StaffRole
from preau.schools.models import Classroom
from preau.timetable.models import ExceptionKind, TimetableException


def is_director_of_classroom(*, actor, classroom: Classroom) -> bool:
    return directs_school(actor, school_id=classroom.school_id,
                          school_year_id=classroom.school_year_id)


def is_teacher_of(*, actor, classroom: Classroom) -> bool:
    person_id = viewer_person_id(actor)
    return person_id is not None and StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER, classroom=classroom).exists()


def is_replacing_in(*, actor, classroom: Classroom, on: date) -> bool:
    """A replacement teacher the timetable assigns to the classroom that day."""
    person_id = viewer_person_id(actor)
    return person_id is not None and TimetableException.objects.filter(
        classroom=classroom, date=on, kind=ExceptionKind.REPLACED,
        replacement_teacher_id=person_id).exists()


def can_take_roll_call(*, actor, classroom: Classroom, on: date) -> bool:
    """The classroom's teachers, the director, and a replacement teacher assigned that day."""
    return (is_teacher_of(actor=actor, classroom=classroom)
            or is_director_of_classroom(actor=actor, classroom=classroom)
            or is_replacing_in(actor=actor, classroom=classroom, on=on))


def can_correct_roll_call(*, actor, roll_call: RollCall) -> bool:
    """Its taker on the day it was taken; the director at any time."""
    person_id = viewer_person_id(actor)
    if person_id is None:
        return False
    taken_today = timezone.localtime(roll_call.taken_at).date() == timezone.localdate()
    if roll_call.taken_by_id == person_id and taken_today:
        return True
    return is_director_of_classroom(actor=actor, classroom=roll_call.classroom)


def is_guardian_of(*, actor, pupil_id: int) -> bool:
    person_id = viewer_person_id(actor)
    return person_id is not None and Guardianship.objects.filter(
        guardian_id=person_id, pupil_id=pupil_id).exists()


def can_justify_absence(*, actor, absence: Absence) -> bool:
    """A guardian of the pupil; the director, recording a note the family gave on paper."""
    return (is_guardian_of(actor=actor, pupil_id=absence.pupil_id)
            or is_director_of_classroom(actor=actor, classroom=absence.roll_call.classroom))


def can_review_justification(*, actor, absence: Absence) -> bool:
    """Accept or refuse: the director of the school."""
    return is_director_of_classroom(actor=actor, classroom=absence.roll_call.classroom)


def can_declare_absence(*, actor, pupil_id: int) -> bool:
    return is_guardian_of(actor=actor, pupil_id=pupil_id)


def can_cancel_notice(*, actor, notice: AbsenceNotice) -> bool:
    return is_guardian_of(actor=actor, pupil_id=notice.pupil_id)


def can_sign_register(*, actor, classroom: Classroom) -> bool:
    return is_director_of_classroom(actor=actor, classroom=classroom)


def can_remind_roll_call(*, actor, classroom: Classroom) -> bool:
    """The director reminds a classroom's teachers of a call not taken."""
    return is_director_of_classroom(actor=actor, classroom=classroom)


def can_update_case(*, actor, case: AbsenteeismCase) -> bool:
    return is_director_of_classroom(actor=actor, classroom=case.classroom)
