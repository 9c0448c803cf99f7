"""The facts of a submit, read in plain SQL (``roll_call_submit_facts``), say what the named
rules say with their querysets: the gate, the enrolments that day, the families' notices,
the guardians, the staff to tell, the month's signature, the call taken, the L131-8 state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from preau.accounts.models import User
from preau.attendance.access import roll_call_classrooms_visible_to
from preau.attendance.dates import month_bounds
from preau.attendance.figures import unjustified_half_day_counts
from preau.attendance.models import (
    Absence,
    AbsenceKind,
    AbsenceNotice,
    AbsenteeismCase,
    JustificationStatus,
    RegisterSignOff,
)
from preau.attendance.registers import notices_active_on
from preau.attendance.selectors import roll_call_submit_facts
from preau.common.errors import NotFoundError
from preau.people.access import Purpose, enrolments_active_on
from preau.people.models import StaffRole
from preau.schools.models import SchoolClosure
from preau.timetable.models import ExceptionKind, TimetableException
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, take_call
from tests.factories import EnrolmentFactory, PersonFactory, UserFactory
from tests.timetable.factories import make_slots

pytestmark = pytest.mark.django_db


def facts_of(world, actor, classroom, pupils, *, on=TUESDAY, half_day="morning", viewer=None):
    return roll_call_submit_facts(actor=actor, classroom_id=classroom.pk, on=on,
                                  half_day=half_day, pupil_ids=[p.pk for p in pupils],
                                  viewer=viewer, l1318_threshold=4).submit_facts


def staff_users_by_the_rule(classroom) -> set[int]:
    return set(User.objects.filter(is_active=True).filter(
        Q(person__assignments__classroom_id=classroom.pk)
        | Q(person__assignments__role=StaffRole.DIRECTOR,
            person__assignments__school_id=classroom.school_id,
            person__assignments__school_year_id=classroom.school_year_id))
        .values_list("pk", flat=True))


def test_the_facts_of_a_submit_are_those_of_the_named_rules(world):
    # given a classroom with pupils who came and left, guardians, notices and a closure
    classroom = world.classrooms["A1"]
    teacher = world.user("teacher")
    pupils = [world.pupils["A1"], *add_pupils(classroom, 4, with_guardians=True)]
    left = EnrolmentFactory(classroom=classroom, end_date=MONDAY).pupil
    EnrolmentFactory(classroom=classroom, start_date=TUESDAY + timedelta(days=1))
    inactive = UserFactory(person=PersonFactory(), is_active=False)
    pupils[1].guardianships.create(guardian=inactive.person)
    declared_by = pupils[2].guardianships.first().guardian
    for half_day, cancelled in [("", False), ("morning", False), ("afternoon", False),
                                ("", True)]:
        notice = AbsenceNotice.objects.create(pupil=pupils[2], start_date=TUESDAY,
                                              end_date=TUESDAY, half_day=half_day,
                                              reason="maladie_enfant", comment="Fièvre, «38,5»",
                                              declared_by=declared_by)
        if cancelled:
            AbsenceNotice.objects.filter(pk=notice.pk).update(cancelled_at=notice.created_at)
    AbsenceNotice.objects.create(pupil=pupils[3], start_date=MONDAY, end_date=MONDAY,
                                 reason="maladie_enfant", declared_by=declared_by)
    SchoolClosure.objects.create(school=classroom.school, start_date=TUESDAY, end_date=TUESDAY,
                                 half_day="afternoon", reason="Travaux")
    SchoolClosure.objects.create(school=classroom.school, start_date=MONDAY, end_date=MONDAY,
                                 reason="Pont")
    listed = [*pupils, left]

    # when the teacher's submit reads its facts
    facts = facts_of(world, teacher, classroom, listed)

    # then each fact is what the rule's queryset says
    assert facts.may_take
    assert not facts.register_signed
    assert facts.existing_call_id is None
    assert facts.enrolled_ids == set(enrolments_active_on(TUESDAY).filter(
        classroom=classroom).values_list("pupil_id", flat=True))
    assert left.pk not in facts.enrolled_ids
    expected_notices = {n.pupil_id: n.pk for n in notices_active_on(
        on=TUESDAY, half_day="morning").filter(pupil_id__in=[p.pk for p in listed])
        .order_by("pk")}
    assert {pupil_id: n.pk for pupil_id, n in facts.notices.items()} == expected_notices
    assert facts.notices[pupils[2].pk].comment == "Fièvre, «38,5»"
    assert facts.notices[pupils[2].pk].created_at.tzinfo is not None
    expected_guardians = set(User.objects.filter(
        is_active=True, person__wards__pupil_id__in=[p.pk for p in listed])
        .values_list("pk", "person__wards__pupil_id"))
    assert {(g["user_id"], pupil_id) for pupil_id, rows in facts.guardians.items()
            for g in rows} == expected_guardians
    assert inactive.pk not in {g["user_id"] for rows in facts.guardians.values() for g in rows}
    assert set(facts.staff_user_ids) == staff_users_by_the_rule(classroom)
    assert world.user("director").pk in facts.staff_user_ids
    assert [(c.start_date, c.end_date, c.half_day, c.reason) for c in facts.closures] == [
        (TUESDAY, TUESDAY, "afternoon", "Travaux")]
    assert (facts.taker.first_name, facts.taker.last_name) == (
        teacher.person.first_name, teacher.person.last_name)


def test_who_may_take_the_call_and_who_may_open_it_follow_the_rules(world):
    classroom = world.classrooms["A1"]
    pupil = world.pupils["A1"]
    for role, may_take in [("teacher", True), ("director", True), ("teacher_other", False),
                           ("director_other", False), ("guardian", False)]:
        user = world.user(role)
        assert facts_of(world, user, classroom, [pupil]).may_take is may_take, role
        in_scope = roll_call_classrooms_visible_to(user, purpose=Purpose.ROLL_CALL,
                                                   on=None).filter(pk=classroom.pk).exists()
        if in_scope:
            facts_of(world, user, classroom, [pupil], viewer=user)
        else:
            with pytest.raises(NotFoundError):
                facts_of(world, user, classroom, [pupil], viewer=user)
    # a replacement teacher takes the call on the day replaced only, and may open it any day
    replacing = world.user("teacher_other")
    slot = make_slots(classroom)[1]  # Tuesday 8:30
    TimetableException.objects.create(classroom=classroom, date=TUESDAY, slot=slot,
                                      kind=ExceptionKind.REPLACED,
                                      replacement_teacher=replacing.person)
    assert facts_of(world, replacing, classroom, [pupil]).may_take
    assert not facts_of(world, replacing, classroom, [pupil], on=MONDAY).may_take
    assert facts_of(world, replacing, classroom, [pupil], on=MONDAY,
                    viewer=replacing).may_take is False


def test_the_call_taken_the_signature_and_the_l1318_state_are_read(world):
    classroom = world.classrooms["A1"]
    teacher = world.user("teacher")
    pupil = world.pupils["A1"]
    other = add_pupils(classroom, 1)[0]
    first, _ = month_bounds(TUESDAY)
    # three unjustified absent half-days this month, one justified, one late
    for day, half_day in [(MONDAY, "morning"), (MONDAY, "afternoon"),
                          (TUESDAY - timedelta(days=7), "morning")]:
        take_call(teacher, classroom, day, half_day, absent=[pupil])
    take_call(teacher, classroom, TUESDAY - timedelta(days=7), "afternoon",
              late={pupil: 5})
    justified = take_call(teacher, classroom, TUESDAY - timedelta(days=8), "morning",
                          absent=[pupil])
    Absence.objects.filter(roll_call=justified).update(
        justification_status=JustificationStatus.ACCEPTED, reason="maladie_enfant",
        kind=AbsenceKind.ABSENT)
    counts = unjustified_half_day_counts(pupil_ids=[pupil.pk, other.pk], month=TUESDAY)
    assert counts.get(pupil.pk) == 3

    facts = facts_of(world, teacher, classroom, [pupil, other])
    assert facts.l1318_recount_needed  # 3 + 1 reaches 4
    assert not facts_of(world, teacher, classroom, [other]).l1318_recount_needed
    AbsenteeismCase.objects.create(pupil=other, classroom=classroom, month=first,
                                   unjustified_half_days=4, opened_at=timezone.now())
    assert facts_of(world, teacher, classroom, [other]).l1318_recount_needed

    call = take_call(teacher, classroom, TUESDAY)
    assert facts_of(world, teacher, classroom, [other]).existing_call_id == call.pk
    assert facts_of(world, teacher, classroom, [other], half_day="afternoon"
                    ).existing_call_id is None
    RegisterSignOff.objects.create(classroom=classroom, month=first,
                                   signed_by=world.user("director").person,
                                   signed_at=timezone.now())
    assert facts_of(world, teacher, classroom, [other]).register_signed
