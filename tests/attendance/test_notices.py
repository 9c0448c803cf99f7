"""A guardian announces an absence in advance: it pre-fills the call."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from preau.attendance.models import Absence, AbsenceNotice
from tests.attendance.helpers import marks

pytestmark = pytest.mark.django_db

THURSDAY = date(2026, 11, 26)
PARIS = ZoneInfo("Europe/Paris")


def notices_url(pupil) -> str:
    return f"/api/v1/attendance/pupils/{pupil.pk}/notices/"


def declare(client, pupil, **data):
    return client.post(notices_url(pupil), {"absence_reason": "maladie_enfant", **data},
                       format="json")


def test_an_announced_absence_pre_fills_the_sheet_and_carries_its_reason_into_the_call(
    world, client_for
):
    léa = world.pupils["A1"]
    classroom = world.classrooms["A1"]
    declared = declare(client_for("guardian"), léa, start_date="2026-11-26", half_day="morning",
                       comment="Rendez-vous chez l'orthophoniste")
    assert declared.status_code == 201, declared.content
    teacher = client_for("teacher")

    with time_machine.travel(datetime(2026, 11, 26, 8, 20, tzinfo=PARIS)):
        sheet = teacher.get(f"/api/v1/attendance/classrooms/{classroom.pk}/roll-call/").json()
        row = sheet["pupils"][0]
        assert (row["presence"], row["notice"]["id"]) == ("absent", declared.json()["id"])
        assert sheet["roll_call"] is None
        response = teacher.post(f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/",
                                {"date": "2026-11-26", "half_day": "morning",
                                 "absences": marks([léa])}, format="json")
        afternoon = teacher.get(f"/api/v1/attendance/classrooms/{classroom.pk}/roll-call/",
                                {"half_day": "afternoon"}).json()

    assert response.status_code == 201
    absence = Absence.objects.get()
    assert absence.notice_id == declared.json()["id"]
    assert (absence.justification_status, absence.reason) == ("pending", "maladie_enfant")
    assert absence.justified_by == world.user("guardian").person
    assert afternoon["pupils"][0]["presence"] == "present"  # the notice was for the morning


def test_a_pupil_announced_absent_who_came_after_all_is_present(world, client_for):
    léa = world.pupils["A1"]
    declare(client_for("guardian"), léa, start_date="2026-11-26")

    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=PARIS)):
        client_for("teacher").post(
            f"/api/v1/attendance/classrooms/{world.classrooms['A1'].pk}/roll-calls/",
            {"date": "2026-11-26", "half_day": "morning", "absences": []}, format="json")

    assert not Absence.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"start_date": "2026-11-23"}, "start_date"),
        ({"start_date": "2026-11-27", "end_date": "2026-11-26"}, "end_date"),
        ({"start_date": "2026-11-26", "end_date": "2026-11-27", "half_day": "morning"},
         "half_day"),
        ({"start_date": "2026-11-25"}, "start_date"),  # a Wednesday: no class
        ({"start_date": "2026-11-26", "absence_reason": "autre"}, "comment"),
        ({"start_date": "2026-11-26", "end_date": "2027-02-26"}, "end_date"),
    ],
    ids=["past", "end before start", "half-day over days", "no class", "other without comment",
         "too long"],
)
def test_a_bad_announcement_is_refused_naming_the_field(world, client_for, data, field):
    response = declare(client_for("guardian"), world.pupils["A1"], **data)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not AbsenceNotice.objects.exists()


def test_overlapping_announcements_are_refused(world, client_for):
    client = client_for("guardian")
    declare(client, world.pupils["A1"], start_date="2026-11-26", end_date="2026-11-27")

    overlapping = declare(client, world.pupils["A1"], start_date="2026-11-27",
                          half_day="afternoon")

    assert overlapping.status_code == 400
    assert AbsenceNotice.objects.count() == 1


def test_a_cancelled_announcement_no_longer_pre_fills(world, client_for):
    guardian = client_for("guardian")
    notice = declare(guardian, world.pupils["A1"], start_date="2026-11-26").json()

    cancelled = guardian.delete(f"/api/v1/attendance/notices/{notice['id']}/")
    listed = guardian.get(notices_url(world.pupils["A1"])).json()["results"]
    sheet = client_for("teacher").get(
        f"/api/v1/attendance/classrooms/{world.classrooms['A1'].pk}/roll-call/",
        {"date": "2026-11-26", "half_day": "morning"}).json()

    assert cancelled.status_code == 200
    assert listed[0]["cancelled_at"] is not None
    assert sheet["pupils"][0]["presence"] == "present"


def test_staff_see_announcements_but_only_guardians_make_them(world, client_for):
    declare(client_for("guardian"), world.pupils["A1"], start_date="2026-11-26")

    assert client_for("teacher").get(notices_url(world.pupils["A1"])).json()["count"] == 1
    assert declare(client_for("teacher"), world.pupils["A1"],
                   start_date="2026-11-27").status_code == 403
    assert declare(client_for("guardian_other"), world.pupils["A1"],
                   start_date="2026-11-27").status_code == 404
