"""Homework pages in Debian's Chromium, against the real ASGI app (HTTP and WebSocket).

A teacher sets homework through the cahier de textes editor; the guardian's open
"Devoirs" page shows it without a reload; the pupil ticks "Fait"; the teacher's open
class homework page shows "Fait par 1 / 1" without a reload; the guardian reads the
lesson under « Fait en classe ». The pages pass axe-core and fit a phone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.homework import services
from preau.schools.calendar import school_days
from preau.timetable.models import Subject
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import (
    french_day,
    in_a_plain_thread,
    log_in,
    new_page,
)
from tests.world import build_world

pytestmark = pytest.mark.browser

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
PHONE = {"width": 375, "height": 740}


def write_with_bold(
    form, label: str, before: str, bold: str, after: str, *, editor: int = 0,
    button: str = "Gras",
) -> None:
    """Writes in a toolbar editor as a teacher does: « Gras » on, the bold words, « Gras » off
    (or another `button` of the toolbar, « Italique »).

    `editor` is the rank of the field's toolbar in `form` (a lesson with homework has two)."""
    field = form.get_by_label(label)
    field.click()
    field.press_sequentially(before)
    toolbar = form.get_by_role("toolbar", name="Mise en forme").nth(editor)
    toggle = toolbar.get_by_role("button", name=button)
    toggle.click()
    field.press_sequentially(bold)
    toggle.click()
    field.press_sequentially(after)


def next_school_day(school) -> date:
    """The first school day after today at the school (holidays and Wednesdays skipped)."""
    today = timezone.localdate()
    days = school_days(school=school, start=today + timedelta(days=1), end=today + timedelta(days=60))
    return next(day.date for day in days if day.is_school_day)


@pytest.fixture
def homework_world(browser, transactional_db):
    world = build_world()
    world.extra["due"] = next_school_day(world.schools["A"])
    return world


def give_homework(world, *, instructions: str = "Apprendre la table de **7**.") -> None:
    """Homework for A1 due on the next school day, through the service (as the teacher)."""
    def create() -> None:
        services.homework_create(
            actor=world.user("teacher"), classroom=world.classrooms["A1"],
            subject=Subject.MATHEMATIQUES, instructions=instructions,
            due_date=world.extra["due"], estimated_minutes=20,
            to_bring_back="Le cahier du jour signé",
        )

    in_a_plain_thread(create)


def due_region(page, due: date):
    return page.get_by_role("region", name=f"Pour {french_day(due)}", exact=True)


def no_sideways_scroll(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_homework_set_by_the_teacher_appears_live_and_the_tick_reaches_the_teacher(
        browser, asgi_live_server, homework_world):
    due = homework_world.extra["due"]
    classroom = homework_world.classrooms["A1"]
    label = f"Marquer « Mathématiques pour {WEEKDAYS[due.weekday()]} » comme fait"
    guardian_context, guardian = new_page(browser, asgi_live_server)
    pupil_context, pupil = new_page(browser, asgi_live_server)
    teacher_context, teacher = new_page(browser, asgi_live_server)
    try:
        # The guardian and the pupil have "Devoirs" open on the week of the due date.
        for page, username in ((guardian, "guardian"), (pupil, "pupil")):
            log_in(page, username)
            page.get_by_role("navigation", name="Navigation principale").get_by_role(
                "link", name="Devoirs").click()
            page.get_by_role("heading", level=1, name="Devoirs").wait_for()
            with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
                page.goto(f"/devoirs?semaine={due.isoformat()}")
            expect(page.get_by_text("Aucun devoir pour cette semaine.")).to_be_visible()
            page.evaluate("window.__sameDocument = true")  # a reload would drop it

        # The teacher writes today's lesson with its homework in the cahier de textes.
        log_in(teacher, "teacher")
        teacher.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Cahier de textes").click()
        teacher.get_by_role("heading", level=1, name="Cahier de textes : CE2 A").wait_for()
        editor = teacher.get_by_role("form", name="Nouvelle séance")
        editor.get_by_label("Matière").select_option(label="Mathématiques")
        editor.get_by_label("Titre").fill("Les tables de multiplication")
        write_with_bold(editor, "Contenu de la séance", "Table de 7 : ", "lecture à voix haute",
                        ".", button="Italique")
        editor.get_by_role("switch", name="Donner du travail à faire").check()
        # Formatted with the toolbar, stored as Markdown, shown bold to the family.
        write_with_bold(editor, "Consignes", "Apprendre la table de ", "7", ".", editor=1)
        due_field = editor.get_by_label("Pour le")
        if (due - timezone.localdate()).days <= 40:  # the editor looks 40 days ahead
            # The next school day is proposed from the school's calendar.
            expect(due_field).to_have_value(due.isoformat())
        due_field.fill(due.isoformat())
        editor.get_by_label("Durée estimée (minutes)").fill("20")
        editor.get_by_label("À rapporter (facultatif)").fill("Le cahier du jour signé")
        editor.get_by_role("button", name="Enregistrer la séance").click()
        expect(teacher.get_by_text("Séance et travail à faire enregistrés.")).to_be_visible()

        # A file for the homework, through the multipart upload; a refused type says why.
        upload = teacher.locator("input[type=file]").nth(1)
        upload.set_input_files(files=[{"name": "page.html", "mimeType": "text/html",
                                       "buffer": b"<html><script>alert(1)</script></html>"}])
        expect(teacher.get_by_text(re.compile(r"^Le fichier n’a pas été joint : "))).to_be_visible()
        upload.set_input_files(files=[{"name": "table-de-7.txt", "mimeType": "text/plain",
                                       "buffer": "7 × 1 = 7\n7 × 2 = 14\n".encode()}])
        expect(teacher.get_by_text("« table-de-7.txt » est joint.")).to_be_visible()

        # The guardian's open page shows it, without a reload.
        homework = due_region(guardian, due).get_by_role("article", name="Mathématiques")
        expect(homework).to_be_visible(timeout=5_000)
        expect(homework.locator("strong", has_text="7")).to_be_visible()
        expect(homework.get_by_text("À rapporter : Le cahier du jour signé")).to_be_visible()
        expect(homework.get_by_role("link", name="table-de-7.txt")).to_be_visible(timeout=5_000)
        assert guardian.evaluate("window.__sameDocument") is True

        # The teacher opens the class's homework page: nobody has done it yet.
        teacher.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Devoirs de la classe").click()
        teacher.get_by_role("heading", level=1, name="Devoirs de la classe : CE2 A").wait_for()
        teacher.goto(f"/classes/{classroom.pk}/devoirs?semaine={due.isoformat()}")
        expect(teacher.get_by_role("button", name="Fait par 0 / 1")).to_be_visible()
        teacher.evaluate("window.__sameDocument = true")

        # The pupil (whose page got the homework live too) ticks it.
        box = pupil.get_by_role("checkbox", name=label)
        expect(box).to_be_visible(timeout=5_000)
        assert pupil.evaluate("window.__sameDocument") is True
        # click, then wait for the settled state: the live refresh may re-render the box
        # between the click and Playwright's own immediate check
        box.click()
        expect(box).to_be_checked(timeout=5_000)

        # The teacher's count moves, and the guardian sees the tick: no reload anywhere.
        expect(teacher.get_by_role("button", name="Fait par 1 / 1")).to_be_visible(timeout=5_000)
        expect(guardian.get_by_role("checkbox", name=label)).to_be_checked(timeout=5_000)
        assert teacher.evaluate("window.__sameDocument") is True
        assert guardian.evaluate("window.__sameDocument") is True

        teacher.get_by_role("button", name="Fait par 1 / 1").click()
        expect(teacher.get_by_role("list", name="Élèves et devoir fait").get_by_role(
            "listitem")).to_have_text(["Léa Martin : fait"])

        # What was done in class today reaches the family too (shown by default).
        guardian.goto(f"/devoirs?semaine={timezone.localdate().isoformat()}")
        lesson = guardian.get_by_role("region", name="Fait en classe", exact=True).get_by_role(
            "article", name="Mathématiques : Les tables de multiplication")
        expect(lesson.locator("em", has_text="lecture à voix haute")).to_be_visible()
        assert_accessible(guardian, "guardian Devoirs with « Fait en classe »")
    finally:
        guardian_context.close()
        pupil_context.close()
        teacher_context.close()


def test_devoirs_page_and_editor_have_no_serious_accessibility_violation(
        browser, asgi_live_server, homework_world):
    due = homework_world.extra["due"]
    classroom = homework_world.classrooms["A1"]
    give_homework(homework_world)
    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "guardian")
        page.goto(f"/devoirs?semaine={due.isoformat()}")
        due_region(page, due).get_by_role("article", name="Mathématiques").wait_for()
        assert_accessible(page, "guardian Devoirs")
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "teacher")
        page.goto(f"/classes/{classroom.pk}/cahier-de-textes")
        editor = page.get_by_role("form", name="Nouvelle séance")
        editor.get_by_role("switch", name="Donner du travail à faire").check()
        editor.get_by_role("radio", name="Certains élèves").check()
        editor.get_by_label("Élèves concernés").wait_for()
        page.get_by_text("Aucune séance écrite cette semaine.").wait_for()
        assert_accessible(page, "cahier de textes editor")
        # The link box of the toolbar editor.
        editor.get_by_label("Contenu de la séance").click()
        editor.get_by_role("toolbar", name="Mise en forme").first.get_by_role(
            "button", name="Lien", exact=True).click()
        expect(page.get_by_role("dialog").get_by_label("Adresse du lien")).to_be_visible()
        assert_accessible(page, "cahier de textes editor, link box open")
        page.keyboard.press("Escape")

        page.goto(f"/classes/{classroom.pk}/devoirs?semaine={due.isoformat()}")
        page.get_by_role("button", name="Fait par 0 / 1").click()
        page.get_by_role("list", name="Élèves et devoir fait").wait_for()
        assert_accessible(page, "class homework, who did it")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 820, "height": 1180}])
def test_homework_pages_fit_a_phone_and_a_tablet(browser, asgi_live_server, homework_world, viewport):
    due = homework_world.extra["due"]
    classroom = homework_world.classrooms["A1"]
    give_homework(homework_world, instructions=(
        "Lire https://example.org/une-tres-longue-adresse-sans-espace-qui-ne-doit-pas-elargir-la-page"
        "-du-telephone-de-la-famille et répondre aux questions."))
    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "guardian")
        page.goto(f"/devoirs?semaine={due.isoformat()}")
        due_region(page, due).get_by_role("article", name="Mathématiques").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the Devoirs page scrolls sideways"
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "teacher")
        page.goto(f"/classes/{classroom.pk}/cahier-de-textes")
        page.get_by_role("form", name="Nouvelle séance").get_by_role(
            "switch", name="Donner du travail à faire").check()
        page.get_by_label("Consignes").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the editor scrolls sideways"

        page.goto(f"/classes/{classroom.pk}/devoirs?semaine={due.isoformat()}")
        page.get_by_role("table", name="Charge de travail de la semaine").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the class homework page scrolls sideways"
    finally:
        context.close()
