"""Small-count suppression: every commune figure about fewer than 5 pupils is masked —
``null`` and named in ``suppressed`` (the web app and the CSV write "moins de 5 élèves") —
tested at 4, 5 and 6 pupils. The IEN and the DASEN see exact figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.authority.helpers import (
    classroom_with_pupils,
    commune_officer,
    inspector,
    take_call,
)

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 11, 24)
MONDAY = date(2026, 11, 23)


def client(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


@pytest.mark.parametrize(("pupils", "shown"), [(4, None), (5, 5), (6, 6)])
def test_headcounts_mask_fewer_than_five_pupils(pupils, shown):
    classroom, _ = classroom_with_pupils(pupils)
    (row,) = client(commune_officer(classroom.school)).get(
        reverse("authority:headcounts")).json()["results"]
    assert row["pupils"] == shown
    assert row["classrooms"][0]["pupils"] == shown
    assert row["levels"][0]["pupils"] == shown
    assert ("pupils" in row["suppressed"]) is (shown is None)
    (exact,) = client(inspector(classroom.school)).get(
        reverse("authority:headcounts")).json()["results"]
    assert exact["pupils"] == pupils
    assert exact["suppressed"] == []


@pytest.mark.parametrize(("absent", "shown"), [(4, None), (5, 5), (6, 6)])
def test_attendance_masks_fewer_than_five_absent_pupils_and_the_rate(absent, shown):
    classroom, pupils = classroom_with_pupils(20)
    take_call(classroom, MONDAY, absent=pupils[:absent])
    take_call(classroom, MONDAY, "afternoon")
    (row,) = client(commune_officer(classroom.school)).get(
        reverse("authority:attendance"), {"period": "day", "date_from": "2026-11-23",
                                          "date_to": "2026-11-23"}).json()["results"]
    assert row["pupils"] == 20
    assert row["expected_half_days"] == 40
    assert row["absent_pupils"] == shown
    assert row["absent_half_days"] == shown
    if shown is None:
        assert row["attendance_rate"] is None
        assert {"absent_pupils", "absent_half_days", "attendance_rate"} <= set(row["suppressed"])
    else:
        assert row["attendance_rate"] == round(1 - absent / 40, 4)
    # no one late: 0 pupils concerned, masked too
    assert row["late_pupils"] is None
    assert "lateness_rate" in row["suppressed"]
    (exact,) = client(inspector(classroom.school)).get(
        reverse("authority:attendance"), {"period": "day", "date_from": "2026-11-23",
                                          "date_to": "2026-11-23"}).json()["results"]
    assert exact["absent_pupils"] == absent
    assert exact["late_pupils"] == 0


@pytest.mark.parametrize(("arrivals", "shown"), [(4, None), (5, 5), (6, 6)])
def test_movements_mask_fewer_than_five_arrivals(arrivals, shown):
    classroom, pupils = classroom_with_pupils(arrivals)
    pupils[0].enrolments.update(start_date=date(2026, 11, 2))
    for pupil in pupils[1:]:
        pupil.enrolments.update(start_date=date(2026, 11, 16))
    (row,) = client(commune_officer(classroom.school)).get(
        reverse("authority:movements"), {"month": "2026-11"}).json()["results"]
    assert row["arrivals"] == shown
    assert row["departures"] is None  # none: 0 pupils concerned
    assert set(row["suppressed"]) == ({"departures"} if shown else {"arrivals", "departures"})


@pytest.mark.parametrize(("pupils", "shown"), [(4, None), (5, 5), (6, 6)])
def test_canteen_masks_fewer_than_five_expected(pupils, shown):
    classroom, _ = classroom_with_pupils(pupils)
    (row,) = client(commune_officer(classroom.school)).get(
        reverse("authority:canteen")).json()["results"]
    assert row["days"][0]["date"] == "2026-11-24"
    assert row["days"][0]["expected"] == shown


@pytest.mark.parametrize(("pupils", "cell"), [(4, "moins de 5 élèves"), (5, "5"), (6, "6")])
def test_the_csv_writes_masked_figures_as_less_than_five(pupils, cell):
    classroom, _ = classroom_with_pupils(pupils)
    response = client(commune_officer(classroom.school)).get(
        reverse("authority:headcounts"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[-1] == "Élèves"
    assert lines[1].split(";")[-1] == cell
