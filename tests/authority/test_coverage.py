"""Every attendance rate says what it covers: the calls taken against the calls due (school
half-days begun × classrooms), and the schools left out of it. A school with too few
calls (under 80 % of those due) is shown as such and is not folded into a wider rate.

Now is Tuesday 24 November 2026, 10:00 (``conftest``): this week, Monday's two half-days
and Tuesday morning are due (three calls per classroom; Tuesday afternoon has not begun,
Wednesday has no class); this month, the 13 days of class since the Toussaint holidays
(11 November is a bank holiday, and a Wednesday) and this morning: 27 calls.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from preau.schools.models import SchoolClosure
from tests.authority.helpers import (
    classroom_with_pupils,
    commune_officer,
    inspector,
    take_call,
    take_every_call,
)
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)
RENTREE = date(2026, 11, 2)  # the day after the Toussaint holidays
MASKED = "moins de 5 élèves"


def client(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")),
                               delimiter=";"))


def three_schools():
    """Full: every call of the month, two pupils absent on Monday morning. One call: only
    this morning's, everyone absent. None: no call at all. Ten pupils each."""
    full = SchoolFactory(name="A pleine")
    one = SchoolFactory(name="B un appel", circonscription=full.circonscription,
                        commune=full.commune)
    none = SchoolFactory(name="C sans appel", circonscription=full.circonscription,
                         commune=full.commune)
    full_class, full_pupils = classroom_with_pupils(10, school=full)
    take_every_call(full_class, RENTREE, TUESDAY, skip={(MONDAY, "morning")})
    take_call(full_class, MONDAY, absent=full_pupils[:2])
    one_class, one_pupils = classroom_with_pupils(10, school=one)
    take_call(one_class, TUESDAY, absent=one_pupils)
    classroom_with_pupils(10, school=none)
    return full, one, none


def test_the_headline_rate_counts_only_the_covered_schools_and_says_who_is_left_out():
    full, _one, _none = three_schools()
    overview = client(inspector(full)).get(reverse("authority:overview")).json()

    # 27 calls × 10 pupils, 2 absent half-days: the school that called every half-day;
    # the school with one call (everyone absent) would have pulled it down to 96 %.
    assert overview["attendance_rate_this_month"] == round(1 - 2 / 270, 4)
    assert overview["attendance_coverage"] == {
        "calls_due": 3 * 27, "calls_taken": 27 + 1, "coverage": round(28 / 81, 4),
        "threshold": 0.8, "schools": 3, "schools_covered": 1, "schools_left_out": 2,
        "schools_without_calls": 1}


def test_a_school_without_calls_and_a_short_week_in_the_attendance_table():
    full, _one, none = three_schools()
    # a closure of the school without calls on Monday: its week is one half-day long
    SchoolClosure.objects.create(school=none, start_date=MONDAY, end_date=MONDAY,
                                 reason="Grève")
    api = client(inspector(full))
    rows = {row["school"]["name"]: row for row in api.get(
        reverse("authority:attendance"), {"period": "week"}).json()["results"]}

    # the week so far is three half-days (Monday, Tuesday morning), all called: covered
    assert {k: rows["A pleine"][k] for k in (
        "period_start", "roll_calls", "calls_due", "coverage", "coverage_sufficient",
        "attendance_rate")} == {
        "period_start": "2026-11-23", "roll_calls": 3, "calls_due": 3, "coverage": 1.0,
        "coverage_sufficient": True, "attendance_rate": round(1 - 2 / 30, 4)}
    # one call of three: too few, no rate (and not "0 %" although everyone was absent)
    assert {k: rows["B un appel"][k] for k in (
        "roll_calls", "calls_due", "coverage_sufficient", "absent_half_days",
        "attendance_rate")} == {
        "roll_calls": 1, "calls_due": 3, "coverage_sufficient": False, "absent_half_days": 10,
        "attendance_rate": None}
    # no call at all: a row all the same, with its calls due (Monday closed) and no figure
    assert {k: rows["C sans appel"][k] for k in (
        "roll_calls", "calls_due", "coverage", "coverage_sufficient", "pupils",
        "attendance_rate", "suppressed")} == {
        "roll_calls": 0, "calls_due": 1, "coverage": 0.0, "coverage_sufficient": False,
        "pupils": None, "attendance_rate": None, "suppressed": []}

    exported = {row["École"]: row for row in csv_rows(api.get(
        reverse("authority:attendance"), {"period": "week", "format": "csv"}))}
    assert (exported["A pleine"]["Appels faits"], exported["A pleine"]["Appels dus"],
            exported["A pleine"]["Couverture"]) == ("3", "3", "1.0")
    assert exported["B un appel"]["Couverture"] == "couverture insuffisante (1/3)"
    assert exported["B un appel"]["Taux de présence"] == "couverture insuffisante"
    assert exported["C sans appel"]["Couverture"] == "couverture insuffisante (0/1)"
    assert exported["C sans appel"]["Taux de présence"] == "couverture insuffisante"


def test_future_half_days_are_never_due():
    school = SchoolFactory()
    classroom, _ = classroom_with_pupils(6, school=school)
    take_every_call(classroom, MONDAY, TUESDAY)  # Monday, and Tuesday morning
    (row,) = client(inspector(school)).get(
        reverse("authority:attendance"),
        {"period": "week", "date_from": "2026-11-23", "date_to": "2026-11-27"}).json()["results"]
    assert (row["roll_calls"], row["calls_due"], row["coverage_sufficient"]) == (3, 3, True)


def test_the_circonscription_rate_leaves_out_the_schools_with_too_few_calls():
    from tests.authority.helpers import dasen

    full, _one, _none = three_schools()
    (row,) = client(dasen(full)).get(reverse("authority:circonscription-list")).json()["results"]
    assert (row["expected_half_days"], row["absent_half_days"], row["attendance_rate"]) == (
        270, 2, round(1 - 2 / 270, 4))
    assert {k: row["attendance_coverage"][k] for k in (
        "calls_due", "calls_taken", "schools_covered", "schools_left_out",
        "schools_without_calls")} == {
        "calls_due": 81, "calls_taken": 28, "schools_covered": 1, "schools_left_out": 2,
        "schools_without_calls": 1}
    (exported,) = csv_rows(client(dasen(full)).get(
        reverse("authority:circonscription-list"), {"format": "csv"}))
    assert (exported["Appels dus"], exported["Appels faits"], exported["Écoles hors du taux"],
            exported["dont sans aucun appel"]) == ("81", "28", "2", "1")


def is_number(text: str) -> bool:
    try:
        float(text.replace(",", ".").rstrip(" %"))
    except ValueError:
        return False
    return True


def test_a_masked_rate_is_never_a_number_in_json_or_csv():
    """Three pupils absent of ten, in a commune's school: the absent pupils are masked, and
    so is every rate computed from them — with the calls covering the week or not."""
    school = SchoolFactory()
    covered, covered_pupils = classroom_with_pupils(10, school=school, name="CP")
    take_every_call(covered, MONDAY, TUESDAY, skip={(MONDAY, "morning")})
    take_call(covered, MONDAY, absent=covered_pupils[:3], late=covered_pupils[3:4])
    short, short_pupils = classroom_with_pupils(10, school=school, name="CE1")
    take_call(short, MONDAY, absent=short_pupils[:3])
    api = client(commune_officer(school))
    params = {"period": "week", "by": "classroom"}

    rows = api.get(reverse("authority:attendance"), params).json()["results"]
    assert [row["classroom"]["name"] for row in rows] == ["CE1", "CP"]
    for row in rows:
        for rate in ("attendance_rate", "lateness_rate"):
            assert row[rate] is None
            assert rate in row["suppressed"]
        assert row["absent_pupils"] is None

    for row in csv_rows(api.get(reverse("authority:attendance"), {**params, "format": "csv"})):
        for column in ("Taux de présence", "Taux de retard", "Élèves absents",
                       "Élèves en retard"):
            assert row[column] == MASKED, (row["Classe"], column)
            assert not is_number(row[column])

    # the inspector reads the same rows exactly
    exact = client(inspector(school)).get(reverse("authority:attendance"), params).json()
    cp = next(row for row in exact["results"] if row["classroom"]["name"] == "CP")
    assert (cp["absent_pupils"], cp["attendance_rate"], cp["suppressed"]) == (
        3, round(1 - 3 / 30, 4), [])


def test_the_communes_headline_rate_from_a_masked_count_is_masked():
    school = SchoolFactory()
    classroom, pupils = classroom_with_pupils(10, school=school)
    take_every_call(classroom, RENTREE, TUESDAY, skip={(MONDAY, "morning")})
    take_call(classroom, MONDAY, absent=pupils[:3])
    overview = client(commune_officer(school)).get(reverse("authority:overview")).json()
    assert overview["attendance_coverage"]["schools_covered"] == 1
    assert overview["attendance_rate_this_month"] is None
    assert "attendance_rate_this_month" in overview["suppressed"]
    exact = client(inspector(school)).get(reverse("authority:overview")).json()
    assert exact["attendance_rate_this_month"] == round(1 - 3 / 270, 4)


def test_the_coverage_follows_the_filters_of_the_table():
    full, _one, _none = three_schools()
    other = SchoolFactory(name="D autre commune", circonscription=full.circonscription)
    classroom_with_pupils(6, school=other)
    api = client(inspector(full))
    rows = api.get(reverse("authority:attendance"),
                   {"period": "week", "commune": full.commune.insee_code}).json()["results"]
    assert [row["school"]["name"] for row in rows] == ["A pleine", "B un appel", "C sans appel"]
    (row,) = api.get(reverse("authority:attendance"),
                     {"period": "week", "search": "autre"}).json()["results"]
    assert (row["school"]["name"], row["roll_calls"], row["calls_due"]) == (
        "D autre commune", 0, 3)
