"""Accessibility in Debian's Chromium, against the real ASGI app (HTTP and WebSocket).

The main pages of several roles, and their dialogs open, pass the check every browser test
makes (`tests/e2e/accessibility.py`: every visible text measured against its effective
background, then axe-core with every rule).

Keyboard-only tests: sign-in, roll call and justification, checking where focus lands
after each action, and that a live update is announced (the live region's text changes).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from preau.homework.models import Homework
from tests.e2e.accessibility import assert_accessible
from tests.e2e.second_step import sign_in
from tests.e2e.test_attendance import TABLET, last_school_morning, take_call_with_an_absence
from tests.e2e.test_timetable import french_day, new_page
from tests.world import build_world

pytestmark = pytest.mark.browser

PASSWORD = "motdepasse-demo"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def a11y_world(browser, transactional_db):
    world = build_world()
    world.extra["day"] = last_school_morning(world.classrooms["A1"])
    return world


def open_dialog(page, button: str, name: str):
    page.get_by_role("button", name=button).click()
    dialog = page.get_by_role("dialog", name=name)
    expect(dialog).to_have_css("opacity", "1")
    # A dialog is no second banner: its header is not a <header>.
    assert page.locator("[role=dialog] header").count() == 0
    expect(page.get_by_role("banner")).to_have_count(1)
    return dialog


def at_home(page) -> None:
    """Signed in: the home page (« Aujourd’hui ») shown, its one request answered (none is
    left running on the server when the test moves on)."""
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
    expect(page.locator("main [aria-busy='true']")).to_have_count(0)


def test_guardian_pages_and_dialogs_reach_the_contrast_threshold_and_pass_axe(
        browser, asgi_live_server, a11y_world):
    world = a11y_world
    take_call_with_an_absence(world)
    # A second device signed in: "Mon espace" (/moi) offers to sign the others out.
    other_context, other = new_page(browser, asgi_live_server)
    try:
        sign_in(other, "guardian", PASSWORD)
        at_home(other)
    finally:
        other_context.close()

    context, page = new_page(browser, asgi_live_server)
    try:
        sign_in(page, "guardian", PASSWORD)
        at_home(page)
        assert_accessible(page, "guardian today")
        page.goto("/moi")
        page.get_by_role("heading", level=1, name="Mon espace").wait_for()
        expect(page.get_by_role("button", name="Déconnecter les autres appareils")).to_be_visible()
        footer = page.get_by_role("contentinfo")
        expect(footer.get_by_role("link", name="Accessibilité : partiellement conforme")).to_be_visible()
        assert_accessible(page, "guardian « Mon espace »")

        page.goto("/absences")
        badge = page.get_by_role("article").get_by_text("À justifier", exact=True)
        expect(badge).to_be_visible()
        assert_accessible(page, "guardian absences")
        page.get_by_role("button", name=re.compile(r"^Justifier : ")).click()
        page.get_by_role("form", name="Justifier l’absence").get_by_role(
            "button", name="Envoyer la justification").click()
        expect(page.get_by_text("Choisissez un motif.")).to_be_visible()
        assert_accessible(page, "guardian absences, justification refused for lack of a reason")

        page.goto("/messagerie")
        page.get_by_role("heading", level=1).wait_for()
        assert_accessible(page, "guardian inbox")
        dialog = open_dialog(page, "Nouveau message", "Nouveau message")
        expect(dialog.get_by_label("Objet")).to_be_visible()
        assert_accessible(page, "guardian composer dialog")

        # The accessibility statement: public, linked from the footer.
        page.keyboard.press("Escape")
        page.get_by_role("contentinfo").get_by_role(
            "link", name="Accessibilité : partiellement conforme").click()
        page.get_by_role("heading", level=1, name="Déclaration d’accessibilité").wait_for()
        assert_accessible(page, "accessibility statement")
    finally:
        context.close()

    # Without an account too.
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        page.goto("/accessibilite")
        page.get_by_role("heading", level=1, name="Déclaration d’accessibilité").wait_for()
        expect(page.get_by_text(re.compile("partiellement conforme avec le référentiel"))).to_be_visible()
        expect(page.get_by_text(re.compile("Défenseur des droits, Libre réponse 71120"))).to_be_visible()
        assert page.url.endswith("/accessibilite")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page, "accessibility statement, signed out, phone")
    finally:
        context.close()


def test_teacher_and_director_pages_reach_the_contrast_threshold_and_pass_axe(
        browser, asgi_live_server, a11y_world):
    world = a11y_world
    day = world.extra["day"]
    classroom = world.classrooms["A1"]
    sunday = day + timedelta(days=6 - day.weekday())
    due = day + timedelta(days=1)
    Homework.objects.create(classroom=classroom, subject="francais", instructions="Lire la page 12",
                            due_date=due, author=world.user("teacher").person)

    context, page = new_page(browser, asgi_live_server, TABLET)
    try:
        sign_in(page, "teacher", PASSWORD)
        at_home(page)
        assert_accessible(page, "teacher home")

        page.goto(f"/classes/{classroom.pk}/appel?date={day.isoformat()}&demi-journee=morning")
        expect(page.get_by_text(f"{french_day(day)}, matin")).to_be_visible()
        page.get_by_role("button", name="En retard : Léa Martin").click()
        assert_accessible(page, "roll call with a late pupil")

        # The orange alert of a half-day without class.
        page.goto(f"/classes/{classroom.pk}/appel?date={sunday.isoformat()}&demi-journee=morning")
        expect(page.get_by_role("alert").filter(has_text="Pas d’appel pour cette demi-journée")).to_be_visible()
        assert_accessible(page, "roll call without class")

        page.goto("/messagerie")
        page.get_by_role("heading", level=1).wait_for()
        dialog = open_dialog(page, "Nouveau message", "Nouveau message")
        # A refused message: focus stays in the dialog, on the first field in error.
        dialog.get_by_role("button", name="Envoyer").click()
        expect(dialog.get_by_role("alert")).to_be_visible()
        assert page.evaluate(
            "document.activeElement.closest('[role=dialog]') !== null "
            "&& document.activeElement.getAttribute('aria-invalid') === 'true'"), \
            "focus left the dialog or is not on a field in error"
        expect(dialog.get_by_role("alert")).not_to_contain_text("recipients")
        assert_accessible(page, "teacher composer dialog with errors")
        page.keyboard.press("Escape")

        # The class's homework: the new, edit and withdraw dialogs.
        page.goto(f"/classes/{classroom.pk}/devoirs?semaine={due.isoformat()}")
        page.get_by_role("heading", level=1).wait_for()
        for button, title in (("Ajouter un devoir", "Nouveau devoir"),
                              ("Modifier : Français", "Modifier le devoir"),
                              ("Retirer : Français", "Retirer ce devoir ?")):
            open_dialog(page, button, title)
            assert_accessible(page, f"teacher dialog « {title} »")
            page.keyboard.press("Escape")
            expect(page.get_by_role("dialog")).to_have_count(0)
    finally:
        context.close()

    take_call_with_an_absence(world)
    context, page = new_page(browser, asgi_live_server)
    try:
        sign_in(page, "director", PASSWORD)
        at_home(page)
        assert_accessible(page, "director home")
        page.goto("/direction/justificatifs")
        page.get_by_role("heading", level=1, name="Justificatifs à examiner").wait_for()
        assert_accessible(page, "director justifications")
        page.goto("/direction/appels")
        page.get_by_role("heading", level=1).wait_for()
        assert_accessible(page, "director calls not taken")

        # The dialogs of the announcements, the polls and the school's events.
        page.goto("/annonces")
        page.get_by_role("heading", level=1).wait_for()
        open_dialog(page, "Nouvelle annonce", "Nouvelle annonce")
        assert_accessible(page, "director dialog « Nouvelle annonce »")
        page.keyboard.press("Escape")
        page.get_by_role("tab", name="Sondages").click()
        open_dialog(page, "Nouveau sondage", "Nouveau sondage")
        assert_accessible(page, "director dialog « Nouveau sondage »")
        page.keyboard.press("Escape")
        page.goto(f"/classes/{classroom.pk}/emploi-du-temps")
        page.get_by_role("heading", level=1).wait_for()
        open_dialog(page, "Ajouter un événement", "Nouvel événement")
        assert_accessible(page, "director dialog « Nouvel événement »")
    finally:
        context.close()


def tab_to(page, target, limit: int = 80) -> None:
    """Press Tab (keyboard only) until `target` (a locator) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_keyboard_only_sign_in_roll_call_and_justification_with_live_announcement(
        browser, asgi_live_server, a11y_world):
    world = a11y_world
    day = world.extra["day"]
    classroom = world.classrooms["A1"]
    guardian_context, guardian = new_page(browser, asgi_live_server)
    teacher_context, teacher = new_page(browser, asgi_live_server, TABLET)
    try:
        # Sign-in, keyboard only: a wrong password sends focus to the error.
        guardian.goto("/connexion")
        guardian.get_by_label("Identifiant").wait_for()
        tab_to(guardian, guardian.get_by_label("Identifiant"))
        guardian.keyboard.type("guardian")
        guardian.keyboard.press("Tab")
        guardian.keyboard.type("pas-le-bon")
        guardian.keyboard.press("Enter")
        error = guardian.get_by_role("alert")
        expect(error).to_contain_text("Identifiant ou mot de passe incorrect")
        expect(error).to_be_focused()
        # The field in error shows its focus (an outline, not only the red border).
        tab_to(guardian, guardian.get_by_label("Mot de passe", exact=True))
        guardian.keyboard.press("Control+a")
        guardian.keyboard.type(PASSWORD)
        guardian.keyboard.press("Enter")
        at_home(guardian)

        # The guardian has "Absences" open; the live region is empty.
        with guardian.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            guardian.goto("/absences")
        guardian.get_by_role("heading", level=1, name="Absences").wait_for()
        live = guardian.locator("#annonces-en-direct")
        expect(live).to_have_attribute("aria-live", "polite")
        expect(live).to_have_text("")
        assert guardian.locator("[aria-live=polite]#annonces-en-direct").count() == 1

        # The roll call, keyboard only: Léa marked absent, the call submitted.
        sign_in(teacher, "teacher", PASSWORD)
        at_home(teacher)
        teacher.goto(f"/classes/{classroom.pk}/appel?date={day.isoformat()}&demi-journee=morning")
        toggle = teacher.get_by_role("button", name="Léa Martin Présent·e")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        tab_to(teacher, toggle)
        teacher.keyboard.press("Space")
        expect(teacher.get_by_role("button", name="Léa Martin Absent·e")).to_have_attribute(
            "aria-pressed", "true")
        tab_to(teacher, teacher.get_by_role("button", name="Valider l’appel"))
        teacher.keyboard.press("Enter")
        result = teacher.get_by_role("status").filter(has_text=re.compile(r"Appel fait à \d\d:\d\d"))
        expect(result).to_be_visible()
        expect(result).to_be_focused()

        # The guardian's screen reader hears of the absence: the live region's text changes.
        expect(live).to_have_text("Nouvelle absence enregistrée pour Léa Martin.", timeout=5_000)

        # The justification, keyboard only.
        article = guardian.get_by_role("article", name=re.compile(rf"^Absence · {french_day(day)}"))
        expect(article).to_be_visible()
        tab_to(guardian, article.get_by_role("button", name=re.compile("^Justifier : ")))
        guardian.keyboard.press("Enter")
        form = guardian.get_by_role("form", name="Justifier l’absence")
        expect(form).to_be_visible()
        tab_to(guardian, form.get_by_role("button", name="Envoyer la justification"))
        guardian.keyboard.press("Enter")
        # Refused before sending: focus goes to the first field in error.
        reason = form.get_by_label("Motif")
        expect(reason).to_be_focused()
        expect(reason).to_have_attribute("aria-invalid", "true")
        outline = reason.evaluate("(el) => getComputedStyle(el).outlineStyle")
        assert outline != "none", "the focused field in error shows no focus outline"
        guardian.keyboard.press("ArrowDown")  # the first reason
        tab_to(guardian, form.get_by_role("button", name="Envoyer la justification"))
        guardian.keyboard.press("Enter")
        confirmation = guardian.get_by_role("status").filter(has_text="Justification envoyée : la direction")
        expect(confirmation).to_be_visible()
        expect(confirmation).to_be_focused()
    finally:
        guardian_context.close()
        teacher_context.close()


def test_dialogs_do_not_move_under_reduced_motion(browser, asgi_live_server, a11y_world):
    context = browser.new_context(locale="fr-FR", base_url=asgi_live_server, reduced_motion="reduce",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "teacher", PASSWORD)
        at_home(page)
        page.goto("/messagerie")
        page.get_by_role("heading", level=1).wait_for()
        page.get_by_role("button", name="Nouveau message").click()
        dialog = page.get_by_role("dialog", name="Nouveau message")
        dialog.wait_for()
        durations = dialog.evaluate("""(el) => {
            const content = el.closest('.mantine-Modal-content') || el;
            return [getComputedStyle(content).transitionDuration,
                    getComputedStyle(content).animationName];
        }""")
        assert durations[0] in {"0s", "0ms"}, f"the dialog still moves: {durations}"
    finally:
        context.close()


# Elements that scroll sideways (their content is wider than they are): each must be a
# keyboard stop (tabindex 0) and a named region, so that a keyboard user can scroll it.
SCROLLERS_JS = r"""
() => [...document.querySelectorAll('body *')]
  .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                  && el.scrollWidth > el.clientWidth + 1 && el.checkVisibility())
  .filter((el) => !(el.tabIndex === 0 && el.getAttribute('role') === 'region'
                    && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))))
  .map((el) => el.outerHTML.slice(0, 120))
"""


def test_dashboards_on_a_phone_scrolling_tables_reachable_by_keyboard_and_breadcrumbs_24_px(
        browser, asgi_live_server, a11y_world):
    school = a11y_world.schools["A"]
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        sign_in(page, "inspector", PASSWORD)
        at_home(page)
        for path in ("/tableau-de-bord", f"/tableau-de-bord/ecoles/{school.pk}"):
            page.goto(path)
            page.get_by_role("heading", level=1).wait_for()
            page.wait_for_load_state("networkidle")
            expect(page.get_by_role("table").first).to_be_visible()
            assert page.evaluate(SCROLLERS_JS) == [], f"{path}: a table scrolls out of keyboard reach"
            regions = page.locator("[role=region][tabindex='0']")
            assert regions.count() > 0
        crumbs = page.get_by_role("navigation", name="Fil d’Ariane").get_by_role("link")
        expect(crumbs.first).to_be_visible()
        for index in range(crumbs.count()):
            box = crumbs.nth(index).bounding_box()
            assert box is not None
            assert box["height"] >= 24, f"breadcrumb target of {box['height']} px"
        assert_accessible(page, "school dashboard on a phone")
    finally:
        context.close()
