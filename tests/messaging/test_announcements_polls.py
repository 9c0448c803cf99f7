"""Announcements and polls: audiences, validity, acknowledgement, answers and results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from preau.messaging import services
from preau.messaging.access import audiences_reaching
from preau.messaging.models import Announcement, AudienceScope, Poll, PollResponse, QuestionKind
from preau.messaging.selectors import audience_members
from tests.factories import GuardianshipFactory

pytestmark = pytest.mark.django_db

ANNOUNCEMENTS = reverse("messaging:announcement-list")
POLLS = reverse("messaging:poll-list")
UNREAD = reverse("messaging:unread")


def announcement_url(name: str, pk: int) -> str:
    return reverse(f"messaging:announcement-{name}", kwargs={"announcement_id": pk})


def poll_url(name: str, pk: int) -> str:
    return reverse(f"messaging:poll-{name}", kwargs={"poll_id": pk})


AUDIENCES = [
    {"scope": "school"},
    {"scope": "school", "for_guardians": False, "for_pupils": True},
    {"scope": "school", "for_guardians": False, "for_staff": True},
    {"scope": "classrooms", "classrooms": ["A1"], "for_pupils": True, "for_staff": True},
    {"scope": "classrooms", "classrooms": ["A2"], "for_staff": True},
    {"scope": "levels", "levels": ["CM1"], "for_staff": True},
    {"scope": "levels", "levels": ["CE2"], "for_guardians": False, "for_pupils": True},
]


@pytest.mark.parametrize("spec", AUDIENCES)
def test_who_an_audience_reaches_is_the_same_read_from_either_side(world, spec):
    spec = dict(spec)
    classrooms = tuple(world.classrooms[key].pk for key in spec.pop("classrooms", []))
    levels = tuple(spec.pop("levels", []))
    announcement = services.announcement_create(
        author=world.user("director"), title="Info", body="Texte",
        requires_acknowledgement=False,
        audience=services.AudienceSpec(school_id=world.schools["A"].pk, classroom_ids=classrooms,
                                       levels=levels, **spec))
    members = set(audience_members(audience=announcement.audience).values_list("pk", flat=True))
    reached = {user.pk for user in world.users.values()
               if audiences_reaching(viewer=user).filter(pk=announcement.audience_id).exists()}
    assert members == reached
    assert members  # every audience above reaches someone


def test_an_announcement_reaches_its_audience_during_its_validity_only(world, client_of, live):
    director = client_of(world.user("director"))
    tomorrow = timezone.localdate() + timedelta(days=1)
    sent, response = live(lambda: director.post(ANNOUNCEMENTS, {
        "title": "Photo de classe", "body": "Demain matin.",
        "audience": {"school": world.schools["A"].pk, "scope": "classrooms",
                     "classrooms": [world.classrooms["A1"].pk]},
        "valid_from": tomorrow.isoformat()}, format="json"))
    assert response.status_code == 201
    assert sent == []  # nothing pushed before it is valid
    guardian = client_of(world.user("guardian"))
    assert guardian.get(ANNOUNCEMENTS).json()["count"] == 0
    assert director.get(ANNOUNCEMENTS).json()["count"] == 1  # the author always sees it
    Announcement.objects.update(valid_from=timezone.localdate(),
                                valid_until=timezone.localdate())
    assert guardian.get(ANNOUNCEMENTS).json()["count"] == 1
    Announcement.objects.update(valid_from=timezone.localdate() - timedelta(days=3),
                                valid_until=timezone.localdate() - timedelta(days=1))
    assert guardian.get(ANNOUNCEMENTS).json()["count"] == 0


def test_an_announcement_is_pushed_to_its_audience_and_acknowledged_by_each(
    world, client_of, live
):
    director = client_of(world.user("director"))
    sent, response = live(lambda: director.post(ANNOUNCEMENTS, {
        "title": "Fête de l'école", "body": "Samedi.", "requires_acknowledgement": True,
        "audience": {"school": world.schools["A"].pk, "scope": "school"}}, format="json"))
    announcement = response.json()
    ((event, user_ids),) = sent
    assert event["type"] == "announcement.created"
    assert set(user_ids) == {world.user(r).pk for r in ["guardian", "guardian_2", "guardian_other"]}

    guardian = client_of(world.user("guardian"))
    assert guardian.get("/api/v1/messaging/unread/").json()["announcements_to_acknowledge"] == 1
    sent, response = live(lambda: guardian.post(
        announcement_url("acknowledgements", announcement["id"])))
    assert response.status_code == 200
    assert [(e["type"], ids) for e, ids in sent] == [
        ("announcement.acknowledged", [world.user("director").pk])]
    assert guardian.get("/api/v1/messaging/unread/").json()["announcements_to_acknowledge"] == 0
    table = director.get(announcement_url("acknowledgements", announcement["id"])).json()
    assert [row["user"]["id"] for row in table["results"]] == [world.user("guardian").pk]
    assert director.get(announcement_url("detail", announcement["id"])).json()[
        "acknowledged_count"] == 1
    assert guardian.get(announcement_url("detail", announcement["id"])).json()[
        "acknowledged_count"] is None
    # the teacher is not in this audience (guardians only) and does not see it
    assert client_of(world.user("teacher")).get(
        announcement_url("detail", announcement["id"])).status_code == 404


@pytest.mark.parametrize(("role", "audience", "status"), [
    ("teacher", {"scope": "classrooms", "classrooms": ["A1"]}, 201),
    ("teacher", {"scope": "classrooms", "classrooms": ["A1", "A2"]}, 403),
    ("teacher", {"scope": "school"}, 403),
    ("teacher", {"scope": "levels", "levels": ["CE2"]}, 403),
    ("director", {"scope": "levels", "levels": ["CM1", "CM2"]}, 201),
    ("director", {"scope": "classrooms", "classrooms": ["B1"]}, 403),
    ("guardian", {"scope": "classrooms", "classrooms": ["A1"]}, 403),
])
def test_who_may_announce_to_whom(world, client_of, role, audience, status):
    audience = dict(audience)
    if "classrooms" in audience:
        audience["classrooms"] = [world.classrooms[k].pk for k in audience["classrooms"]]
    response = client_of(world.user(role)).post(ANNOUNCEMENTS, {
        "title": "Info", "body": "Texte",
        "audience": {"school": world.schools["A"].pk, **audience}}, format="json")
    assert response.status_code == status, response.content
    assert Announcement.objects.count() == (1 if status == 201 else 0)


@pytest.mark.parametrize(("audience", "field"), [
    ({"scope": "classrooms"}, "audience.classrooms"),
    ({"scope": "levels", "levels": ["CM3"]}, "audience.levels.0"),
    ({"scope": "school", "for_guardians": False}, "audience.for_guardians"),
    ({"scope": "partout"}, "audience.scope"),
    ({"scope": "school", "school": None}, "audience.school"),
])
def test_a_malformed_audience_is_a_400_naming_the_field(world, client_of, audience, field):
    response = client_of(world.user("director")).post(ANNOUNCEMENTS, {
        "title": "Info", "body": "Texte",
        "audience": {"school": world.schools["A"].pk, **audience}}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_an_announcement_ending_before_it_starts_is_refused(world, client_of):
    response = client_of(world.user("director")).post(ANNOUNCEMENTS, {
        "title": "Info", "body": "Texte", "valid_from": "2026-12-10", "valid_until": "2026-12-01",
        "audience": {"school": world.schools["A"].pk, "scope": "school"}}, format="json")
    assert (response.status_code, list(response.json()["error"]["fields"])) == (
        400, ["valid_until"])


POLL = {
    "title": "Kermesse",
    "questions": [
        {"kind": "single", "text": "Viendrez-vous ?", "choices": ["Oui", "Non"]},
        {"kind": "multiple", "text": "Stands", "choices": ["Gâteaux", "Pêche", "Maquillage"]},
        {"kind": "text", "text": "Une idée ?", "is_required": False},
    ],
}


def create_poll(client, world, **extra):
    response = client.post(POLLS, {**POLL, **extra, "audience": {
        "school": world.schools["A"].pk, "scope": "classrooms",
        "classrooms": [world.classrooms["A1"].pk]}}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def answer(client, poll, single: int, multiple: list[int], text: str = ""):
    questions = poll["questions"]
    body = {"answers": [
        {"question": questions[0]["id"], "choices": [questions[0]["choices"][single]["id"]]},
        {"question": questions[1]["id"],
         "choices": [questions[1]["choices"][i]["id"] for i in multiple]},
        {"question": questions[2]["id"], "text": text},
    ]}
    return client.post(poll_url("answers", poll["id"]), body, format="json")


def test_a_poll_is_answered_once_and_the_author_sees_who_answered_what(world, client_of, live):
    teacher = client_of(world.user("teacher"))
    poll = create_poll(teacher, world)
    guardian, guardian_2 = client_of(world.user("guardian")), client_of(world.user("guardian_2"))
    sent, response = live(lambda: answer(guardian, poll, 0, [0, 2], "Un stand de crêpes"))
    assert response.status_code == 201
    assert [(e["type"], e["response_count"], ids) for e, ids in sent] == [
        ("poll.answered", 1, [world.user("teacher").pk])]
    assert answer(guardian_2, poll, 1, [1]).status_code == 201
    again = answer(guardian, poll, 1, [1])
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_answered")

    results = teacher.get(poll_url("results", poll["id"])).json()
    counts = [[c["count"] for c in q["choices"]] for q in results["questions"]]
    assert counts[:2] == [[1, 1], [1, 1, 1]]
    assert results["questions"][2]["texts"] == [
        {"text": "Un stand de crêpes", "respondent": "Sophie Martin"}]
    assert {r["display_name"] for r in results["respondents"]} == {"Sophie Martin", "Karim Martin"}
    mine = guardian.get(poll_url("answers", poll["id"])).json()
    assert mine["submitted_at"] is not None
    assert len(mine["answers"]) == 4
    # results are not published: respondents do not see them
    assert guardian.get(poll_url("results", poll["id"])).status_code == 404


def test_an_anonymous_poll_never_tells_who_answered_what(world, client_of):
    teacher = client_of(world.user("teacher"))
    poll = create_poll(teacher, world, is_anonymous=True, results_published=True)
    guardian = client_of(world.user("guardian"))
    answer(guardian, poll, 0, [0], "Secret")
    for client in [teacher, guardian]:
        results = client.get(poll_url("results", poll["id"])).json()
        assert results["respondents"] == []
        assert results["questions"][2]["texts"] == [{"text": "Secret", "respondent": None}]
    # published results: a respondent sees them, a guardian who has not answered does not
    assert client_of(world.user("guardian_2")).get(poll_url("results", poll["id"])).status_code == 404


@pytest.mark.parametrize(("answers", "field"), [
    (lambda q: [{"question": q[1]["id"], "choices": [q[1]["choices"][0]["id"]]}], "answers.0"),
    (lambda q: [{"question": q[0]["id"], "choices": [c["id"] for c in q[0]["choices"]]},
                {"question": q[1]["id"], "choices": [q[1]["choices"][0]["id"]]}], "answers.0"),
    (lambda q: [{"question": q[0]["id"], "choices": [q[1]["choices"][0]["id"]]},
                {"question": q[1]["id"], "choices": [q[1]["choices"][0]["id"]]}], "answers.0"),
    (lambda q: [{"question": q[0]["id"], "choices": [q[0]["choices"][0]["id"]]},
                {"question": q[1]["id"], "choices": [q[1]["choices"][0]["id"]]},
                {"question": q[2]["id"], "choices": [q[0]["choices"][0]["id"]]}], "answers.2"),
    (lambda q: [{"question": 999999, "choices": [1]}], "answers.0.question"),
    (lambda q: [{"question": "x"}], "answers.0.question"),
])
def test_an_invalid_answer_is_a_400_naming_the_question(world, client_of, answers, field):
    poll = create_poll(client_of(world.user("teacher")), world)
    response = client_of(world.user("guardian")).post(
        poll_url("answers", poll["id"]), {"answers": answers(poll["questions"])}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["fields"]) == [field]
    assert PollResponse.objects.count() == 0


def test_a_closed_poll_takes_no_answer(world, client_of):
    poll = create_poll(client_of(world.user("teacher")), world)
    Poll.objects.update(closes_on=timezone.localdate() - timedelta(days=1))
    response = answer(client_of(world.user("guardian")), poll, 0, [0])
    assert (response.status_code, response.json()["error"]["code"]) == (400, "poll_closed")


@pytest.mark.parametrize(("questions", "field"), [
    ([], "questions"),
    ([{"kind": "single", "text": "?", "choices": ["Seul"]}], "questions.0.choices"),
    ([{"kind": "text", "text": "?", "choices": ["a", "b"]}], "questions.0.choices"),
    ([{"kind": "vote", "text": "?"}], "questions.0.kind"),
])
def test_a_malformed_poll_is_a_400_naming_the_field(world, client_of, questions, field):
    response = client_of(world.user("director")).post(POLLS, {
        "title": "Sondage", "questions": questions,
        "audience": {"school": world.schools["A"].pk, "scope": "school"}}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_the_polls_to_answer_are_counted_and_caught_up_with_a_cursor(world, client_of):
    teacher = client_of(world.user("teacher"))
    first = create_poll(teacher, world)
    second = create_poll(teacher, world)
    guardian = client_of(world.user("guardian"))
    assert guardian.get("/api/v1/messaging/unread/").json()["polls_to_answer"] == 2
    answer(guardian, first, 0, [0])
    assert guardian.get("/api/v1/messaging/unread/").json()["polls_to_answer"] == 1
    assert [p["id"] for p in guardian.get(POLLS, {"after": first["id"]}).json()["results"]] == [
        second["id"]]


def test_poll_services_reject_choice_questions_without_choices(world):
    with pytest.raises(Exception, match="deux choix"):
        services.poll_create(
            author=world.user("director"), title="x", description="", is_anonymous=False,
            results_published=False,
            audience=services.AudienceSpec(school_id=world.schools["A"].pk,
                                           scope=AudienceScope.SCHOOL),
            questions=[services.QuestionSpec(kind=QuestionKind.MULTIPLE, text="?")])


def test_an_authority_s_badges_count_announcements_and_polls_only_once_it_is_a_parent(
    world, client_of
):
    """A commune officer, an IEN or a DASEN is in no audience (audiences are families, pupils
    and staff): their badges, on every page, do not read the announcements or the polls —
    until the officer is also a parent of the school."""
    director = client_of(world.user("director"))
    response = director.post(ANNOUNCEMENTS, {
        "title": "Fête de l'école", "body": "Samedi.", "requires_acknowledgement": True,
        "audience": {"school": world.schools["A"].pk, "scope": "school"}}, format="json")
    assert response.status_code == 201, response.content
    create_poll(client_of(world.user("teacher")), world)
    officer = world.user("commune")
    commune = client_of(officer)

    with CaptureQueriesContext(connection) as queries:
        totals = commune.get(UNREAD).json()
    assert (totals["announcements_to_acknowledge"], totals["polls_to_answer"]) == (0, 0)
    read = " ".join(query["sql"] for query in queries)
    assert "messaging_announcement" not in read
    assert "messaging_poll" not in read

    GuardianshipFactory(guardian=officer.person, pupil=world.pupils["A1"])
    totals = commune.get(UNREAD).json()
    assert (totals["announcements_to_acknowledge"], totals["polls_to_answer"]) == (1, 1)
