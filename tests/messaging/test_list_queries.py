"""Every list of messaging costs the same number of SQL queries with ×10 the rows.

Each test measures a list once with a little data, grows every dimension tenfold
(conversations, participants, messages, attachments, notes, guardians, questions…),
measures again, and asserts equality — then pins the figure with
``django_assert_max_num_queries``.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preau.messaging import services
from preau.messaging.models import Attachment, AudienceScope, NoteAudience, QuestionKind
from tests.factories import EnrolmentFactory, GuardianshipFactory, UserFactory
from tests.factories.messaging import MessageFactory, conversation_with

pytestmark = pytest.mark.django_db


def measure(client, url: str, params: dict | None = None) -> tuple[int, int]:
    """(number of SQL queries, number of rows listed — or of bytes for a detail)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 200, **(params or {})})
    assert response.status_code == 200, response.content
    body = response.json()
    return len(queries), body["count"] if "count" in body else len(response.content)


def assert_constant(client, url, grow, django_assert_max_num_queries, params=None) -> int:
    grow(1)
    small_queries, small_count = measure(client, url, params)
    grow(9)
    large_queries, large_count = measure(client, url, params)
    assert large_count > small_count > 0
    assert large_queries == small_queries, (url, small_queries, large_queries)
    with django_assert_max_num_queries(small_queries):
        client.get(url, {"page_size": 200, **(params or {})})
    return small_queries


def with_attachment(message) -> None:
    Attachment.objects.create(message=message, uploaded_by=message.author, file="x/y.txt",
                              original_name="y.txt", content_type="text/plain", size=3)


def test_the_inbox_costs_the_same_whatever_the_conversations_participants_and_messages(
    world, client_of, django_assert_max_num_queries
):
    teacher = world.user("teacher")
    school = world.schools["A"]

    def grow(times: int) -> None:
        for _ in range(times):
            others = [UserFactory() for _ in range(3)]
            conversation = conversation_with(users=[teacher, *others], school=school, messages=4)
            with_attachment(conversation.messages.last())

    assert_constant(client_of(teacher), reverse("messaging:conversation-list"), grow,
                    django_assert_max_num_queries)


def test_a_conversation_costs_the_same_whatever_its_messages_and_participants(
    world, client_of, django_assert_max_num_queries
):
    teacher = world.user("teacher")
    conversation = conversation_with(users=[teacher, world.user("guardian")],
                                     school=world.schools["A"], messages=0)

    def grow(times: int) -> None:
        for _ in range(times):
            conversation.participants.create(user=UserFactory())
            for _ in range(3):
                message = MessageFactory(conversation=conversation, author=teacher)
                with_attachment(message)
                with_attachment(message)

    client = client_of(teacher)
    args = {"conversation_id": conversation.pk}
    assert_constant(client, reverse("messaging:message-list", kwargs=args), grow,
                    django_assert_max_num_queries)
    for name in ["conversation-detail", "conversation-read"]:
        small, _ = measure(client, reverse(f"messaging:{name}", kwargs=args))
        grow(10)
        large, _ = measure(client, reverse(f"messaging:{name}", kwargs=args))
        assert small == large


def add_family(classroom, level=None) -> None:
    enrolment = EnrolmentFactory(classroom=classroom, **({"level": level} if level else {}))
    for _ in range(2):
        GuardianshipFactory(pupil=enrolment.pupil, guardian=UserFactory().person)


def test_the_recipients_cost_the_same_whatever_the_size_of_the_school(
    world, client_of, django_assert_max_num_queries
):
    def grow(times: int) -> None:
        for _ in range(times):
            add_family(world.classrooms["A1"])

    assert_constant(client_of(world.user("director")), reverse("messaging:recipient-list"),
                    grow, django_assert_max_num_queries)


def test_liaison_notes_and_their_acknowledgement_table_cost_the_same(
    world, client_of, django_assert_max_num_queries
):
    teacher = world.user("teacher")
    notes = []

    def grow(times: int) -> None:
        for _ in range(times):
            add_family(world.classrooms["A1"])
            notes.append(services.liaison_note_create(
                author=teacher, title="Note", body="Texte", audience=NoteAudience.CLASSROOM,
                classroom_id=world.classrooms["A1"].pk, requires_acknowledgement=True))

    url = reverse("messaging:liaison-note-list")
    assert_constant(client_of(teacher), url, grow, django_assert_max_num_queries)
    guardian = client_of(world.user("guardian"))
    small, _ = measure(guardian, url)
    grow(10)
    assert measure(guardian, url)[0] == small
    table = reverse("messaging:liaison-note-acknowledgements", kwargs={"note_id": notes[0].pk})
    small, small_count = measure(client_of(teacher), table)
    services.liaison_note_create(  # more pupils do not join an old note: grow its table
        author=teacher, title="x", body="y", audience=NoteAudience.CLASSROOM,
        classroom_id=world.classrooms["A1"].pk, requires_acknowledgement=True)
    table = reverse("messaging:liaison-note-acknowledgements", kwargs={"note_id": notes[-1].pk})
    large, large_count = measure(client_of(teacher), table)
    assert large_count > small_count
    assert large == small


def test_announcements_and_polls_cost_the_same_whatever_their_number_and_questions(
    world, client_of, django_assert_max_num_queries
):
    director = world.user("director")
    classrooms = (world.classrooms["A1"].pk, world.classrooms["A2"].pk)

    def grow(times: int) -> None:
        for _ in range(times):
            audience = services.AudienceSpec(school_id=world.schools["A"].pk,
                                             scope=AudienceScope.CLASSROOMS,
                                             classroom_ids=classrooms, for_staff=True)
            services.announcement_create(author=director, audience=audience, title="Info",
                                         body="Texte", requires_acknowledgement=True)
            services.poll_create(
                author=director, audience=audience, title="Sondage", description="",
                is_anonymous=False, results_published=False,
                questions=[services.QuestionSpec(kind=QuestionKind.MULTIPLE, text=f"Q{i}",
                                                 choices=("a", "b", "c")) for i in range(3)])

    views = [(client_of(world.user(viewer)), reverse(f"messaging:{name}"))
             for viewer in ["director", "guardian", "teacher"]
             for name in ["announcement-list", "poll-list"]]
    grow(1)
    small = [measure(client, url) for client, url in views]
    grow(9)
    large = [measure(client, url) for client, url in views]
    for (small_queries, small_count), (large_queries, large_count) in zip(small, large,
                                                                          strict=True):
        assert large_count == 10 * small_count > 0
        assert large_queries == small_queries
    for (client, url), (queries, _) in zip(views, small, strict=True):
        with django_assert_max_num_queries(queries):
            client.get(url, {"page_size": 200})


def test_the_unread_totals_cost_the_same_whatever_the_data(world, client_of):
    teacher = world.user("teacher")
    client = client_of(teacher)
    url = reverse("messaging:unread")

    def grow(times: int) -> None:
        for _ in range(times):
            conversation_with(users=[teacher, UserFactory()], school=world.schools["A"],
                              messages=3)

    grow(1)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.json()["unread_messages"] > 10
    assert len(small) == len(large)
