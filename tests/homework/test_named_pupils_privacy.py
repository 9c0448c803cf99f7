"""Homework aimed at named pupils: a family sees only its own children among them.

A field probe: the family of pupil A reads every answer and live event that carries the
homework, and neither pupil B's id nor B's name appears anywhere in them.
"""

from __future__ import annotations

import json

import pytest

from preau.homework import events
from tests.factories import EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db

FAMILY = ("guardian", "guardian_2", "pupil")


def mentions(payload, person) -> list[str]:
    """Where ``person`` shows in a JSON payload: by name anywhere, or by id under a key
    that names a person (``id`` of a person, ``pupil``, ``pupil_id``, ``pupils``…)."""
    found = [name for name in (person.first_name, person.last_name)
             if name in json.dumps(payload, ensure_ascii=False)]

    def walk(value, key=""):
        if isinstance(value, dict):
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif value == person.pk and not isinstance(value, bool) and (
                key == "id" or "pupil" in key or "person" in key):
            found.append(f"{key}={value}")

    walk(payload)
    return found


@pytest.fixture
def named_homework(world, client_for):
    classmate = PupilFactory(first_name="Zéphyrine", last_name="Sondelieu")
    EnrolmentFactory(pupil=classmate, classroom=world.classrooms["A1"])
    response = client_for("teacher").post(
        f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/homework/",
        {"subject": "francais", "instructions": "Exposé à deux", "due_date": "2026-11-27",
         "audience": "pupils", "pupils": [world.pupils["A1"].pk, classmate.pk]},
        format="json")
    assert response.status_code == 201, response.content
    return response.json(), classmate


def family_reads(client, homework: dict) -> list:
    week = {"start": "2026-11-23", "end": "2026-12-06"}
    answers = [
        client.get("/api/v1/homework/children/", week),
        client.get(f"/api/v1/homework/items/{homework['id']}/"),
        client.get(f"/api/v1/homework/classrooms/{homework['classroom_id']}/homework/", week),
    ]
    return [answer.json() for answer in answers if answer.status_code == 200]


@pytest.mark.parametrize("role", FAMILY)
def test_a_family_sees_its_own_child_among_the_named_pupils_and_no_classmate(
        world, client_for, named_homework, role):
    homework, classmate = named_homework

    answers = family_reads(client_for(role), homework)

    assert len(answers) >= 2  # the children's week and the homework itself at least
    for answer in answers:
        assert mentions(answer, classmate) == []
    detail = client_for(role).get(f"/api/v1/homework/items/{homework['id']}/").json()
    assert [pupil["id"] for pupil in detail["pupils"]] == [world.pupils["A1"].pk]


def test_the_classrooms_teacher_still_sees_every_named_pupil(world, client_for,
                                                           named_homework):
    homework, classmate = named_homework

    detail = client_for("teacher").get(f"/api/v1/homework/items/{homework['id']}/").json()

    assert {pupil["id"] for pupil in detail["pupils"]} == {world.pupils["A1"].pk, classmate.pk}
    assert mentions(homework, classmate) != []  # the probe does find a pupil where one is


def test_live_events_of_named_homework_carry_no_classmate(world, client_for, monkeypatch):
    sent: list = []
    monkeypatch.setattr(events, "publish_on_commit",
                        lambda *, event, user_ids: sent.append((event, set(user_ids))))
    classmate = PupilFactory(first_name="Zéphyrine", last_name="Sondelieu")
    EnrolmentFactory(pupil=classmate, classroom=world.classrooms["A1"])
    created = client_for("teacher").post(
        f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/homework/",
        {"subject": "francais", "instructions": "Exposé à deux", "due_date": "2026-11-27",
         "audience": "pupils", "pupils": [world.pupils["A1"].pk, classmate.pk]},
        format="json").json()
    client_for("pupil").put(f"/api/v1/homework/items/{created['id']}/done/",
                            {"pupil": world.pupils["A1"].pk, "done": True}, format="json")

    family = {world.user(role).pk for role in FAMILY}
    received = [event for event, user_ids in sent if user_ids & family]
    assert {event["type"] for event in received} == {"homework.changed", "homework.done"}
    for event in received:
        assert mentions(event, classmate) == []
