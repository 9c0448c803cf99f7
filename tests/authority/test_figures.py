"""The figures a commune officer, an IEN or a DASEN reads, checked against what happened."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from preau.attendance.models import AbsenceNotice
from preau.homework.models import Homework, LessonEntry
from preau.people.models import Enrolment
from preau.timetable.models import TimetableException, TimetableSlot
from tests.authority.helpers import (
    classroom_with_pupils,
    commune_officer,
    inspector,
    take_call,
    take_every_call,
)
from tests.factories import ClassroomFactory, EnrolmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db

MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)


def client(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def rows_of_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_attendance_per_month_and_lateness_for_the_inspector():
    classroom, pupils = classroom_with_pupils(10)
    take_call(classroom, MONDAY, absent=pupils[:2], late=pupils[2:3])
    take_call(classroom, MONDAY, "afternoon", absent=pupils[:1])
    take_call(classroom, TUESDAY)
    api = client(inspector(classroom.school))

    (month,) = api.get(reverse("authority:attendance"),
                       {"date_from": "2026-11-23"}).json()["results"]  # every call due
    assert (month["calls_due"], month["coverage"], month["coverage_sufficient"]) == (3, 1, True)
    assert (month["period_start"], month["roll_calls"], month["expected_half_days"],
            month["absent_half_days"], month["late_arrivals"]) == ("2026-11-01", 3, 30, 3, 1)
    assert month["attendance_rate"] == 0.9
    assert month["lateness_rate"] == round(1 / 30, 4)

    days = api.get(reverse("authority:attendance"),
                   {"period": "day", "date_from": "2026-11-01", "by": "classroom"}
                   ).json()["results"]
    # the school days without a call have their row too: calls due, none taken, no figure
    assert len(days) == 14  # 13 days of class since the Toussaint holidays, and today
    assert [(d["period_start"], d["classroom"]["id"], d["absent_half_days"], d["roll_calls"],
             d["calls_due"], d["attendance_rate"]) for d in days[-3:]] == [
        ("2026-11-20", classroom.pk, None, 0, 2, None),
        ("2026-11-23", classroom.pk, 3, 2, 2, round(1 - 3 / 20, 4)),
        ("2026-11-24", classroom.pk, 0, 1, 1, 1.0)]


def test_movements_count_arrivals_and_departures_not_changes_of_classroom():
    school = SchoolFactory()
    ce2 = ClassroomFactory(school=school, name="CE2", levels=["CE2"])
    cm1 = ClassroomFactory(school=school, name="CM1", levels=["CM1"])
    EnrolmentFactory(classroom=ce2, start_date=date(2026, 11, 9))  # arrives
    EnrolmentFactory(classroom=ce2, start_date=date(2026, 9, 1),
                     end_date=date(2026, 11, 13))  # leaves
    moving = EnrolmentFactory(classroom=ce2, start_date=date(2026, 9, 1),
                              end_date=date(2026, 11, 6))
    Enrolment.objects.create(pupil=moving.pupil, classroom=cm1, level="CM1",
                             start_date=date(2026, 11, 9))
    (row,) = client(inspector(school)).get(reverse("authority:movements"),
                                          {"month": "2026-11"}).json()["results"]
    assert (row["arrivals"], row["departures"]) == (1, 1)


def test_the_canteen_forecast_and_todays_count_from_the_calls_taken():
    school = SchoolFactory()
    called, called_pupils = classroom_with_pupils(10, school=school, name="CP")
    _other, other_pupils = classroom_with_pupils(8, school=school, name="CE1")
    guardian = called_pupils[0].guardianships.first().guardian
    AbsenceNotice.objects.create(pupil=other_pupils[0], start_date=TUESDAY,
                                 end_date=date(2026, 11, 26), reason="maladie_enfant",
                                 declared_by=guardian)
    AbsenceNotice.objects.create(pupil=other_pupils[1], start_date=TUESDAY, end_date=TUESDAY,
                                 half_day="afternoon", reason="maladie_enfant",
                                 declared_by=guardian)
    take_call(called, TUESDAY, absent=called_pupils[:3], late=called_pupils[3:4])

    (row,) = client(commune_officer(school)).get(reverse("authority:canteen"),
                                                {"days": 3}).json()["results"]
    # Tuesday, Thursday, Friday (a four-day week: no class on Wednesday)
    assert [(d["date"], d["enrolled"], d["expected"]) for d in row["days"]] == [
        ("2026-11-24", 18, 17), ("2026-11-26", 18, 17), ("2026-11-27", 18, 18)]
    today = row["today"]
    assert today["morning_roll_calls_taken"] == 1
    assert today["present_in_called_classrooms"] == 7
    assert today["expected_in_other_classrooms"] == 7
    assert today["estimate"] == 14


def test_the_canteen_forecast_on_the_last_day_before_the_holidays_skips_them():
    import time_machine

    school = SchoolFactory()
    classroom_with_pupils(6, school=school, name="CM1")
    officer = commune_officer(school)
    # Friday 18 December 2026, the last day before the Christmas holidays (every zone).
    with time_machine.travel(date(2026, 12, 18)):
        (row,) = client(officer).get(reverse("authority:canteen"),
                                     {"days": 5}).json()["results"]
    assert [d["date"] for d in row["days"]] == [
        "2026-12-18", "2027-01-04", "2027-01-05", "2027-01-07", "2027-01-08"]


def test_roll_calls_not_taken_today_this_week_and_this_month():
    school = SchoolFactory()
    done, _ = classroom_with_pupils(3, school=school, name="A")
    classroom_with_pupils(3, school=school, name="B")
    take_call(done, MONDAY)
    take_call(done, MONDAY, "afternoon")
    take_call(done, TUESDAY)
    api = client(inspector(school))
    url = reverse("authority:roll-calls-not-taken")

    (today,) = api.get(url).json()["results"]  # Tuesday 10:00: the morning has begun
    assert (today["school_half_days"], today["calls_missing"]) == (1, 1)
    assert [(c["name"], c["missing"]) for c in today["classrooms"]] == [("A", 0), ("B", 1)]
    (week,) = api.get(url, {"period": "week"}).json()["results"]
    assert (week["start"], week["school_half_days"], week["calls_missing"]) == (
        "2026-11-23", 3, 3)
    (month,) = api.get(url, {"period": "month"}).json()["results"]
    assert month["start"] == "2026-11-01"
    assert month["classrooms"][1]["missing"] == month["school_half_days"]
    rows = rows_of_csv(api.get(url, {"period": "week", "format": "csv"}))
    assert rows[1][-4:] == ["A", "3", "3", "0"]
    assert rows[2][-4:] == ["B", "3", "0", "3"]


def test_the_cahier_de_textes_recap_of_a_classroom():
    classroom, _ = classroom_with_pupils(3)
    author = classroom.assignments.first().person
    for day, subject in [(date(2026, 11, 16), "francais"), (date(2026, 11, 17), "francais"),
                         (MONDAY, "mathematiques")]:
        LessonEntry.objects.create(classroom=classroom, date=day, subject=subject,
                                   title="Séance", author=author)
    for minutes in (10, 20):
        Homework.objects.create(classroom=classroom, subject="francais", instructions="Lire",
                                due_date=TUESDAY, estimated_minutes=minutes, author=author)
    recap = client(inspector(classroom.school)).get(
        reverse("authority:cahier-recap", kwargs={"classroom_id": classroom.pk}),
        {"date_from": "2026-11-01"}).json()
    assert [(w["week_start"], w["lesson_entries"]) for w in recap["weeks"]] == [
        ("2026-11-16", 2), ("2026-11-23", 1)]
    assert [(s["subject"], s["lesson_entries"]) for s in recap["subjects"]] == [
        ("francais", 2), ("mathematiques", 1)]
    assert recap["homework_per_day"] == [{"date": "2026-11-24", "homework": 2, "minutes": 30}]


def test_timetable_volume_against_the_national_24_hours():
    classroom, _ = classroom_with_pupils(3)
    slots = []
    for weekday in (0, 1, 3, 4):
        slots.append(TimetableSlot.objects.create(
            classroom=classroom, weekday=weekday, start_time=time(8, 30), end_time=time(11, 30),
            subject="francais", valid_from=date(2026, 9, 1)))
        TimetableSlot.objects.create(classroom=classroom, weekday=weekday,
                                     start_time=time(13, 30), end_time=time(16, 30),
                                     subject="mathematiques", valid_from=date(2026, 9, 1))
        TimetableSlot.objects.create(classroom=classroom, weekday=weekday,
                                     start_time=time(11, 30), end_time=time(13, 30),
                                     subject="pause_meridienne", valid_from=date(2026, 9, 1))
    TimetableException.objects.create(classroom=classroom, date=MONDAY, kind="cancelled",
                                      slot=slots[0])
    (row,) = client(inspector(classroom.school)).get(
        reverse("authority:timetable-volume")).json()["results"]
    assert (row["weekly_minutes"], row["national_weekly_minutes"], row["difference_minutes"],
            row["cancelled_without_replacement"]) == (1440, 1440, 0, 1)


@pytest.mark.parametrize(("name", "params", "field"), [
    ("headcounts", {"date": "24/11/2026"}, "date"),
    ("movements", {"month": "novembre"}, "month"),
    ("attendance", {"period": "year"}, "period"),
    ("attendance", {"date_from": "2026-11-20", "date_to": "2026-11-01"}, "date_to"),
    ("attendance", {"by": "pupil"}, "by"),
    ("roll-calls-not-taken", {"period": "year"}, "period"),
    ("canteen", {"days": 40}, "days"),
    ("case-list", {"case_status": "lost"}, "case_status"),
    ("school-list", {"commune": "x"}, "commune"),
    ("timetable-volume", {"date": "lundi"}, "date"),
])
def test_a_bad_parameter_is_a_400_naming_it(world, client_for, name, params, field):
    response = client_for("dasen").get(reverse(f"authority:{name}"), params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_csv_exports_of_the_dasen_tables(world, client_for):
    api = client_for("dasen")
    schools = rows_of_csv(api.get(reverse("authority:school-list"), {"format": "csv"}))
    assert schools[0][:2] == ["UAI", "École"]
    assert [r[0] for r in schools[1:]] == ["0940001A", "0940002B"]
    pupils = rows_of_csv(api.get(reverse("authority:school-pupils",
                                         kwargs={"school_id": world.schools["A"].pk}),
                                 {"format": "csv"}))
    assert pupils[1][:2] == ["Bernard", "Hugo"]
    assert pupils[2][-1] in {"Sophie Martin ; Karim Martin", "Karim Martin ; Sophie Martin"}
    circonscriptions = rows_of_csv(api.get(reverse("authority:circonscription-list"),
                                           {"format": "csv"}))
    assert len(circonscriptions) == 3
    # Accept: text/csv works as well as ?format=csv
    response = api.get(reverse("authority:headcounts"), HTTP_ACCEPT="text/csv")
    assert rows_of_csv(response)[0][-1] == "Élèves"


def test_a_pupil_named_like_a_formula_reads_as_text_in_the_authority_csv(world, client_for):
    pupil = world.pupils["A1"]
    pupil.first_name, pupil.last_name = "-2+3", "+cmd|' /C calc'!A0"
    pupil.save()
    pupils = rows_of_csv(client_for("commune").get(
        reverse("authority:school-pupils", kwargs={"school_id": world.schools["A"].pk}),
        {"format": "csv"}))
    assert ["'+cmd|' /C calc'!A0", "'-2+3"] in [row[:2] for row in pupils]


def test_circonscriptions_give_the_attendance_of_the_month_asked(world, client_for):
    from tests.attendance.scope import with_attendance

    with_attendance(world)  # one call per classroom on 24 November, its pupil absent
    api = client_for("dasen")
    november = api.get(reverse("authority:circonscription-list")).json()["results"]
    # one call of the 27 due per classroom (13 days since the Toussaint holidays, and this
    # morning): no school is covered, so no rate, and the coverage says so
    assert [(c["code"], c["expected_half_days"], c["attendance_rate"]) for c in november] == [
        ("0942002B", 0, None), ("0941001A", 0, None)]
    assert [{k: c["attendance_coverage"][k] for k in (
        "calls_due", "calls_taken", "schools_covered", "schools_left_out")}
        for c in november] == [
        {"calls_due": 27, "calls_taken": 1, "schools_covered": 0, "schools_left_out": 1},
        {"calls_due": 54, "calls_taken": 2, "schools_covered": 0, "schools_left_out": 1}]
    october = api.get(reverse("authority:circonscription-list"),
                      {"month": "2026-10"}).json()["results"]
    assert [(c["expected_half_days"], c["attendance_rate"]) for c in october] == [
        (0, None), (0, None)]


def test_each_circonscription_gives_the_sum_of_its_schools(db):
    """Two circonscriptions, one with two schools and one with one; calls this month and
    last month, absences, lateness and cases. The DASEN's row per circonscription is the
    sum of the rows of its schools."""
    from preau.attendance.models import AbsenteeismCase, CaseStatus
    from tests.authority.helpers import dasen
    from tests.factories import CirconscriptionFactory

    north = SchoolFactory()
    departement = north.circonscription.departement
    south = CirconscriptionFactory(departement=departement)
    schools = [north, SchoolFactory(circonscription=north.circonscription, commune=north.commune),
               SchoolFactory(circonscription=south, commune=north.commune)]
    for n, school in enumerate(schools):
        for m in range(n + 1):
            classroom, pupils = classroom_with_pupils(3 + n + m, school=school, name=f"C{m}")
            take_every_call(classroom, date(2026, 11, 2), TUESDAY,
                            skip={(MONDAY, "morning"), (TUESDAY, "morning")})
            take_call(classroom, MONDAY, absent=pupils[:n + 1], late=pupils[-1:])
            take_call(classroom, TUESDAY, "morning", absent=pupils[:1])
            take_call(classroom, date(2026, 10, 12), absent=pupils)  # another month
            AbsenteeismCase.objects.create(
                pupil=pupils[0], classroom=classroom, month=date(2026, 11, 1),
                unjustified_half_days=4, opened_at="2026-11-20T10:00:00+01:00",
                status=CaseStatus.CLOSED if m else CaseStatus.OPEN,
                closed_on=date(2026, 11, 23) if m else None)
    api = client(dasen(north))

    rows = {row["code"]: row for row in
            api.get(reverse("authority:circonscription-list")).json()["results"]}
    per_school = api.get(reverse("authority:school-list")).json()["results"]
    attendance = api.get(reverse("authority:attendance"),
                         {"date_from": "2026-11-01", "date_to": "2026-11-24"}).json()["results"]

    assert set(rows) == {north.circonscription.code, south.code}
    for code, row in rows.items():
        schools_of = [s for s in per_school if s["school"]["circonscription"]["code"] == code]
        calls_of = [a for a in attendance if a["school"]["circonscription"]["code"] == code]
        assert all(a["coverage_sufficient"] for a in calls_of)
        expected = sum(a["expected_half_days"] for a in calls_of)
        absent = sum(a["absent_half_days"] for a in calls_of)
        late = sum(a["late_arrivals"] for a in calls_of)
        assert (row["schools"], row["classrooms"], row["pupils"], row["open_l1318_cases"]) == (
            len(schools_of), sum(s["classrooms"] for s in schools_of),
            sum(s["pupils"] for s in schools_of), sum(s["open_l1318_cases"] for s in schools_of))
        assert (row["expected_half_days"], row["absent_half_days"], row["late_arrivals"]) == (
            expected, absent, late)
        assert row["attendance_rate"] == round(1 - absent / expected, 4)
        assert row["lateness_rate"] == round(late / expected, 4)
    assert rows[south.code]["absent_half_days"] == 3 * 3 + 3  # three classrooms: 3 + 1 each
    assert rows[north.circonscription.code]["schools"] == 2
