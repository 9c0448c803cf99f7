"""L131-8: four or more absent half-days without a legitimate reason in a calendar month
open a case for the director; the exact boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from preau.attendance import events
from preau.attendance.models import Absence, AbsenteeismCase
from preau.attendance.services import absence_accept, absence_justify, roll_call_correct
from tests.attendance.helpers import add_pupils, marks, take_call

pytestmark = pytest.mark.django_db

# School half-days of November 2026 (zone C, 4-day week), all before "today" (24/11).
NOVEMBER = [(date(2026, 11, 2), "morning"), (date(2026, 11, 2), "afternoon"),
            (date(2026, 11, 3), "morning"), (date(2026, 11, 3), "afternoon"),
            (date(2026, 11, 5), "morning"), (date(2026, 11, 5), "afternoon")]
OCTOBER = [(date(2026, 10, 12), "morning"), (date(2026, 10, 13), "morning"),
           (date(2026, 10, 15), "morning")]


@pytest.fixture
def published(monkeypatch) -> list[tuple[dict, list[int]]]:
    sent: list = []
    monkeypatch.setattr(events, "publish_on_commit",
                        lambda *, event, user_ids: sent.append((event, sorted(set(user_ids)))))
    return sent


def absent_on(world, half_days, pupil=None, *, late=False):
    pupil = pupil or world.pupils["A1"]
    calls = []
    for on, half_day in half_days:
        calls.append(take_call(world.user("teacher"), world.classrooms["A1"], on, half_day,
                               absent=[] if late else [pupil],
                               late={pupil: 10} if late else None))
    return calls


def case_events(published) -> list[dict]:
    return [event for event, _ in published if event["type"] == events.CASE_OPENED]


def test_three_unjustified_half_days_open_no_case(world, published):
    absent_on(world, NOVEMBER[:3])

    assert not AbsenteeismCase.objects.exists()
    assert case_events(published) == []


def test_the_fourth_opens_a_case_and_alerts_the_director(world, published):
    absent_on(world, NOVEMBER[:4])

    case = AbsenteeismCase.objects.get()
    assert (case.pupil, case.month, case.unjustified_half_days, case.status) == (
        world.pupils["A1"], date(2026, 11, 1), 4, "open")
    (alert,) = [(e, users) for e, users in published if e["type"] == events.CASE_OPENED]
    assert alert[0]["case_id"] == case.pk
    assert alert[1] == [world.user("director").pk]


def test_a_fifth_half_day_updates_the_same_case(world, published):
    absent_on(world, NOVEMBER[:5])

    assert AbsenteeismCase.objects.get().unjustified_half_days == 5
    assert len(case_events(published)) == 1


def test_justified_half_days_do_not_count(world, published):
    absent_on(world, NOVEMBER[:3])
    justified = Absence.objects.order_by("date", "half_day").first()
    absence_justify(actor=world.user("director"), absence=justified, reason="maladie_enfant")

    absent_on(world, NOVEMBER[3:4])

    assert not AbsenteeismCase.objects.exists()


def test_a_justification_waiting_or_for_another_reason_still_counts(world, published):
    absent_on(world, NOVEMBER[:2])
    first, second = Absence.objects.order_by("date", "half_day")
    absence_justify(actor=world.user("guardian"), absence=first, reason="maladie_enfant")
    absence_justify(actor=world.user("guardian"), absence=second, reason="autre",
                    comment="Fatigue")
    absence_accept(actor=world.user("director"), absence=second)  # accepted, not legitimate

    absent_on(world, NOVEMBER[2:4])

    assert AbsenteeismCase.objects.get().unjustified_half_days == 4


def test_accepting_a_legitimate_reason_lowers_the_count_but_keeps_the_case(world, published):
    absent_on(world, NOVEMBER[:4])
    absence = Absence.objects.order_by("date", "half_day").first()
    absence_justify(actor=world.user("guardian"), absence=absence, reason="maladie_enfant")

    absence_accept(actor=world.user("director"), absence=absence)

    case = AbsenteeismCase.objects.get()
    assert (case.unjustified_half_days, case.status) == (3, "open")


def test_the_count_restarts_each_calendar_month(world, published):
    absent_on(world, OCTOBER)
    absent_on(world, NOVEMBER[:3])

    assert not AbsenteeismCase.objects.exists()

    absent_on(world, NOVEMBER[3:4])

    assert list(AbsenteeismCase.objects.values_list("month", "unjustified_half_days")) == [
        (date(2026, 11, 1), 4)]


def test_a_late_arrival_is_not_an_absent_half_day(world, published):
    absent_on(world, NOVEMBER[:3])
    absent_on(world, NOVEMBER[3:6], late=True)

    assert not AbsenteeismCase.objects.exists()


def test_cases_are_per_pupil(world, published):
    brother = add_pupils(world.classrooms["A1"], 1)[0]
    for index, (on, half_day) in enumerate(NOVEMBER[:4]):
        take_call(world.user("teacher"), world.classrooms["A1"], on, half_day,
                  absent=[world.pupils["A1"] if index % 2 else brother])

    assert not AbsenteeismCase.objects.exists()


def test_a_correction_that_adds_the_fourth_opens_the_case(world, published):
    calls = absent_on(world, NOVEMBER[:3])
    call = take_call(world.user("teacher"), world.classrooms["A1"], *NOVEMBER[3])

    roll_call_correct(actor=world.user("director"), roll_call=call, expected_version=1,
                      absences=marks([world.pupils["A1"]]))

    assert AbsenteeismCase.objects.get().unjustified_half_days == 4
    assert len(calls) == 3


CASES = "/api/v1/attendance/cases/"


def test_the_director_follows_a_case_through_its_statuses(world, client_for, published):
    absent_on(world, NOVEMBER[:4])
    case = AbsenteeismCase.objects.get()
    director = client_for("director")
    url = f"{CASES}{case.pk}/"

    listed = director.get(CASES, {"case_status": "open"}).json()["results"]
    contacted = director.patch(url, {"case_status": "family_contacted", "on": "2026-11-20",
                                     "note": "Entretien avec la mère"}, format="json")
    backwards = director.patch(url, {"case_status": "open"}, format="json")
    future = director.patch(url, {"case_status": "closed", "on": "2026-12-01"}, format="json")
    reported = director.patch(url, {"case_status": "reported_to_dasen"}, format="json")
    closed = director.patch(url, {"case_status": "closed", "note": "Assiduité revenue"},
                            format="json")

    assert [row["id"] for row in listed] == [case.pk]
    assert contacted.status_code == 200, contacted.content
    assert contacted.json()["family_contacted_on"] == "2026-11-20"
    assert backwards.status_code == 400
    assert backwards.json()["error"]["fields"].keys() == {"case_status"}
    assert future.json()["error"]["fields"].keys() == {"on"}
    assert reported.json()["reported_on"] == "2026-11-24"
    body = closed.json()
    assert (body["case_status"], body["closed_on"]) == ("closed", "2026-11-24")
    assert body["notes"].splitlines()[0].startswith("20/11/2026 — Famille contactée — "
                                                    "Entretien avec la mère")
    assert len(body["notes"].splitlines()) == 3
    assert director.get(CASES, {"case_status": "open"}).json()["count"] == 0


def test_teachers_do_not_see_cases_and_other_directors_get_404(world, client_for, published):
    absent_on(world, NOVEMBER[:4])
    case = AbsenteeismCase.objects.get()

    assert client_for("teacher").get(CASES).json()["count"] == 0
    assert client_for("teacher").get(f"{CASES}{case.pk}/").status_code == 404
    assert client_for("director_other").patch(f"{CASES}{case.pk}/", {"note": "?"},
                                              format="json").status_code == 404


def test_a_case_update_needs_a_status_or_a_note(world, client_for, published):
    absent_on(world, NOVEMBER[:4])
    case = AbsenteeismCase.objects.get()

    response = client_for("director").patch(f"{CASES}{case.pk}/", {}, format="json")

    assert response.status_code == 400
    assert "case_status" in response.json()["error"]["fields"]
