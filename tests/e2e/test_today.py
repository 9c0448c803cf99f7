"""The home page (« Aujourd’hui ») in Debian's Chromium, against the real ASGI app.

A guardian, on a phone, finds the note to sign on the home page; an absence the teacher
records and a message the teacher sends appear on it without a reload. A teacher finds
the roll call of the moment and the note waiting for signatures, whose count moves when a
guardian signs, and a message that arrives. A pupil reads the day and the homework, has
no messaging entry while the school keeps it closed, and the teacher's message comes live.
A director finds the calls, the L131-8 case and the register to sign, and the
justification a guardian sends comes live. An IEN finds the week's rate with its coverage
and what changed since last week, and a director's message comes live. Every page fits
390 px and passes axe-core.

Browser tests run at the real current date: the absence is recorded on the last school
morning before today (a forgotten call of an earlier day can still be taken), and the
call of the moment is checked whatever the half-day is (a class, or no class).
"""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.attendance.models import Absence, AbsenteeismCase, RollCall
from preau.attendance.services import absence_justify, roll_call_submit
from preau.common.errors import ApplicationError
from preau.homework.services import homework_create
from preau.messaging.models import LiaisonNote
from preau.messaging.services import (
    conversation_create,
    liaison_note_acknowledge,
    liaison_note_create,
    message_send,
    school_messaging_settings_update,
)
from preau.schools.calendar import school_days, week_start
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_attendance import last_school_morning
from tests.e2e.test_timetable import (
    MONTHS,
    french_day,
    in_a_plain_thread,
    log_in,
    new_page,
)
from tests.factories import RollCallFactory
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
        assert_accessible(page)
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
        assert_accessible(page)
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


def next_school_day(classroom):
    today = timezone.localdate()
    days = school_days(school=classroom.school, start=today + timedelta(days=1),
                       end=today + timedelta(days=17))
    return next((day.date for day in days if day.is_school_day), None)


def test_the_pupil_s_home_page_says_the_day_and_homework_and_the_message_comes_live(
        browser, asgi_live_server, today_world):
    world = today_world
    classroom = world.classrooms["A1"]
    due = next_school_day(classroom)
    if due is not None:
        in_a_plain_thread(lambda: homework_create(
            actor=world.user("teacher"), classroom=classroom, subject="francais",
            instructions="Lire la page 12", due_date=due))
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            log_in(page, "pupil")
        expect(page.get_by_role("region", name="Ma journée")).to_be_visible()
        homework = page.get_by_role("region", name="Mes devoirs")
        if due is not None:
            expect(homework.get_by_text(f"Pour {french_day(due)} : Français")).to_be_visible()
            expect(homework.get_by_text("Lire la page 12")).to_be_visible()
        message = page.get_by_role("region", name="Le dernier message")
        expect(message.get_by_text("Pas de nouveau message.")).to_be_visible()
        # The school keeps pupils' messaging closed: no entry in the menu, hidden or not.
        inbox = page.locator('nav a[href="/messagerie"]')
        expect(inbox).to_have_count(0)
        assert "Piscine" not in page.get_by_role("main").inner_text()  # the family's note
        assert fits(page, PHONE["width"])
        assert_accessible(page)
        page.evaluate("window.__sameDocument = true")

        # The director opens messaging to pupils, Léa asks her teacher (from another
        # device) and the teacher answers: the answer comes without a reload, and so does
        # the menu entry.
        def open_and_answer() -> None:
            school_messaging_settings_update(
                actor=world.user("director"), school=classroom.school, pupils_may_write=True,
                refuses_family_messages_outside_hours=False)
            (conversation,) = conversation_create(
                sender=world.user("pupil"), recipient_ids=[world.user("teacher").pk],
                subject="Exposé", body="Est-ce que mon exposé était bien ?")
            message_send(sender=world.user("teacher"), conversation=conversation,
                         body="Bravo pour ton exposé !")

        in_a_plain_thread(open_and_answer)
        expect(message.get_by_text("Bravo pour ton exposé !")).to_be_visible(timeout=5_000)
        expect(inbox.first).to_be_attached()
        assert page.evaluate("window.__sameDocument") is True
        assert fits(page, PHONE["width"])
    finally:
        context.close()


def test_the_director_s_home_page_lists_what_waits_and_a_justification_comes_live(
        browser, asgi_live_server, today_world):
    world = today_world
    day = world.extra["day"]
    a1, a2 = world.classrooms["A1"], world.classrooms["A2"]
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)

    def school_life() -> None:
        roll_call_submit(actor=world.user("teacher"), classroom=a1, on=day, half_day="morning",
                         absences=[{"pupil": world.pupils["A1"].pk, "absence_kind": "absent"}])
        RollCallFactory(classroom=a1, date=month)  # last month's register, not signed
        AbsenteeismCase.objects.create(pupil=world.pupils["A2"], classroom=a2, month=month,
                                       unjustified_half_days=4, opened_at=timezone.now())

    in_a_plain_thread(school_life)
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            log_in(page, "director")
        direction = page.get_by_role("region", name="Direction")
        calls = direction.get_by_role("region", name="Appels non faits")
        expect(calls.get_by_text(re.compile(
            r"^(École Jean Jaurès, (matin|après-midi) : .*CM1-CM2"
            r"|✓ Tous les appels (du matin|de l’après-midi) sont faits\."
            r"|École Jean Jaurès : pas de classe (ce matin|cet après-midi)\.)$"))).to_be_visible()
        justifications = direction.get_by_role("region", name="Justificatifs")
        expect(justifications.get_by_text("Aucune justification à examiner.")).to_be_visible()
        cases = direction.get_by_role("region", name="Absentéisme")
        expect(cases.get_by_text("1 dossier L131-8 ouvert")).to_be_visible()
        expect(cases.get_by_text(re.compile(r"^Hugo .*\(CM1-CM2\) : 4 demi-journées"))
               ).to_be_visible()
        registers = direction.get_by_role("region", name="Registres à signer")
        expect(registers.get_by_text(
            f"À signer pour {MONTHS[month.month - 1]} {month.year} : CE2 A")).to_be_visible()
        assert fits(page, PHONE["width"])
        assert_accessible(page)
        page.evaluate("window.__sameDocument = true")

        # Léa's guardian justifies the absence: the director sees it waiting at once.
        in_a_plain_thread(lambda: absence_justify(
            actor=world.user("guardian"), reason="maladie_enfant",
            absence=Absence.objects.select_related("roll_call__classroom").get(
                pupil=world.pupils["A1"])))
        expect(justifications.get_by_text("1 justification à examiner")).to_be_visible(
            timeout=5_000)
        assert page.evaluate("window.__sameDocument") is True
    finally:
        context.close()


def test_the_inspector_s_home_page_gives_the_week_s_figures_and_what_changed(
        browser, asgi_live_server, today_world):
    world = today_world
    teachers = {"A1": "teacher", "A2": "teacher_other"}
    today = timezone.localdate()
    days = [d for d in school_days(school=world.schools["A"], start=week_start(today), end=today)
            if d.is_school_day]

    def calls_of_the_week() -> None:
        # Every call of the week so far (today's that have not begun are refused).
        for key, teacher in teachers.items():
            for school_day in days:
                for half_day in school_day.half_days:
                    with contextlib.suppress(ApplicationError):
                        roll_call_submit(actor=world.user(teacher), on=school_day.date,
                                         classroom=world.classrooms[key], half_day=half_day,
                                         absences=[])
        AbsenteeismCase.objects.create(
            pupil=world.pupils["A2"], classroom=world.classrooms["A2"],
            month=today.replace(day=1), unjustified_half_days=4, opened_at=timezone.now())

    in_a_plain_thread(calls_of_the_week)
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            log_in(page, "inspector")
        week = page.get_by_role("region", name=f"Semaine du {french_day(week_start(today))}")
        if RollCall.objects.exists():
            expect(week.get_by_text(re.compile(r"^Présence : \d+,\d\s%$"))).to_be_visible()
            expect(week.get_by_text(re.compile(r"^Appels faits : \d+ sur \d+ dus \(100\s%\)$"))
                   ).to_be_visible()
            expect(week.get_by_text("Toutes les écoles ont fait des appels.")).to_be_visible()
        else:  # Monday before class, or a week of holidays
            expect(week.get_by_text("Aucun appel dû pour l’instant.")).to_be_visible()
        expect(week.get_by_text("1 dossier L131-8 ouvert")).to_be_visible()
        changes = page.get_by_role("region", name="Depuis la semaine dernière")
        expect(changes.get_by_text(re.compile(r"^Présence : .+ la semaine dernière, .+ cette semaine$"))
               ).to_be_visible()
        expect(changes.get_by_text("1 nouveau dossier L131-8 ces 7 derniers jours")).to_be_visible()
        expect(page.get_by_role("link", name="Ouvrir le tableau de bord")).to_be_visible()
        assert "Gantelles" not in page.get_by_role("main").inner_text()  # another académie
        expect(page.get_by_role("main").get_by_text("Aucun message non lu")).to_be_visible()
        assert fits(page, PHONE["width"])
        assert_accessible(page)

        # A director of the circonscription writes: the unread count comes without a reload.
        in_a_plain_thread(lambda: conversation_create(
            sender=world.user("director"), recipient_ids=[world.user("inspector").pk],
            subject="Visite", body="Nous vous attendons jeudi."))
        expect(page.get_by_role("main").get_by_text("1 message non lu")).to_be_visible(
            timeout=5_000)
    finally:
        context.close()
