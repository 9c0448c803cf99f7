"""The evacuation muster (issue 19): any of the school's staff starts an alert or a drill;
each class is listed with today's roll call applied; the staff tap pupils as found — from a
phone that may send its taps late; the director puts a class in a colleague's charge and
ends it into the registre de sécurité."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.safety.models import Muster, MusterPupil
from tests.attendance.helpers import take_call
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


@pytest.fixture
def tuesday():
    with time_machine.travel(TUESDAY_10):
        yield


def start(client, world, kind="fire", is_drill=True):
    return client.post(f"/api/v1/safety/schools/{world.schools['A'].pk}/musters/",
                       {"kind": kind, "is_drill": is_drill}, format="json")


def pupils_of(detail: dict) -> dict[int, dict]:
    return {p["pupil_id"]: p for c in detail["classes"] for p in c["pupils"]}


def test_a_teacher_starts_a_drill_with_the_morning_s_absent_pupils_set_apart(
        world, client_for, tuesday):
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY_10.date(),
              absent=[world.pupils["A1"]])

    response = start(client_for("teacher"), world)

    assert response.status_code == 201, response.content
    detail = response.json()
    assert (detail["kind"], detail["kind_label"], detail["is_drill"]) == (
        "fire", "Évacuation incendie", True)
    classes = {c["classroom_name"]: c for c in detail["classes"]}
    assert set(classes) == {world.classrooms["A1"].name, world.classrooms["A2"].name}
    a1 = classes[world.classrooms["A1"].name]
    assert a1["responsible_name"] == world.user("teacher").person.full_name
    lea = pupils_of(detail)[world.pupils["A1"].pk]
    assert (lea["first_name"], lea["absent_today"], lea["found_at"]) == ("Léa", True, None)
    assert pupils_of(detail)[world.pupils["A2"].pk]["absent_today"] is False
    assert world.pupils["B1"].pk not in pupils_of(detail)  # another school
    assert (detail["expected"], detail["found"], detail["missing"]) == (1, 0, 1)
    assert detail["may_end"] is True  # who started it may end it
    assert detail["may_assign"] is False  # only the director reassigns


def test_a_second_muster_while_one_is_under_way_is_a_409(world, client_for, tuesday):
    assert start(client_for("director"), world).status_code == 201
    response = start(client_for("teacher"), world, kind="ppms_intrusion")
    assert response.status_code == 409
    assert Muster.objects.count() == 1


def test_taps_arrive_late_and_in_any_order_and_the_earliest_found_wins(
        world, client_for, tuesday):
    detail = start(client_for("director"), world).json()
    url = f"/api/v1/safety/musters/{detail['id']}/marks/"
    hugo = world.pupils["A2"].pk
    teacher = client_for("teacher_other")
    at = TUESDAY_10 + timedelta(minutes=3)

    with time_machine.travel(TUESDAY_10 + timedelta(minutes=9)):
        # The phone was offline: its taps of 10:03 (found) and 10:05 (undone) and 10:06
        # (found again) arrive at 10:09, the later first.
        response = teacher.post(url, {"marks": [
            {"pupil": hugo, "found": True, "at": (at + timedelta(minutes=3)).isoformat()},
            {"pupil": hugo, "found": True, "at": at.isoformat()},
        ]}, format="json")
        assert response.status_code == 200
        assert pupils_of(response.json())[hugo]["found_at"] == at.isoformat()
        # An undo made before the tap it would undo changes nothing.
        early_undo = teacher.post(url, {"marks": [
            {"pupil": hugo, "found": False, "at": (at - timedelta(minutes=1)).isoformat()}]},
            format="json")
        assert pupils_of(early_undo.json())[hugo]["found_at"] == at.isoformat()
        undo = teacher.post(url, {"marks": [{"pupil": hugo, "found": False}]}, format="json")
        assert pupils_of(undo.json())[hugo]["found_at"] is None


@pytest.mark.parametrize(("mark", "field"), [
    ({"found": True}, "marks.0.pupil"),  # a pupil of another school
    ({"found": True, "at": "2026-12-01T08:00:00+01:00"}, "marks.0.at"),  # before the start
    ({"found": True, "at": "2026-12-01T11:00:00+01:00"}, "marks.0.at"),  # in the future
    ({"found": "peut-être"}, "marks.0.found"),
])
def test_a_bad_tap_is_a_400_naming_it_and_writes_nothing(world, client_for, tuesday, mark,
                                                         field):
    detail = start(client_for("director"), world).json()
    pupil = world.pupils["B1" if field == "marks.0.pupil" else "A2"].pk
    good = {"pupil": world.pupils["A2"].pk, "found": True}
    response = client_for("teacher").post(
        f"/api/v1/safety/musters/{detail['id']}/marks/",
        {"marks": [{"pupil": pupil, **mark}, good]}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not MusterPupil.objects.filter(found_at__isnull=False).exists()


def test_a_tap_sent_after_the_end_counts_if_made_before_it(world, client_for, tuesday):
    detail = start(client_for("director"), world).json()
    hugo = world.pupils["A2"].pk
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=12)):
        ended = client_for("director").post(f"/api/v1/safety/musters/{detail['id']}/end/",
                                            {"observations": ""}, format="json")
        assert ended.status_code == 200
    url = f"/api/v1/safety/musters/{detail['id']}/marks/"
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=30)):
        made_before = (TUESDAY_10 + timedelta(minutes=4)).isoformat()
        response = client_for("teacher_other").post(
            url, {"marks": [{"pupil": hugo, "found": True, "at": made_before}]}, format="json")
        assert response.status_code == 200
        assert pupils_of(response.json())[hugo]["found_at"] == made_before
        late = client_for("teacher_other").post(url, {"marks": [{"pupil": hugo, "found": True}]},
                                                format="json")
        assert late.status_code == 400


def test_the_director_puts_a_class_in_a_colleague_s_charge(world, client_for, tuesday):
    detail = start(client_for("teacher"), world).json()
    url = f"/api/v1/safety/musters/{detail['id']}/assignments/"
    a2 = world.classrooms["A2"].pk
    colleague = world.user("teacher").person_id

    assert client_for("teacher").post(url, {"classroom": a2, "responsible": colleague},
                                      format="json").status_code == 403
    stranger = client_for("director").post(
        url, {"classroom": a2, "responsible": world.user("director_other").person_id},
        format="json")
    assert stranger.status_code == 400
    assert "responsible" in stranger.json()["error"]["fields"]
    response = client_for("director").post(url, {"classroom": a2, "responsible": colleague},
                                           format="json")
    assert response.status_code == 200
    a2_class = next(c for c in response.json()["classes"] if c["classroom_id"] == a2)
    assert a2_class["responsible_name"] == world.user("teacher").person.full_name


def test_only_the_director_or_who_started_it_ends_it_into_the_register(
        world, client_for, tuesday):
    detail = start(client_for("teacher"), world).json()
    url = f"/api/v1/safety/musters/{detail['id']}/end/"
    assert client_for("teacher_other").post(url, {}, format="json").status_code == 403
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=7)):
        response = client_for("director").post(
            url, {"observations": "Alarme inaudible dans le préau."}, format="json")
    assert response.status_code == 200
    assert response.json()["ended_at"] is not None
    assert client_for("director").post(url, {}, format="json").status_code == 400  # ended

    register = client_for("teacher").get(
        f"/api/v1/safety/schools/{world.schools['A'].pk}/musters/").json()["results"]
    assert [(r["kind"], r["observations"], r["expected_count"], r["missing_count"])
            for r in register] == [("fire", "Alarme inaudible dans le préau.", 2, 2)]


def test_the_muster_costs_the_same_queries_for_a_class_of_two_or_of_thirty(
        world, client_for, tuesday):
    detail = start(client_for("director"), world).json()
    client = client_for("director")
    url = f"/api/v1/safety/musters/{detail['id']}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Muster.objects.all().delete()
    for _ in range(30):
        EnrolmentFactory(classroom=world.classrooms["A1"])
    detail = start(client, world).json()
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/api/v1/safety/musters/{detail['id']}/")
    assert len(response.json()["classes"][0]["pupils"]) + len(
        response.json()["classes"][1]["pupils"]) >= 32
    assert len(many) == len(few)
