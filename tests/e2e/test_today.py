"""The home page (« Aujourd’hui ») in Debian's Chromium, against the real ASGI app.

A guardian, on a phone, finds the note to sign on the home page; an absence the teacher
records and a message the teacher sends appear on it without a reload. A teacher finds
the roll call of the moment and the note waiting for signatures, whose count moves when a
guardian signs, and a message that arrives. Both pages fit 390 px and pass axe-core.

Browser tests run at the real current date: the absence is recorded on the last school
morning before today (a forgotten call of an earlier day can still be taken), and the
call of the moment is checked whatever the half-day is (a class, or no class).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from preau.attendance.services import roll_call_submit
from preau.messaging.models import LiaisonNote
from preau.messaging.services import (
    conversation_create,
    liaison_note_acknowledge,
    liaison_note_create,
)
from tests.e2e.test_attendance import last_school_morning
from tests.e2e.test_timetable import (
    blocking_violations,
    french_day,
    in_a_plain_thread,
    log_in,
    new_page,
)
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def today_world(browser, transactional_db):
    """The shared world, and a note from Léa's teacher that both her guardians sign."""
    world = build_world()
    world.extra["day"] = last_school_morning(world.classrooms["A1"])

    def note() -> None:
        liaison_note_create(author=world.user("teacher"), title="Piscine jeudi",
                            body="Prévoir un bonnet.", audience="classroom",
                            classroom_id=world.classrooms["A1"].pk,
                            requires_acknowledgement=True)

    in_a_plain_thread(note)
    return world


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_guardian_s_home_page_shows_the_note_then_an_absence_and_a_message_live(
        browser, asgi_live_server, today_world):
    world = today_world
    day = world.extra["day"]
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            log_in(page, "guardian")
        léa = page.get_by_role("region", name="Léa Martin · CE2 A")
        notes = léa.get_by_role("region", name="Mots à signer")
        expect(notes.get_by_text("Piscine jeudi")).to_be_visible()
        expect(notes.get_by_role("link", name="Lire et signer")).to_have_attribute(
            "href", "/cahier-de-liaison")
        expect(page.get_by_role("main").get_by_text("Aucun message non lu")).to_be_visible()
        expect(léa.get_by_role("region", name="Absences à justifier")).to_have_count(0)
        assert "Hugo" not in page.get_by_role("main").inner_text()  # another family's child
        assert fits(page, PHONE["width"])
        assert blocking_violations(page) == []
        page.evaluate("window.__sameDocument = true")  # a reload would drop it

        # The teacher records Léa absent on the last school morning: it appears at once.
        in_a_plain_thread(lambda: roll_call_submit(
            actor=world.user("teacher"), classroom=world.classrooms["A1"], on=day,
            half_day="morning", absences=[{"pupil": world.pupils["A1"].pk,
                                           "absence_kind": "absent"}]))
        absences = léa.get_by_role("region", name="Absences à justifier")
        expect(absences.get_by_text(f"Absence le {french_day(day)} (matin)")).to_be_visible(
            timeout=5_000)
        expect(absences.get_by_role("link", name="Justifier")).to_have_attribute(
            "href", "/absences")

        # The teacher writes to the family: the unread count comes without a reload.
        in_a_plain_thread(lambda: conversation_create(
            sender=world.user("teacher"), recipient_ids=[world.user("guardian").pk],
            subject="Léa", body="Léa a bien travaillé aujourd’hui."))
        expect(page.get_by_role("main").get_by_text("1 message non lu")).to_be_visible(timeout=5_000)
        assert page.evaluate("window.__sameDocument") is True
        assert fits(page, PHONE["width"])
    finally:
        context.close()


def test_the_teacher_s_home_page_gives_the_call_and_follows_signatures_and_messages_live(
        browser, asgi_live_server, today_world):
    world = today_world
    classroom = world.classrooms["A1"]
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            log_in(page, "teacher")

        # The call of the moment: one tap to it when there is class, else said so.
        calls = page.get_by_role("region", name="L’appel")
        take = calls.get_by_role("link", name="Faire l’appel · CE2 A")
        expect(calls.get_by_text(re.compile(r"^CE2 A : (appel (du matin|de l’après-midi) à faire"
                                            r"|pas d’appel (ce matin|cet après-midi))$"))
               ).to_be_visible()
        can_take = take.count() == 1
        notes = page.get_by_role("region", name="Mots en attente de signatures")
        expect(notes.get_by_text("Piscine jeudi")).to_be_visible()
        expect(notes.get_by_text("0 signature sur 2")).to_be_visible()
        expect(page.get_by_role("main").get_by_text("Aucun message non lu")).to_be_visible()
        assert fits(page, PHONE["width"])
        assert blocking_violations(page) == []
        page.evaluate("window.__sameDocument = true")

        # A guardian signs: the count moves without a reload.
        note = LiaisonNote.objects.get(title="Piscine jeudi")
        in_a_plain_thread(lambda: liaison_note_acknowledge(guardian=world.user("guardian"),
                                                           note=note))
        expect(notes.get_by_text("1 signature sur 2")).to_be_visible(timeout=5_000)

        # A guardian writes: the unread count comes without a reload.
        in_a_plain_thread(lambda: conversation_create(
            sender=world.user("guardian_2"), recipient_ids=[world.user("teacher").pk],
            subject="Piscine", body="Léa n’a pas de bonnet, nous en achetons un."))
        expect(page.get_by_role("main").get_by_text("1 message non lu")).to_be_visible(timeout=5_000)

        # The second guardian signs too: nothing waits any more.
        in_a_plain_thread(lambda: liaison_note_acknowledge(guardian=world.user("guardian_2"),
                                                           note=note))
        expect(notes.get_by_text("Tous vos mots sont signés.")).to_be_visible(timeout=5_000)
        assert page.evaluate("window.__sameDocument") is True

        if can_take:
            take.click()
            page.get_by_role("heading", level=1, name="Appel : CE2 A").wait_for()
            assert f"/classes/{classroom.pk}/appel?date=" in page.url
    finally:
        context.close()
