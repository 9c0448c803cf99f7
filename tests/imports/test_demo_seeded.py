"""The demo as a newcomer finds it: seeded once for the module, on a Thursday mid-morning.

The tests of the seeding itself (seeds, flush, the command, bulk writes) are in test_demo.py;
these read what one seed made. The seed runs once per module (per worker) inside a
transaction rolled back at the module's end, and each test runs in its own savepoint: what a
test writes (a session, a read receipt) does not reach the next one.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import Count

from preau.accounts.models import User
from preau.imports.demo import DEMO_PASSWORD, birth_year_for, demo_seed
from preau.people.models import (
    AuthorityMembership,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
    StaffRole,
)
from preau.people.selectors import children_of, viewer_roles
from preau.schools.models import LEVEL_ORDER, Classroom, School, SchoolKind
from tests.imports.test_demo import (
    A_THURSDAY,
    EXPECTED_ROLES,
    api_for,
    demo_classrooms,
    travel,
)


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo seeded once, on a Thursday mid-morning (the morning's call open)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with travel(*A_THURSDAY):
            report = demo_seed()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded_demo, db):
    """The module's demo, each test in its own savepoint."""
    return seeded_demo


def test_the_demo_seeds_its_schools_through_the_annuaire_importer(demo):
    report = demo

    assert report.annuaire is not None
    assert report.annuaire.rejected == []
    assert report.schools == School.objects.count() == 5
    assert set(School.objects.values_list("kind", flat=True)) <= {
        SchoolKind.ELEMENTAIRE, SchoolKind.PRIMAIRE,
    }  # fmt: skip
    assert School.objects.values("commune").distinct().count() == 2
    assert School.objects.values("circonscription").distinct().count() == 2


def test_every_classroom_has_20_to_28_pupils_born_in_the_year_of_their_level(demo):
    report = demo
    year_start = Classroom.objects.first().school_year.start_date

    sizes = Classroom.objects.annotate(pupils=Count("enrolments")).values_list("pupils", flat=True)
    assert 4 * report.schools <= len(sizes) <= 8 * report.schools
    assert all(20 <= size <= 28 for size in sizes)
    for enrolment in Enrolment.objects.select_related("pupil", "classroom"):
        assert enrolment.level in enrolment.classroom.levels
        assert enrolment.start_date == year_start
        assert enrolment.pupil.birth_date.year == birth_year_for(
            level=enrolment.level, school_year_start=year_start
        )
    assert birth_year_for(level="CP", school_year_start=year_start) == year_start.year - 6
    levels = [tuple(levels) for levels in Classroom.objects.values_list("levels", flat=True)]
    assert any(len(mix) > 1 for mix in levels), "some classrooms mix levels"
    assert any(len(mix) == 1 for mix in levels)
    assert all(set(mix) <= set(LEVEL_ORDER) for mix in levels)


def test_most_pupils_have_two_legal_guardians_the_rest_one_and_siblings_share_them(demo):
    per_pupil = Counter(Guardianship.objects.values_list("pupil_id", flat=True))
    pupils = Person.objects.filter(enrolments__isnull=False).count()
    assert len(per_pupil) == pupils
    assert set(per_pupil.values()) == {1, 2}
    share_two = sum(1 for n in per_pupil.values() if n == 2) / pupils
    assert 0.75 <= share_two <= 0.95
    assert not Guardianship.objects.filter(is_legal=False).exists()
    assert set(Guardianship.objects.values_list("relationship", flat=True)) == {"mere", "pere"}
    wards = Counter(Guardianship.objects.values_list("guardian_id", flat=True))
    assert any(count >= 2 for count in wards.values()), "some siblings share guardians"


def test_each_classroom_has_a_teacher_and_each_school_a_director(demo):
    for classroom in Classroom.objects.all():
        assert classroom.assignments.filter(role=StaffRole.TEACHER).count() == 1
    for school in School.objects.all():
        assert school.assignments.filter(role=StaffRole.DIRECTOR).count() == 1
    # In a small school the director also teaches a class: a second assignment.
    small = School.objects.annotate(classes=Count("classrooms")).filter(classes__lte=5).first()
    assert small is not None
    director = small.assignments.get(role=StaffRole.DIRECTOR).person
    assert small.assignments.filter(role=StaffRole.TEACHER, person=director).exists()
    big = School.objects.annotate(classes=Count("classrooms")).filter(classes__gte=6).first()
    director = big.assignments.get(role=StaffRole.DIRECTOR).person
    assert not big.assignments.filter(role=StaffRole.TEACHER, person=director).exists()


def test_the_parent_login_has_exactly_two_children_in_two_classrooms_of_one_school(demo):
    parent = User.objects.get(username="parent")
    parent2 = User.objects.get(username="parent2")

    children = list(children_of(guardian_id=parent.person_id))

    assert len(children) == 2
    enrolments = Enrolment.objects.filter(pupil__in=children).select_related("classroom")
    assert len({e.classroom_id for e in enrolments}) == 2
    assert len({e.classroom.school_id for e in enrolments}) == 1
    assert set(children_of(guardian_id=parent2.person_id)) == set(children)
    assert parent.person_id != parent2.person_id
    eleve = User.objects.get(username="eleve")
    assert eleve.person in children
    classroom = Enrolment.objects.get(pupil=eleve.person).classroom
    teacher = User.objects.get(username="enseignant")
    assert StaffAssignment.objects.filter(
        person=teacher.person, classroom=classroom, role=StaffRole.TEACHER
    ).exists()
    director = User.objects.get(username="directeur")
    assert StaffAssignment.objects.filter(
        person=director.person, school=classroom.school, role=StaffRole.DIRECTOR
    ).exists()
    school = classroom.school
    assert AuthorityMembership.objects.filter(
        person=User.objects.get(username="mairie").person, commune=school.commune
    ).exists()
    assert AuthorityMembership.objects.filter(
        person=User.objects.get(username="ien").person, circonscription=school.circonscription
    ).exists()
    assert AuthorityMembership.objects.filter(
        person=User.objects.get(username="dasen").person, departement__code="094"
    ).exists()


def test_every_demo_login_exists_with_its_role_and_the_demo_password(demo):
    for username, roles in EXPECTED_ROLES.items():
        user = User.objects.get(username=username)
        assert viewer_roles(viewer=user) == roles, username
        assert check_password(DEMO_PASSWORD, user.password)
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser, admin.person_id) == (True, True, None)


def test_seeding_again_without_flush_duplicates_nothing(demo):
    counts = (Person.objects.count(), Classroom.objects.count(), User.objects.count())

    with travel(*A_THURSDAY):
        report = demo_seed()

    assert report.already_present
    assert (Person.objects.count(), Classroom.objects.count(), User.objects.count()) == counts


def test_the_parent_sees_a_week_of_lessons_with_a_cancellation_and_an_outing(demo, client):
    with travel(2026, 11, 27, 10, 0):
        client.force_login(User.objects.get(username="parent"))
        this_week, next_week = (
            client.get("/api/v1/timetable/children/week/", {"start": start}).json()
            for start in ("2026-11-23", "2026-11-30")
        )

    assert len(next_week) == 2
    weeks = [*this_week, *next_week]
    statuses = {o["status"] for w in weeks for d in w["days"] for o in d["occurrences"]}
    assert {"scheduled", "cancelled", "extra"} <= statuses
    monday = next_week[0]["days"][0]["occurrences"]
    assert [o["subject"] for o in monday][:3] == ["francais", "recreation", "mathematiques"]


def test_the_demo_guardian_finds_homework_absences_a_note_to_sign_and_a_message(demo):
    with travel(*A_THURSDAY):
        api = api_for("parent")
        homework = api.get("/api/v1/homework/children/").json()
        absences = api.get("/api/v1/attendance/absences/").json()["results"]
        unread = api.get("/api/v1/messaging/unread/").json()
        _older, younger = demo_classrooms()
        younger_pupil = Enrolment.objects.get(
            classroom=younger, pupil__in=children_of(
                guardian_id=User.objects.get(username="parent").person_id)).pupil
        notices = api.get(f"/api/v1/attendance/pupils/{younger_pupil.pk}/notices/").json()

    assert len(homework) == 2
    for child in homework:
        coming = [item for item in child["items"] if item["homework"]["due_date"] >= "2026-11-26"]
        assert coming, f"{child['pupil']['first_name']} has homework to do"
    statuses = {(a["pupil"]["first_name"], a["absence_kind"], a["justification_status"])
                for a in absences}
    names = {a["pupil"]["first_name"] for a in absences}
    assert len(names) == 2, "both children have missed a half-day or been late"
    assert any(status == "none" and kind == "absent" for _n, kind, status in statuses), \
        "an absence to justify"
    assert any(status == "accepted" for _n, _k, status in statuses)
    assert any(status == "pending" for _n, _k, status in statuses)
    assert unread["unread_messages"] >= 1
    assert unread["liaison_notes_to_acknowledge"] >= 1
    assert unread["announcements_to_acknowledge"] == 1
    assert unread["polls_to_answer"] == 1
    announced = notices["results"] if isinstance(notices, dict) else notices
    assert [n["start_date"] for n in announced] == ["2026-11-27"], "an absence announced"


def test_the_demo_pupil_has_a_message_from_the_teacher(demo):
    with travel(*A_THURSDAY):
        unread = api_for("eleve").get("/api/v1/messaging/unread/").json()
        conversations = api_for("eleve").get("/api/v1/messaging/conversations/").json()

    assert unread["unread_messages"] == 1
    (conversation,) = conversations["results"]
    assert conversation["subject"] == "Mon exposé"


def test_the_demo_teacher_has_taken_every_past_call_and_todays_is_open(demo):
    from preau.attendance.models import RollCall
    from preau.homework.models import LessonEntry
    from preau.schools.calendar import school_days

    with travel(*A_THURSDAY):
        older, _younger = demo_classrooms()
        api = api_for("enseignant")
        sheet = api.get(f"/api/v1/attendance/classrooms/{older.pk}/roll-call/").json()
        lessons = api.get(f"/api/v1/homework/classrooms/{older.pk}/lessons/",
                          {"start": "2026-11-16", "end": "2026-11-25"}).json()
        days = school_days(school=older.school, start=older.school_year.start_date,
                           end=date(2026, 11, 25))

    assert sheet["date"] == "2026-11-26"
    assert sheet["half_day"] == "morning"
    assert sheet["roll_call"] is None, "today's call is left for the teacher to take"
    due = {(day.date, half_day) for day in days for half_day in day.half_days}
    taken = set(RollCall.objects.filter(classroom=older).values_list("date", "half_day"))
    assert taken == due, "every past half-day's call was taken"
    assert len(due) > 80
    assert LessonEntry.objects.filter(classroom=older, date__lt=date(2026, 11, 26)).exists()
    results = lessons["results"] if isinstance(lessons, dict) else lessons
    assert results, "the cahier de textes of the last days is filled"


def test_the_demo_director_has_justifications_to_review_a_case_and_calls_not_taken(demo):
    with travel(*A_THURSDAY):
        older, _younger = demo_classrooms()
        school = older.school
        api = api_for("directeur")
        pending = api.get("/api/v1/attendance/absences/",
                          {"justification_status": "pending"}).json()
        cases = api.get("/api/v1/attendance/cases/").json()["results"]
        week = api.get(f"/api/v1/attendance/schools/{school.pk}/calls-not-taken/",
                       {"date": "2026-11-25"}).json()
        not_taken = [half_day["classrooms"] for half_day in week["half_days"]]
        unread = api.get("/api/v1/messaging/unread/").json()

    assert pending["count"] >= 1
    (new,) = [case for case in cases if case["case_status"] == "open"]
    assert new["unjustified_half_days"] >= 4
    assert new["classroom"]["id"] == older.pk
    assert any(not_taken), "some calls of this week were forgotten"
    assert unread["unread_messages"] >= 1


def test_the_authorities_read_non_zero_rates_from_the_demo(demo):
    with travel(*A_THURSDAY):
        figures = {username: api_for(username).get("/api/v1/authority/attendance/").json()
                   for username in ("mairie", "ien", "dasen")}
        cases = api_for("dasen").get("/api/v1/authority/l1318-cases/").json()
        not_taken = api_for("ien").get("/api/v1/authority/roll-calls-not-taken/",
                                       {"period": "week"}).json()

    for username, answer in figures.items():
        rows = answer["results"]
        assert rows, username
        rates = [row["attendance_rate"] for row in rows if row["attendance_rate"] is not None]
        assert rates, username
        for rate in rates:
            assert isinstance(rate, float), (username, rate)
            assert 0.85 < rate < 1, (username, rate)
    assert cases["count"] >= 1
    assert not_taken["results"]


