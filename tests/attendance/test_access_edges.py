"""The attendance gates at their edges: a login without a person (the operator) or an
anonymous visitor reaches no classroom's call, no call, no absence and no notice, even of
objects that exist; a purpose a gate does not serve is refused loudly (``ValueError``),
never served as another one."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from preau.attendance import access
from preau.attendance.models import AbsenceNotice, AbsenteeismCase
from preau.common.errors import NotFoundError
from preau.people.access import Purpose
from tests.attendance.helpers import TUESDAY, take_call
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendance(world):
    """Léa marked absent at Tuesday's call of A1, a notice of her family, an L131-8 case."""
    léa, classroom = world.pupils["A1"], world.classrooms["A1"]
    call = take_call(world.user("teacher"), classroom, TUESDAY, absent=[léa])
    notice = AbsenceNotice.objects.create(
        pupil=léa, start_date=TUESDAY, end_date=TUESDAY, reason="maladie_enfant",
        declared_by=world.user("guardian").person)
    case = AbsenteeismCase.objects.create(pupil=léa, classroom=classroom,
                                          month=date(2026, 11, 1), unjustified_half_days=4,
                                          opened_at=timezone.now())
    return {"classroom": classroom, "call": call, "absence": call.absences.get(),
            "notice": notice, "case": case}


@pytest.mark.parametrize("who", ["operator", "anonymous"])
def test_a_viewer_without_a_person_reaches_no_call_absence_or_notice(world, attendance, who):
    viewer = UserFactory(username="operateur", person=None) if who == "operator" else (
        AnonymousUser())
    teacher = world.user("teacher")

    # The same objects exist and are readable by the class's teacher.
    assert access.roll_call_get_for(teacher, attendance["call"].pk, purpose=Purpose.READ)
    assert access.notice_get_for(teacher, attendance["notice"].pk, purpose=Purpose.READ)

    gates = [
        (access.roll_call_classroom_get_for, attendance["classroom"].pk,
         {"purpose": Purpose.ROLL_CALL, "on": TUESDAY}),
        (access.roll_call_get_for, attendance["call"].pk, {"purpose": Purpose.READ}),
        (access.absence_get_for, attendance["absence"].pk, {"purpose": Purpose.READ}),
        (access.notice_get_for, attendance["notice"].pk, {"purpose": Purpose.READ}),
        (access.case_get_for, attendance["case"].pk, {"purpose": Purpose.MANAGE}),
    ]
    for gate, pk, options in gates:
        with pytest.raises(NotFoundError):
            gate(viewer, pk, **options)


def test_the_cases_are_the_directors_to_manage_and_the_inspectors_to_read(world, attendance):
    case = attendance["case"]

    assert access.case_get_for(world.user("director"), case.pk, purpose=Purpose.MANAGE) == case
    assert access.case_get_for(world.user("inspector"), case.pk, purpose=Purpose.INSPECT) == case
    for role, purpose in (("teacher", Purpose.MANAGE), ("commune", Purpose.INSPECT),
                          ("director_other", Purpose.MANAGE)):
        with pytest.raises(NotFoundError):
            access.case_get_for(world.user(role), case.pk, purpose=purpose)


@pytest.mark.parametrize(("gate", "purpose", "options"), [
    (access.roll_call_classrooms_visible_to, Purpose.REGISTER, {"on": TUESDAY}),
    (access.roll_calls_visible_to, Purpose.MANAGE, {}),
    (access.absences_visible_to, Purpose.ATTENDANCE, {}),
    (access.notices_visible_to, Purpose.MANAGE, {}),
    (access.cases_visible_to, Purpose.READ, {}),
])
def test_a_purpose_a_gate_does_not_serve_is_refused_not_widened(world, gate, purpose, options):
    with pytest.raises(ValueError, match="access for"):
        gate(world.user("director"), purpose=purpose, **options)
