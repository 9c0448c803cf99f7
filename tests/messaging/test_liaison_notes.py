"""The cahier de liaison: audiences, per-guardian acknowledgement, reminders, private replies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from preau.messaging.models import Conversation, LiaisonNote, LiaisonNoteDelivery
from tests.factories import EnrolmentFactory, GuardianshipFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTES = reverse("messaging:liaison-note-list")


def url(name: str, note_id: int) -> str:
    return reverse(f"messaging:liaison-note-{name}", kwargs={"note_id": note_id})


def write_note(client, **body):
    payload = {"title": "Piscine", "body": "Prévoir un **bonnet**.",
               "requires_acknowledgement": True, **body}
    response = client.post(NOTES, payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_both_legal_guardians_acknowledge_separately_and_the_author_sees_each(
    world, client_of, live
):
    # given a note of the teacher of A1 that asks for a signature
    teacher = client_of(world.user("teacher"))
    sent, response = live(lambda: teacher.post(NOTES, {
        "title": "Piscine", "body": "Prévoir un bonnet.", "audience": "classroom",
        "classroom": world.classrooms["A1"].pk, "requires_acknowledgement": True},
        format="json"))
    note = response.json()
    # the two legal guardians of Léa were told
    assert sorted(ids for _, ids in sent) == [sorted(
        [world.user("guardian").pk, world.user("guardian_2").pk])]
    table = url("acknowledgements", note["id"])
    assert [row["acknowledged_at"] for row in teacher.get(table).json()["results"]] == [None, None]

    # when the first guardian signs
    sent, response = live(lambda: client_of(world.user("guardian")).post(table))
    assert response.status_code == 200
    # then only that guardian's line is signed, and the author is told
    rows = {row["guardian"]["first_name"]: row for row in teacher.get(table).json()["results"]}
    assert rows["Sophie"]["acknowledged_at"] is not None
    assert rows["Sophie"]["acknowledged_by"]["id"] == world.user("guardian").pk
    assert rows["Karim"]["acknowledged_at"] is None
    ((event, user_ids),) = sent
    assert event["type"] == "liaison_note.acknowledged"
    assert (event["acknowledged_count"], event["delivery_count"]) == (1, 2)
    assert world.user("teacher").pk in user_ids

    # when the second guardian signs too
    client_of(world.user("guardian_2")).post(table)
    rows = teacher.get(table).json()["results"]
    assert all(row["acknowledged_at"] for row in rows)
    assert {row["acknowledged_by"]["id"] for row in rows} == {
        world.user("guardian").pk, world.user("guardian_2").pk}
    detail = teacher.get(url("detail", note["id"])).json()
    assert (detail["acknowledged_count"], detail["delivery_count"]) == (2, 2)


def test_a_guardian_sees_only_their_own_line_and_signs_once(world, client_of):
    note = write_note(client_of(world.user("teacher")), audience="classroom",
                      classroom=world.classrooms["A1"].pk)
    guardian = client_of(world.user("guardian"))
    assert guardian.post(url("acknowledgements", note["id"])).status_code == 200
    first = LiaisonNoteDelivery.objects.get(guardian=world.user("guardian").person).acknowledged_at
    assert guardian.post(url("acknowledgements", note["id"])).status_code == 200
    rows = guardian.get(url("acknowledgements", note["id"])).json()["results"]
    assert [row["guardian"]["first_name"] for row in rows] == ["Sophie"]
    assert LiaisonNoteDelivery.objects.get(
        guardian=world.user("guardian").person).acknowledged_at == first
    mine = guardian.get(url("detail", note["id"])).json()
    assert mine["delivery_count"] is None  # counts are the author's
    assert [d["pupil_first_name"] for d in mine["mine"]] == ["Léa"]
    assert mine["mine"][0]["acknowledged_at"] is not None


def test_the_reminder_reaches_only_the_guardians_who_have_not_signed(world, client_of, live):
    teacher = client_of(world.user("teacher"))
    note = write_note(teacher, audience="classroom", classroom=world.classrooms["A1"].pk)
    client_of(world.user("guardian")).post(url("acknowledgements", note["id"]))

    sent, response = live(lambda: teacher.post(url("reminders", note["id"])))

    assert response.status_code == 201
    assert response.json()["recipient_count"] == 1
    ((event, user_ids),) = sent
    assert (event["type"], user_ids) == ("liaison_note.reminded", [world.user("guardian_2").pk])
    rows = {row["guardian"]["first_name"]: row for row in
            teacher.get(url("acknowledgements", note["id"])).json()["results"]}
    assert rows["Karim"]["reminded_at"] is not None
    assert rows["Sophie"]["reminded_at"] is None
    assert len(teacher.get(url("reminders", note["id"])).json()["results"]) == 1
    # once everyone signed, there is no one left to remind
    client_of(world.user("guardian_2")).post(url("acknowledgements", note["id"]))
    response = teacher.post(url("reminders", note["id"]))
    assert (response.status_code, response.json()["error"]["code"]) == (400, "nothing_to_remind")


def test_a_guardian_replies_privately_to_the_author_in_one_thread(world, client_of, live):
    teacher = client_of(world.user("teacher"))
    note = write_note(teacher, audience="classroom", classroom=world.classrooms["A1"].pk)
    guardian = client_of(world.user("guardian"))

    sent, response = live(lambda: guardian.post(url("replies", note["id"]),
                                                {"body": "Léa n'a pas de bonnet."}, format="json"))
    assert response.status_code == 201
    ((event, user_ids),) = sent
    assert (event["type"], user_ids) == ("message.created", [world.user("teacher").pk])
    guardian.post(url("replies", note["id"]), {"body": "Nous en achetons un."}, format="json")
    client_of(world.user("guardian_2")).post(url("replies", note["id"]), {"body": "Merci"},
                                             format="json")

    # one private conversation per guardian, reused, between that guardian and the author
    conversations = Conversation.objects.filter(liaison_note_id=note["id"])
    assert conversations.count() == 2
    for conversation in conversations:
        assert conversation.participants.count() == 2
    assert len(teacher.get(url("replies", note["id"])).json()["results"]) == 2
    (mine,) = guardian.get(url("replies", note["id"])).json()["results"]
    assert mine["subject"] == "Réponse : Piscine"
    assert {p["user_id"] for p in mine["participants"]} == {
        world.user("guardian").pk, world.user("teacher").pk}


def test_the_author_does_not_reply_to_their_own_note(world, client_of):
    teacher = client_of(world.user("teacher"))
    note = write_note(teacher, audience="classroom", classroom=world.classrooms["A1"].pk)
    assert teacher.post(url("replies", note["id"]), {"body": "x"},
                        format="json").status_code == 403


def test_a_level_note_reaches_the_families_of_that_level_only(world, client_of):
    # given a CM2 pupil in the CM1-CM2 classroom, with a guardian
    cm2 = EnrolmentFactory(classroom=world.classrooms["A2"], level="CM2").pupil
    GuardianshipFactory(pupil=cm2, guardian=UserFactory(username="parent_cm2").person)
    note = write_note(client_of(world.user("director")), audience="level",
                      school=world.schools["A"].pk, level="CM1")
    guardians = set(LiaisonNoteDelivery.objects.filter(note_id=note["id"])
                    .values_list("guardian_id", flat=True))
    assert guardians == {world.user("guardian_other").person_id}


def test_a_note_to_one_pupil_reaches_that_pupil_s_legal_guardians_only(world, client_of):
    note = write_note(client_of(world.user("teacher")), audience="pupil",
                      pupil=world.pupils["A1"].pk)
    assert note["pupil"]["first_name"] == "Léa"
    assert LiaisonNoteDelivery.objects.filter(note_id=note["id"]).count() == 2
    assert client_of(world.user("guardian_other")).get(url("detail", note["id"])).status_code == 404


def test_guardians_who_are_not_legal_guardians_receive_no_note(world, client_of):
    step_parent = UserFactory(username="beau_parent").person
    GuardianshipFactory(pupil=world.pupils["A1"], guardian=step_parent, is_legal=False)
    note = write_note(client_of(world.user("teacher")), audience="classroom",
                      classroom=world.classrooms["A1"].pk)
    assert not LiaisonNoteDelivery.objects.filter(note_id=note["id"], guardian=step_parent).exists()


@pytest.mark.parametrize(("role", "audience"), [
    ("teacher", {"audience": "classroom", "classroom": "A2"}),
    ("teacher", {"audience": "school", "school": "A"}),
    ("teacher", {"audience": "level", "school": "A", "level": "CE2"}),
    ("teacher", {"audience": "pupil", "pupil": "A2"}),
    ("director", {"audience": "school", "school": "B"}),
    ("director", {"audience": "classroom", "classroom": "B1"}),
    ("guardian", {"audience": "classroom", "classroom": "A1"}),
])
def test_notes_outside_the_author_s_scope_are_refused_and_write_nothing(
    world, client_of, role, audience
):
    ids = {"classroom": world.classrooms, "school": world.schools, "pupil": world.pupils}
    body = {key: (ids[key][value].pk if key in ids else value) for key, value in audience.items()}
    response = client_of(world.user(role)).post(NOTES, {"title": "x", "body": "y", **body},
                                                format="json")
    assert response.status_code == 403
    assert LiaisonNote.objects.count() == 0


@pytest.mark.parametrize(("body", "field"), [
    ({"audience": "classroom"}, "classroom"),
    ({"audience": "level", "school": 1}, "level"),
    ({"audience": "school"}, "school"),
    ({"audience": "pupil", "classroom": 1, "pupil": 1}, "classroom"),
    ({"audience": "tous"}, "audience"),
    ({"audience": "school", "school": 1, "title": ""}, "title"),
])
def test_a_malformed_note_is_a_400_naming_the_field(world, client_of, body, field):
    response = client_of(world.user("director")).post(
        NOTES, {"title": "Sortie", "body": "Texte", **body}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_notes_catch_up_after_a_cursor_and_filter_those_to_sign(world, client_of):
    teacher = client_of(world.user("teacher"))
    first = write_note(teacher, audience="classroom", classroom=world.classrooms["A1"].pk)
    second = write_note(teacher, audience="classroom", classroom=world.classrooms["A1"].pk,
                        requires_acknowledgement=False)
    guardian = client_of(world.user("guardian"))
    assert [n["id"] for n in guardian.get(NOTES, {"after": first["id"]}).json()["results"]] == [
        second["id"]]
    assert [n["id"] for n in guardian.get(NOTES, {"to_acknowledge": "true"}).json()["results"]] == [
        first["id"]]
    assert guardian.get("/api/v1/messaging/unread/").json()["liaison_notes_to_acknowledge"] == 1
    response = guardian.post(url("acknowledgements", second["id"]))
    assert (response.status_code, response.json()["error"]["code"]) == (
        400, "acknowledgement_not_required")
