"""Who may write to whom: every sender role × every kind of recipient, through the API.

The expected answers below are written from the issue's rules, independently of
``WRITE_POLICY``: a refused send answers 403, writes nothing and publishes nothing; an
allowed one answers 201, stores the message and tells the recipient only.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from preau.messaging.models import Conversation, Message, Participant, SchoolMessagingSettings
from preau.messaging.permissions import WRITE_POLICY, Reach
from preau.messaging.selectors import _recipient_queries
from preau.people.models import Guardianship, StaffAssignment
from tests.factories import TeacherAssignmentFactory, UserFactory
from tests.world import World

pytestmark = pytest.mark.django_db

CREATE = reverse("messaging:conversation-list")
RECIPIENTS = reverse("messaging:recipient-list")

# Kinds of recipient, seen from school A (world of tests/world.py).
RECIPIENT_KINDS = [
    "teacher_a1",            # teacher of classroom A1 (pupil and guardian's child)
    "teacher_a2",            # another teacher of school A
    "teacher_b",             # a teacher of school B
    "director_a",
    "director_b",
    "guardian_a1",           # legal guardian of the A1 pupil
    "co_guardian_a1",        # the other legal guardian of the same pupil
    "guardian_a2",           # guardian of a pupil of classroom A2
    "guardian_b",            # guardian of a pupil of school B
    "pupil_a1",
    "commune_a",             # commune officer of school A's commune
    "commune_b",
    "inspector_a",           # IEN of school A's circonscription
    "inspector_b",
    "dasen",
]
SENDERS = {  # sender label → world role
    "pupil": "pupil", "guardian": "guardian", "teacher": "teacher", "director": "director",
    "commune": "commune", "inspector": "inspector", "dasen": "dasen",
}
# The rules of the issue, as plain data.
ALLOWED = {
    "pupil": {"teacher_a1"},  # only where the school enables it
    "guardian": {"teacher_a1", "director_a"},
    "teacher": {"guardian_a1", "co_guardian_a1", "teacher_a2", "director_a"},
    "director": {"teacher_a1", "teacher_a2", "guardian_a1", "co_guardian_a1", "guardian_a2",
                 "commune_a", "inspector_a"},
    "commune": {"director_a"},
    "inspector": {"director_a"},
    "dasen": {"director_a", "director_b"},
}


def recipients_of(world: World) -> dict[str, object]:
    """A login for every kind of recipient (the world gives most of them)."""
    teacher_b = StaffAssignment.objects.get(classroom=world.classrooms["B1"]).person
    guardian_b = Guardianship.objects.get(pupil=world.pupils["B1"]).guardian
    users = world.users
    return {
        "teacher_a1": users["teacher"], "teacher_a2": users["teacher_other"],
        "teacher_b": UserFactory(username="teacher_b", person=teacher_b),
        "director_a": users["director"], "director_b": users["director_other"],
        "guardian_a1": users["guardian"], "co_guardian_a1": users["guardian_2"],
        "guardian_a2": users["guardian_other"],
        "guardian_b": UserFactory(username="guardian_b", person=guardian_b),
        "pupil_a1": users["pupil"], "commune_a": users["commune"],
        "commune_b": users["commune_other"], "inspector_a": users["inspector"],
        "inspector_b": users["inspector_other"], "dasen": users["dasen"],
    }


def rows_count() -> tuple[int, int, int]:
    return Conversation.objects.count(), Message.objects.count(), Participant.objects.count()


def open_pupil_messaging(world: World) -> None:
    SchoolMessagingSettings.objects.update_or_create(
        school=world.schools["A"], defaults={"pupils_may_write": True})


def check_sender(world, client_of, live, sender: str, allowed: set[str]) -> list[str]:
    """Try every kind of recipient; return the mismatches."""
    recipients = recipients_of(world)
    me = world.user(SENDERS[sender])
    client = client_of(me)
    mismatches = []
    listed = {row["user_id"] for row in client.get(RECIPIENTS, {"page_size": 200}).json()["results"]}
    for kind, recipient in recipients.items():
        if recipient.pk == me.pk:
            continue
        expected = kind in allowed
        if (recipient.pk in listed) != expected:
            mismatches.append(f"{sender} → {kind}: listed={recipient.pk in listed}")
        before = rows_count()
        sent, response = live(lambda r=recipient: client.post(
            CREATE, {"recipients": [r.pk], "subject": "Bonjour", "body": "Un message."},
            format="json"))
        if expected:
            ok = (response.status_code == 201 and rows_count()[1] == before[1] + 1
                  and sent and all(recipient.pk in ids and me.pk not in ids for _, ids in sent))
        else:
            ok = (response.status_code == 403
                  and response.json()["error"]["code"] == "recipient_not_allowed"
                  and rows_count() == before and sent == [])
        if not ok:
            mismatches.append(f"{sender} → {kind}: {response.status_code} {response.content[:120]}")
    return mismatches


@pytest.mark.parametrize("sender", list(SENDERS))
def test_each_role_writes_exactly_to_the_recipients_the_rules_allow(
    world, client_of, live, sender
):
    if sender == "pupil":
        open_pupil_messaging(world)
    assert check_sender(world, client_of, live, sender, ALLOWED[sender]) == []


def test_a_pupil_writes_to_nobody_where_the_school_keeps_pupil_messaging_closed(
    world, client_of, live
):
    assert check_sender(world, client_of, live, "pupil", allowed=set()) == []


def test_a_director_reaches_pupils_only_where_pupil_messaging_is_open(world, client_of, live):
    open_pupil_messaging(world)
    allowed = ALLOWED["director"] | {"pupil_a1"}
    assert check_sender(world, client_of, live, "director", allowed) == []


def test_a_pupil_never_writes_to_a_group(world, client_of, live):
    open_pupil_messaging(world)
    second_teacher = UserFactory(
        person=TeacherAssignmentFactory(classroom=world.classrooms["A1"]).person)
    client = client_of(world.user("pupil"))
    before = rows_count()
    sent, response = live(lambda: client.post(CREATE, {
        "recipients": [world.user("teacher").pk, second_teacher.pk], "subject": "Question",
        "body": "Bonjour"}, format="json"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "pupil_group_refused"
    assert rows_count() == before
    assert sent == []


def test_a_teacher_writing_to_several_families_opens_one_conversation_per_guardian(
    world, client_of, live
):
    # given the teacher of A1 and both legal guardians of the A1 pupil
    client = client_of(world.user("teacher"))
    guardians = [world.user("guardian"), world.user("guardian_2")]
    # when the teacher writes to both
    sent, response = live(lambda: client.post(CREATE, {
        "recipients": [g.pk for g in guardians], "subject": "Sortie", "body": "Bonjour"},
        format="json"))
    # then each guardian has a conversation of their own: no guardian sees another
    assert response.status_code == 201
    conversations = response.json()["conversations"]
    assert len(conversations) == 2
    members = [{p["user_id"] for p in c["participants"]} for c in conversations]
    assert sorted(members, key=sorted) == sorted(
        [{world.user("teacher").pk, g.pk} for g in guardians], key=sorted)
    assert sorted(ids for _, ids in sent) == sorted([[g.pk] for g in guardians])


def test_families_and_staff_are_not_mixed_in_one_send(world, client_of):
    client = client_of(world.user("teacher"))
    response = client.post(CREATE, {
        "recipients": [world.user("guardian").pk, world.user("director").pk],
        "subject": "Sortie", "body": "Bonjour"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["recipients"]


def test_a_guardian_writes_to_the_teacher_and_the_director_in_one_conversation(
    world, client_of
):
    client = client_of(world.user("guardian"))
    response = client.post(CREATE, {
        "recipients": [world.user("teacher").pk, world.user("director").pk],
        "subject": "Absence", "body": "Léa sera absente."}, format="json")
    assert response.status_code == 201
    (conversation,) = response.json()["conversations"]
    assert conversation["kind"] == "family"
    assert len(conversation["participants"]) == 3


def test_the_director_can_be_put_in_copy_of_a_teacher_family_conversation(
    world, client_of, live
):
    # given a conversation between the teacher and a guardian
    teacher = client_of(world.user("teacher"))
    created = teacher.post(CREATE, {"recipients": [world.user("guardian").pk],
                                    "subject": "Comportement", "body": "Pouvons-nous parler ?"},
                           format="json").json()["conversations"][0]
    url = reverse("messaging:conversation-detail", kwargs={"conversation_id": created["id"]})
    # when the guardian puts the director in copy
    sent, response = live(lambda: client_of(world.user("guardian")).patch(
        url, {"director_in_copy": True}, format="json"))
    # then the director takes part (in copy), sees the conversation, and the others are told
    assert response.status_code == 200
    roles = {p["user_id"]: p["role"] for p in response.json()["participants"]}
    assert roles[world.user("director").pk] == "copy"
    assert client_of(world.user("director")).get(url).status_code == 200
    assert [event["type"] for event, _ in sent] == ["conversation.participant_added"]


def test_the_director_is_never_put_in_copy_of_a_staff_conversation(world, client_of):
    teacher = client_of(world.user("teacher"))
    response = teacher.post(CREATE, {"recipients": [world.user("teacher_other").pk],
                                     "subject": "Réunion", "body": "Mardi ?",
                                     "copy_director": True}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["copy_director"]


def test_the_policy_table_names_each_reach_once_and_every_reach_has_its_query():
    pairs = [(rule.sender, rule.reach) for rule in WRITE_POLICY]
    assert len(pairs) == len(set(pairs))
    assert {rule.sender for rule in WRITE_POLICY} == set(ALLOWED)
    assert set(_recipient_queries(1, timezone.localdate())) == set(Reach)
    # a reach shared by several senders behaves the same for each of them
    for reach in Reach:
        rules = {(r.kind, r.separate, r.alone, r.needs_pupil_messaging, r.from_family)
                 for r in WRITE_POLICY if r.reach == reach}
        assert len(rules) == 1, reach
