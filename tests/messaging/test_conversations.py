"""Conversations through the API: inbox, unread counts, read markers, catch-up, Markdown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from preau.messaging.models import Message
from tests.messaging.helpers import CREATE, messages_url, read_url, start_conversation

pytestmark = pytest.mark.django_db

INBOX = reverse("messaging:conversation-list")
UNREAD = reverse("messaging:unread")


def test_a_new_message_is_unread_for_the_recipient_only(world, client_of, live):
    # given a guardian who writes to the teacher
    guardian, teacher = client_of(world.user("guardian")), client_of(world.user("teacher"))
    sent, response = live(lambda: guardian.post(CREATE, {
        "recipients": [world.user("teacher").pk], "subject": "Cantine",
        "body": "Léa mange à la cantine jeudi."}, format="json"))
    assert response.status_code == 201
    # then the teacher's inbox counts it unread, the guardian's does not
    assert teacher.get(INBOX).json()["results"][0]["unread_count"] == 1
    assert guardian.get(INBOX).json()["results"][0]["unread_count"] == 0
    assert teacher.get(UNREAD).json()["unread_messages"] == 1
    # and the teacher alone was told, with the cursor to catch up with
    ((event, user_ids),) = sent
    assert user_ids == [world.user("teacher").pk]
    assert event["type"] == "message.created"
    assert event["message_id"] == Message.objects.get().pk
    assert event["excerpt"] == "Léa mange à la cantine jeudi."


def test_reading_moves_the_marker_forward_and_sends_a_read_receipt(world, client_of, live):
    guardian, teacher = client_of(world.user("guardian")), client_of(world.user("teacher"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    guardian.post(messages_url(conversation["id"]), {"body": "Et vendredi aussi."}, format="json")
    assert teacher.get(read_url(conversation["id"])).json()["unread_count"] == 2

    # when the teacher reads everything
    sent, response = live(lambda: teacher.post(read_url(conversation["id"]), {}, format="json"))
    # then nothing is unread and the guardian gets a read receipt
    assert response.json()["unread_count"] == 0
    last = Message.objects.order_by("pk").last().pk
    assert response.json()["last_read_message_id"] == last
    ((event, user_ids),) = sent
    assert (event["type"], event["last_read_message_id"], user_ids) == (
        "conversation.read", last, [world.user("guardian").pk])
    participants = {p["user_id"]: p["last_read_message_id"]
                    for p in guardian.get(INBOX).json()["results"][0]["participants"]}
    assert participants[world.user("teacher").pk] == last
    # and reading an older message never moves the marker back, nor tells anyone
    first = Message.objects.order_by("pk").first().pk
    sent, response = live(lambda: teacher.post(read_url(conversation["id"]),
                                               {"up_to_message_id": first}, format="json"))
    assert response.json()["last_read_message_id"] == last
    assert sent == []


def test_messages_and_inbox_catch_up_after_a_cursor(world, client_of):
    guardian, teacher = client_of(world.user("guardian")), client_of(world.user("teacher"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    seen = Message.objects.get().pk
    for text in ["un", "deux", "trois"]:
        guardian.post(messages_url(conversation["id"]), {"body": text}, format="json")

    missed = teacher.get(messages_url(conversation["id"]), {"after": seen}).json()
    assert [m["body"] for m in missed["results"]] == ["un", "deux", "trois"]
    newest = missed["results"][-1]["id"]
    assert teacher.get(messages_url(conversation["id"]), {"after": newest}).json()["count"] == 0
    assert [c["id"] for c in teacher.get(INBOX, {"after": seen}).json()["results"]] == [
        conversation["id"]]
    assert teacher.get(INBOX, {"after": newest}).json()["count"] == 0


def test_markdown_is_rendered_safely(world, client_of):
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(
        guardian, recipients=[world.user("teacher")],
        body="**Merci** <script>alert(1)</script> [clic](javascript:alert(1)) "
             "[site](https://ecole.example.fr)")
    (message,) = guardian.get(messages_url(conversation["id"])).json()["results"]
    html = message["body_html"]
    assert "<strong>Merci</strong>" in html
    assert "<script" not in html
    assert 'href="https://ecole.example.fr"' in html
    assert 'href="javascript' not in html


@pytest.mark.parametrize(
    ("body", "field"),
    [({"recipients": [], "subject": "a", "body": "b"}, "recipients"),
     ({"recipients": ["x"], "subject": "a", "body": "b"}, "recipients.0"),
     ({"recipients": [1], "subject": "", "body": "b"}, "subject"),
     ({"recipients": [1], "subject": "a" * 201, "body": "b"}, "subject"),
     ({"recipients": [1], "subject": "a"}, "body"),
     ({"recipients": [1], "subject": "a", "body": "b", "school": 0}, "school")],
)
def test_a_bad_new_conversation_is_a_400_naming_the_field(world, client_of, body, field):
    response = client_of(world.user("guardian")).post(CREATE, body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert Message.objects.count() == 0


def test_bad_reply_and_read_inputs_are_400s_naming_the_field(world, client_of):
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    response = guardian.post(messages_url(conversation["id"]), {"body": ""}, format="json")
    assert (response.status_code, list(response.json()["error"]["fields"])) == (400, ["body"])
    response = guardian.post(read_url(conversation["id"]), {"up_to_message_id": -3},
                             format="json")
    assert (response.status_code, list(response.json()["error"]["fields"])) == (
        400, ["up_to_message_id"])
    response = guardian.patch(reverse("messaging:conversation-detail",
                                      kwargs={"conversation_id": conversation["id"]}),
                              {"director_in_copy": False}, format="json")
    assert (response.status_code, list(response.json()["error"]["fields"])) == (
        400, ["director_in_copy"])


def test_someone_outside_a_conversation_gets_404_everywhere(world, client_of):
    conversation = start_conversation(client_of(world.user("guardian")),
                                      recipients=[world.user("teacher")])
    outsider = client_of(world.user("teacher_other"))
    detail = reverse("messaging:conversation-detail", kwargs={"conversation_id": conversation["id"]})
    for response in [outsider.get(detail), outsider.get(messages_url(conversation["id"])),
                     outsider.post(messages_url(conversation["id"]), {"body": "x"}, format="json"),
                     outsider.post(read_url(conversation["id"]), {}, format="json")]:
        assert response.status_code == 404
    assert Message.objects.count() == 1


def test_the_inbox_shows_the_newest_activity_first(world, client_of):
    guardian = client_of(world.user("guardian"))
    first = start_conversation(guardian, recipients=[world.user("teacher")], subject="Un")
    second = start_conversation(guardian, recipients=[world.user("director")], subject="Deux")
    assert [c["id"] for c in guardian.get(INBOX).json()["results"]] == [second["id"], first["id"]]
    guardian.post(messages_url(first["id"]), {"body": "Relance"}, format="json")
    inbox = guardian.get(INBOX).json()["results"]
    assert [c["id"] for c in inbox] == [first["id"], second["id"]]
    assert inbox[0]["last_message"]["excerpt"] == "Relance"


def test_the_unread_filter_keeps_conversations_with_something_new(world, client_of):
    guardian, teacher = client_of(world.user("guardian")), client_of(world.user("teacher"))
    read = start_conversation(guardian, recipients=[world.user("teacher")], subject="Lu")
    unread = start_conversation(guardian, recipients=[world.user("teacher")], subject="Non lu")
    teacher.post(read_url(read["id"]), {}, format="json")
    assert [c["id"] for c in teacher.get(INBOX, {"unread": "true"}).json()["results"]] == [
        unread["id"]]
    totals = teacher.get(UNREAD).json()
    assert (totals["unread_messages"], totals["unread_conversations"]) == (1, 1)
