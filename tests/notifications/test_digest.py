"""The daily digest (issue 19): one mail per login per day at the time it chose, gathering
what happened since the previous one; HTML and text, in French, with a one-click
unsubscription of the whole digest (RFC 8058 header) and of each section. Sent through a
real SMTP server of the suite (aiosmtpd)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.homework.services import homework_create
from preau.messaging import services as messaging
from preau.messaging.models import AudienceScope
from preau.notifications.models import Category, Digest
from preau.notifications.selectors import ITEM_LIMIT
from preau.notifications.tasks import send_digest, send_due_digests
from preau.timetable.services import exception_create
from tests.attendance.helpers import take_call
from tests.notifications.helpers import (
    ADDRESS,
    ONE_CLICK,
    TUESDAY,
    at,
    mail_server,
    message_to,
    note_to_sign,
    parts,
    posted_as_a_mail_client,
    subscribe,
    travel,
)

pytestmark = pytest.mark.django_db

WEDNESDAY, THURSDAY = TUESDAY + timedelta(days=1), TUESDAY + timedelta(days=2)


def dispatch(capture) -> int:
    """The scheduler's quarter-hour run, its tasks run here after its commit."""
    with capture(execute=True):
        return send_due_digests()


def section_unsubscription(text: str, label: str) -> str:
    """What the web app's page posts when the reader confirms the "Ne plus recevoir cette
    rubrique" link of a section of the text part (``/desabonnement/<token>``)."""
    section = text.split(label.upper(), 1)[1]
    link = re.search(r"Ne plus recevoir cette rubrique : (\S+)", section).group(1)
    page, token = link.rsplit("/desabonnement/", 1)
    return f"{page}/api/v1/notifications/unsubscribe/{token}/"


def test_the_day_s_message_note_and_absence_arrive_in_one_mail_with_both_parts(
        world, settings, django_capture_on_commit_callbacks):
    guardian = world.user("guardian")
    with mail_server(settings) as smtp, travel(at(TUESDAY, 16, 30)):
        subscribe(guardian)
        message_to(world, "guardian", "Sortie au musée")
        note_to_sign(world, "Piscine jeudi")
        take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                  absent=[world.pupils["A1"]])
        # Another family's child, absent the same morning: not in this digest.
        take_call(world.user("teacher_other"), world.classrooms["A2"], TUESDAY,
                  absent=[world.pupils["A2"]])
        assert dispatch(django_capture_on_commit_callbacks) == 0  # not 18:00 yet
        with travel(at(TUESDAY, 18, 5)):
            assert dispatch(django_capture_on_commit_callbacks) == 1
            assert dispatch(django_capture_on_commit_callbacks) == 0  # once a day
    (received,) = smtp.messages
    assert received["To"] == ADDRESS
    # (Django folds an encoded subject after "Subject:"; the reader sees no space.)
    assert received["Subject"].strip() == "Préau : votre résumé du mardi 1 décembre 2026"
    assert received.get_content_type() == "multipart/alternative"
    assert received["List-Unsubscribe-Post"] == ONE_CLICK
    assert re.fullmatch(r"<https?://\S+/api/v1/notifications/unsubscribe/\S+/>",
                        received["List-Unsubscribe"].strip())
    body = parts(received)
    text, html = body["text/plain"], body["text/html"]
    for part in (text, html):
        assert "Sortie au musée" in part
        assert "Piscine jeudi" in part
        assert "Léa : absent·e le mardi 1 décembre 2026 (matin)" in part
        assert "Hugo" not in part
        assert "Pouvez-vous me rappeler" not in part  # a message's text stays in Préau
    assert text.index("MESSAGES") < text.index("MOTS À SIGNER") < text.index("ABSENCES")
    assert '<html lang="fr">' in html


def test_a_section_s_link_stops_that_category_and_the_header_stops_the_digest(
        world, settings, django_capture_on_commit_callbacks):
    guardian = world.user("guardian")
    with mail_server(settings) as smtp:
        with travel(at(TUESDAY, 9, 0)):
            subscribe(guardian)
            message_to(world, "guardian", "Sortie au musée")
            note_to_sign(world, "Piscine jeudi")
        with travel(at(TUESDAY, 18, 5)):
            dispatch(django_capture_on_commit_callbacks)
        (tuesday,) = smtp.messages
        response = posted_as_a_mail_client(
            section_unsubscription(parts(tuesday)["text/plain"], "Messages"))
        assert response.status_code == 200
        assert response.json()["category"] == "messages"
        assert "messages" not in response.json()["categories"]
        assert "liaison_notes" in response.json()["categories"]

        with travel(at(WEDNESDAY, 10, 0)):
            message_to(world, "guardian", "Cantine de vendredi")
            note_to_sign(world, "Photo de classe")
        with travel(at(WEDNESDAY, 18, 5)):
            assert dispatch(django_capture_on_commit_callbacks) == 1
        wednesday = parts(smtp.messages[1])["text/plain"]
        assert "Photo de classe" in wednesday
        assert "Cantine de vendredi" not in wednesday  # that category is off
        assert "Piscine jeudi" not in wednesday  # Tuesday's news was told on Tuesday

        everything = smtp.messages[1]["List-Unsubscribe"].strip().strip("<>")
        assert posted_as_a_mail_client(everything).json() == {"category": "all",
                                                              "categories": []}
        with travel(at(THURSDAY, 10, 0)):
            note_to_sign(world, "Kermesse")
        with travel(at(THURSDAY, 18, 5)):
            assert dispatch(django_capture_on_commit_callbacks) == 0
    assert len(smtp.messages) == 2


def test_a_day_without_news_sends_nothing(world, django_capture_on_commit_callbacks):
    with travel(at(TUESDAY, 9, 0)):
        subscribe(world.user("guardian"))
    mail.outbox.clear()
    with travel(at(TUESDAY, 18, 5)):
        assert dispatch(django_capture_on_commit_callbacks) == 1
    assert mail.outbox == []


def test_homework_announcements_and_timetable_changes_have_their_sections(
        world, django_capture_on_commit_callbacks):
    a1 = world.classrooms["A1"]
    with travel(at(TUESDAY, 9, 0)):
        subscribe(world.user("guardian"), send_at=time(7, 30))
        homework_create(actor=world.user("teacher"), classroom=a1, subject="mathematiques",
                        instructions="Fiche 12", due_date=THURSDAY)
        messaging.announcement_create(
            author=world.user("director"), title="Fête de l'école", body="Samedi.",
            audience=messaging.AudienceSpec(school_id=world.schools["A"].pk,
                                            scope=AudienceScope.SCHOOL),
            requires_acknowledgement=False)
        exception_create(actor=world.user("director"), classroom=a1, kind="extra",
                         date=THURSDAY, start_time=time(9), end_time=time(11),
                         title="Sortie au théâtre", activity="sortie")
    mail.outbox.clear()
    with travel(at(WEDNESDAY, 7, 45)):
        assert dispatch(django_capture_on_commit_callbacks) == 1
    (received,) = mail.outbox
    text = received.body
    assert "Mathématiques pour le jeudi 3 décembre 2026" in text
    assert "« Fête de l'école »" in text
    assert "jeudi 3 décembre 2026 : Sortie au théâtre" in text
    assert received.subject == "Préau : votre résumé du mercredi 2 décembre 2026"


def test_the_next_digest_starts_where_the_previous_stopped(world):
    guardian = world.user("guardian")
    with travel(at(TUESDAY, 9, 0)):
        subscribe(guardian, send_at=time(18, 0))
    with travel(at(TUESDAY, 18, 5)):
        assert send_due_digests() == 1
    digest = Digest.objects.get(user=guardian)
    assert digest.covered_until == at(TUESDAY, 18, 0)
    with travel(at(WEDNESDAY, 12, 0)):  # an earlier time from Thursday on
        subscribe(guardian, send_at=time(7, 0))
    with travel(at(THURSDAY, 7, 1)):
        from preau.notifications.services import digests_claim_due

        ((user_id, start, end),) = digests_claim_due()
    assert (user_id, datetime.fromisoformat(start), datetime.fromisoformat(end)) == (
        guardian.pk, at(TUESDAY, 18, 0), at(THURSDAY, 7, 0))


def test_a_digest_stopped_for_weeks_starts_again_with_a_week_at_most(world):
    from preau.notifications.services import digests_claim_due

    guardian = world.user("guardian")
    subscribe(guardian)
    Digest.objects.filter(user=guardian).update(covered_until=at(TUESDAY, 18, 0),
                                                 queued_on=TUESDAY)
    with travel(at(TUESDAY + timedelta(days=30), 18, 1)):
        ((_, start, end),) = digests_claim_due()
    assert (datetime.fromisoformat(end), datetime.fromisoformat(start)) == (
        at(TUESDAY + timedelta(days=30), 18, 0), at(TUESDAY + timedelta(days=23), 18, 0))


def test_an_inactive_login_or_one_without_categories_is_not_asked_for(world):
    subscribe(world.user("guardian"))
    subscribe(world.user("guardian_other"), categories=[])
    teacher = world.user("teacher")
    subscribe(teacher)
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    with travel(at(TUESDAY, 18, 5)):
        from preau.notifications.services import digests_claim_due

        assert [user_id for user_id, *_ in digests_claim_due()] == [world.user("guardian").pk]


def test_a_task_run_twice_sends_one_mail(world):
    guardian = world.user("guardian")
    with travel(at(TUESDAY, 9, 0)):
        subscribe(guardian)
        note_to_sign(world, "Piscine jeudi")
    mail.outbox.clear()
    window = (at(TUESDAY - timedelta(days=1), 18).isoformat(), at(TUESDAY, 18).isoformat())
    send_digest.apply(args=(guardian.pk, *window))
    send_digest.apply(args=(guardian.pk, *window))
    assert len(mail.outbox) == 1


def test_a_digest_costs_the_same_queries_for_one_item_or_many(world):
    guardian = world.user("guardian")
    window = (at(TUESDAY - timedelta(days=1), 18).isoformat(), at(TUESDAY, 18).isoformat())

    def queries() -> int:
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as captured:
            send_digest.apply(args=(guardian.pk, *window))
        assert len(mail.outbox) == 1
        from django.core.cache import cache
        cache.clear()  # the task remembers the mail it sent
        return len(captured)

    with travel(at(TUESDAY, 9, 0)):
        subscribe(guardian)
        message_to(world, "guardian", "Sortie 1")
        note_to_sign(world, "Note 1")
        take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                  absent=[world.pupils["A1"]])
    few = queries()
    with travel(at(TUESDAY, 10, 0)):
        for n in range(ITEM_LIMIT + 3):
            message_to(world, "guardian", f"Sortie {n + 2}")
            note_to_sign(world, f"Note {n + 2}")
    assert queries() == few
    assert "et 4 autres" in mail.outbox[0].body


@pytest.mark.parametrize("category", Category.values)
def test_each_category_s_link_removes_that_category_only(world, client, category):
    from preau.notifications.unsubscribe import unsubscribe_token

    guardian = world.user("guardian")
    subscribe(guardian)
    token = unsubscribe_token(user_id=guardian.pk, category=category)
    response = posted_as_a_mail_client(f"http://x/api/v1/notifications/unsubscribe/{token}/")
    assert response.status_code == 200
    assert response.json()["categories"] == [c for c in Category.values if c != category]
    again = posted_as_a_mail_client(f"http://x/api/v1/notifications/unsubscribe/{token}/")
    assert again.json() == response.json()
