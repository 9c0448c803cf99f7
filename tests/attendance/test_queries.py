"""The sheet and the submit cost the same number of queries for 10 and for 30 pupils."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from preau.attendance.models import Absence, AbsenceNotice, AbsenteeismCase
from preau.notifications.vapid import push_enabled
from preau.schools.calendar import calendar_data
from tests.attendance.helpers import TUESDAY, add_pupils, marks, take_call
from tests.factories import ClassroomFactory, TeacherAssignmentFactory

pytestmark = pytest.mark.django_db

SHEET_MAX_QUERIES = 10
SUBMIT_MAX_QUERIES = 30
# A submit as a server runs it (no test transaction around it), counted as the benchmark
# counts it, BEGIN and COMMIT included: the user with its authority check, in one query
# (preau.accounts.backends; the session itself comes from the cache,
# preau.common.session_store) (1); the checks, notices, recipients and L131-8 state (1);
# the call and its absences, two inserts between BEGIN and COMMIT (4), the same statements
# on every database. (8 until 5 December: the session and the authority check were queries
# of their own. Until the write had one path it was one PostgreSQL-only statement there:
# docs/benchmarks.md, "Before and after". The call and its absences are two INSERTs,
# atomic only in a transaction, since SQLite has no INSERT inside a WITH as PostgreSQL has.)
SUBMIT_QUERIES = {"postgresql": 6, "sqlite": 6}
# With Web Push configured (PREAU_VAPID_PRIVATE_KEY; the tests' settings make a key): once
# committed, the browsers subscribed to absences among the guardians told (1, whatever
# their number; preau.notifications.push.pushes_for, docs/notifications.md).
PUSH_QUERIES = 1
# An Idempotency-Key adds the claim of the key and the stored answer, in one transaction
# with the write.
IDEMPOTENCY_KEY_QUERIES = {"postgresql": 2, "sqlite": 2}


def classroom_of(world, size: int):
    """A classroom of the teacher with ``size`` pupils, each with a guardian who logs in;
    a third absent (one announced by the family), a tenth late."""
    classroom = ClassroomFactory(school=world.schools["A"], name=f"Classe de {size}")
    TeacherAssignmentFactory(classroom=classroom, person=world.user("teacher").person)
    pupils = add_pupils(classroom, size, with_guardians=True)
    absent, late = pupils[: size // 3], pupils[size // 3: size // 3 + size // 10]
    for pupil in absent[::2]:
        AbsenceNotice.objects.create(pupil=pupil, start_date=TUESDAY, end_date=TUESDAY,
                                     reason="maladie_enfant",
                                     declared_by=pupil.guardianships.first().guardian)
    return classroom, absent, dict.fromkeys(late, 5)


def count_queries(call) -> tuple[int, object]:
    calendar_data()  # the holiday table is read once per process and change, not counted
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return len(queries), response


def test_the_sheet_costs_the_same_for_10_and_30_pupils(world, client_for):
    client = client_for("teacher")
    counts = {}
    for size in (10, 30):
        classroom, absent, late = classroom_of(world, size)
        take_call(world.user("teacher"), classroom, TUESDAY, absent=absent, late=late)
        counts[size], response = count_queries(lambda c=classroom: client.get(
            f"/api/v1/attendance/classrooms/{c.pk}/roll-call/",
            {"date": "2026-11-24", "half_day": "morning"}))
        assert response.status_code == 200
        assert len(response.json()["pupils"]) == size

    print(f"\nroll-call sheet queries: {counts}")
    assert counts[10] == counts[30] <= SHEET_MAX_QUERIES


def test_the_submit_costs_the_same_for_10_and_30_pupils(world, client_for):
    client = client_for("teacher")
    counts = {}
    for size in (10, 30):
        classroom, absent, late = classroom_of(world, size)
        counts[size], response = count_queries(lambda c=classroom, a=absent, lt=late: client.post(
            f"/api/v1/attendance/classrooms/{c.pk}/roll-calls/",
            {"date": "2026-11-24", "half_day": "morning", "absences": marks(a, lt)},
            format="json"))
        assert response.status_code == 201, response.content
        assert Absence.objects.filter(roll_call_id=response.json()["id"]).count() == (
            len(absent) + len(late))

    print(f"\nroll-call submit queries: {counts}")
    assert counts[10] == counts[30] <= SUBMIT_MAX_QUERIES


def test_the_correction_costs_the_same_for_10_and_30_pupils(world, client_for):
    client = client_for("teacher")
    counts = {}
    for size in (10, 30):
        classroom, absent, late = classroom_of(world, size)
        call = take_call(world.user("teacher"), classroom, TUESDAY, absent=absent)
        counts[size], response = count_queries(lambda c=call, lt=late, a=absent: client.put(
            f"/api/v1/attendance/roll-calls/{c.pk}/",
            {"absences": marks(a[1:], lt)}, format="json", HTTP_IF_MATCH=c.etag))
        assert response.status_code == 200, response.content

    print(f"\nroll-call correction queries: {counts}")
    assert counts[10] == counts[30]


def test_the_register_and_lists_cost_the_same_for_10_and_30_pupils(world, client_for):
    director = client_for("director")
    counts: dict[str, dict[int, int]] = {"register": {}, "absences": {}, "cases": {}}
    for size in (10, 30):
        classroom, absent, late = classroom_of(world, size)
        for day in (date(2026, 11, 23), TUESDAY):
            take_call(world.user("teacher"), classroom, day, absent=absent, late=late)
        counts["register"][size], _ = count_queries(lambda c=classroom: director.get(
            f"/api/v1/attendance/classrooms/{c.pk}/register/"))
        counts["absences"][size], _ = count_queries(lambda c=classroom: director.get(
            "/api/v1/attendance/absences/", {"classroom": c.pk}))
        AbsenteeismCase.objects.bulk_create(
            AbsenteeismCase(pupil=pupil, classroom=classroom, month=date(2026, 11, 1),
                            unjustified_half_days=4, opened_at=timezone.now())
            for pupil in absent)
        counts["cases"][size], _ = count_queries(lambda: director.get(
            "/api/v1/attendance/cases/"))

    print(f"\nregister and absence list queries: {counts}")
    assert counts["register"][10] == counts["register"][30]
    assert counts["absences"][10] == counts["absences"][30]
    assert counts["cases"][10] == counts["cases"][30]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_key", [False, True], ids=["without-key", "with-idempotency-key"])
def test_the_submit_of_the_benchmark_classes_costs_the_same_for_20_and_28_pupils(
    world, client_for, with_key
):
    """The benchmark's class sizes (scenario 1 of ``make bench``): the count of a submit
    does not move with the class size, and any query more fails here."""
    client = client_for("teacher")
    assert connection.features.supports_json_field  # probed once per connection, not counted
    calendar_data()  # the holiday table is read once per process and change, not counted
    queries = {}
    for size in (20, 28):
        classroom, absent, late = classroom_of(world, size)
        headers = {"HTTP_IDEMPOTENCY_KEY": f"bench-{size}"} if with_key else {}
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/",
                {"date": "2026-11-24", "half_day": "morning", "absences": marks(absent, late)},
                format="json", **headers)
        assert response.status_code == 201, response.content
        assert len(response.json()["absences"]) == len(absent) + len(late)
        queries[size] = [query["sql"][:120] for query in captured.captured_queries]

    expected = SUBMIT_QUERIES[connection.vendor] + (
        IDEMPOTENCY_KEY_QUERIES[connection.vendor] if with_key else 0) + (
        PUSH_QUERIES if push_enabled() else 0)
    assert len(queries[20]) == len(queries[28]) == expected, queries
