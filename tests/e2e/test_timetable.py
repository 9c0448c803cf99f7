"""Timetable pages in Debian's Chromium, against the real ASGI app (HTTP and WebSocket).

A guardian sees the week of each child; a lesson the director cancels through the
editor appears on the guardian's open page without a reload; the week page and the
editor pass axe-core; the week page fits a phone.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, time, timedelta

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from preau.schools.calendar import school_days
from preau.timetable import services
from preau.timetable.models import Subject
from tests.e2e.accessibility import assert_accessible
from tests.e2e.second_step import open_session
from tests.factories import EnrolmentFactory, GuardianshipFactory, PupilFactory
from tests.world import build_world

pytestmark = pytest.mark.browser

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def french_day(day: date) -> str:
    """'lundi 30 novembre', as the page writes it ('1er' for the first)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]}"


def coming_full_week(school) -> date:
    """The Monday of the first week after this one whose four class days are all school days."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    for _ in range(52):
        days = school_days(school=school, start=monday, end=monday + timedelta(days=4))
        if all(day.is_school_day for day in days if day.date.weekday() != 2):
            return monday
        monday += timedelta(days=7)
    raise AssertionError("no full school week in the coming year")


def in_a_plain_thread(function) -> None:
    """Run ORM writes outside the thread where Playwright's event loop runs: services
    publish live events after commit, which cannot be done from inside a running loop."""
    def run() -> None:
        try:
            function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


@pytest.fixture
def timetable_world(browser, transactional_db):
    """The shared world, a second child for the guardian (in A2), and a week of lessons
    made by the director through the timetable services."""
    world = build_world()
    second = PupilFactory(first_name="Tom", last_name="Martin")
    GuardianshipFactory(guardian=world.user("guardian").person, pupil=second)
    EnrolmentFactory(pupil=second, classroom=world.classrooms["A2"], level="CM1")
    in_a_plain_thread(lambda: make_week(world))
    world.extra["monday"] = coming_full_week(world.schools["A"])
    return world


def make_week(world) -> None:
    director = world.user("director")
    a1, a2 = world.classrooms["A1"], world.classrooms["A2"]
    for weekday in (0, 1, 3, 4):
        services.slot_create(actor=director, classroom=a1, weekday=weekday, start_time=time(8, 30),
                             end_time=time(10, 0), subject=Subject.FRANCAIS, room="Salle 3")
        services.slot_create(actor=director, classroom=a1, weekday=weekday, start_time=time(10, 0),
                             end_time=time(10, 15), subject=Subject.RECREATION)
        services.slot_create(actor=director, classroom=a1, weekday=weekday, start_time=time(10, 15),
                             end_time=time(11, 30), subject=Subject.MATHEMATIQUES)
        services.slot_create(actor=director, classroom=a1, weekday=weekday, start_time=time(13, 30),
                             end_time=time(15, 0), subject=Subject.QUESTIONNER_LE_MONDE)
        services.slot_create(actor=director, classroom=a2, weekday=weekday, start_time=time(8, 30),
                             end_time=time(10, 0), subject=Subject.ARTS_PLASTIQUES)
        services.slot_create(actor=director, classroom=a2, weekday=weekday, start_time=time(13, 30),
                             end_time=time(15, 0), subject=Subject.HISTOIRE_GEOGRAPHIE)


def log_in(page, username: str) -> None:
    """Signed in, on the home page (tests/e2e/second_step.py: the login page has tests of
    its own)."""
    open_session(page, username)
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()  # the home page
    # Its one request answered: none is left running on the server when the test moves on.
    expect(page.locator("main [aria-busy='true']")).to_have_count(0)


def new_page(browser, base_url: str, viewport: dict | None = None, *,
             service_workers: str = "block"):
    """A page of its own context. The app's service worker is blocked unless asked for:
    installing it fetches the whole app shell (about a hundred files) in the background of
    each test, 12 % of the browser tests' time; tests/e2e/test_pwa.py and the pages that do
    not come through here (login, accessibility walk…) run with it."""
    context = browser.new_context(locale="fr-FR", base_url=base_url,
                                  service_workers=service_workers,
                                  viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page



def day_region(page, day: date):
    return page.get_by_role("region", name=french_day(day), exact=True)


def test_guardian_sees_the_week_of_each_child_through_the_switcher(browser, asgi_live_server,
                                                                   timetable_world):
    monday = timetable_world.extra["monday"]
    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "guardian")
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Emploi du temps").click()
        page.get_by_role("heading", level=1, name="Emploi du temps").wait_for()

        # Navigate to the chosen week with the week navigation (no week numbers).
        nav = page.get_by_role("navigation", name="Changer de semaine")
        heading = page.get_by_role("heading", name=re.compile(r"^Semaine du "))
        for _ in range(60):
            if french_day(monday) in heading.inner_text():
                break
            nav.get_by_role("link", name="Semaine suivante").click()
            page.wait_for_function("() => !document.querySelector('[aria-busy=true]')")
        expect(heading).to_have_text(
            f"Semaine du {french_day(monday)} au {french_day(monday + timedelta(days=4))}")

        switcher = page.get_by_role("radiogroup", name="Enfant affiché")
        expect(switcher.get_by_role("radio", name="Léa")).to_be_checked()
        monday_column = day_region(page, monday)
        expect(monday_column.get_by_text("Français")).to_be_visible()
        expect(monday_column.get_by_text("Mathématiques")).to_be_visible()
        expect(page.get_by_text("CE2 A · École Jean Jaurès")).to_be_visible()
        expect(day_region(page, monday + timedelta(days=2)).get_by_text("Pas de classe")).to_be_visible()
        expect(page.get_by_text("Arts plastiques")).to_have_count(0)

        switcher.get_by_text("Tom").click()
        expect(monday_column.get_by_text("Arts plastiques")).to_be_visible()
        expect(page.get_by_text("CM1-CM2 · École Jean Jaurès")).to_be_visible()
        expect(page.get_by_text("Mathématiques")).to_have_count(0)
        expect(page.get_by_text("Hugo Bernard")).to_have_count(0)  # another family's child
    finally:
        context.close()


def test_a_cancellation_by_the_director_appears_live_on_the_guardians_page(
        browser, asgi_live_server, timetable_world):
    monday = timetable_world.extra["monday"]
    classroom = timetable_world.classrooms["A1"]
    guardian_context, guardian = new_page(browser, asgi_live_server)
    director_context, director = new_page(browser, asgi_live_server)
    try:
        log_in(guardian, "guardian")
        with guardian.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")) as socket:
            guardian.goto(f"/emploi-du-temps?semaine={monday.isoformat()}")
        lesson = day_region(guardian, monday).get_by_role("article").filter(has_text="Mathématiques")
        expect(lesson).to_be_visible()
        expect(lesson.get_by_text("Annulé")).to_have_count(0)
        assert not socket.value.is_closed()
        # A reload would drop this marker.
        guardian.evaluate("window.__sameDocument = true")

        log_in(director, "director")
        director.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Emplois du temps").click()
        director.get_by_role("link", name="Emploi du temps de la classe CE2 A").click()
        director.get_by_role("heading", level=1, name="Emploi du temps : CE2 A").wait_for()
        director.goto(f"/classes/{classroom.pk}/emploi-du-temps?semaine={monday.isoformat()}")
        director.get_by_role("region", name="Modifier l’emploi du temps").wait_for()
        director.get_by_role("button", name=re.compile(
            rf"^Modifier : Mathématiques, {french_day(monday)}, 10\sh\s15$")).click()
        director.get_by_role("menuitem", name="Annuler ce cours").click()
        dialog = director.get_by_role("dialog", name="Annuler ce cours")
        dialog.get_by_label("Motif (visible par les familles)").fill("Enseignante absente, non remplacée")
        assert_accessible(director, "cancel a lesson dialog")
        dialog.get_by_role("button", name="Confirmer l’annulation").click()
        expect(director.get_by_text("Modification enregistrée.")).to_be_visible()
        director_lesson = day_region(director, monday).get_by_role("article").filter(
            has_text="Mathématiques")
        expect(director_lesson.get_by_text("Annulé")).to_be_visible()

        # The guardian's page, left open, shows it within a few seconds: no reload.
        expect(lesson.get_by_text("Annulé", exact=True)).to_be_visible(timeout=5_000)
        expect(lesson.get_by_text("Motif : Enseignante absente, non remplacée")).to_be_visible()
        assert guardian.evaluate("window.__sameDocument") is True

        # "Rétablir" brings it back, live too.
        director_lesson.get_by_role("button", name=re.compile("^Modifier : Mathématiques")).click()
        director.get_by_role("menuitem", name="Rétablir").click()
        expect(lesson.get_by_text("Annulé", exact=True)).to_have_count(0, timeout=5_000)
        assert guardian.evaluate("window.__sameDocument") is True
    finally:
        guardian_context.close()
        director_context.close()


def test_week_page_and_editor_have_no_serious_accessibility_violation(
        browser, asgi_live_server, timetable_world):
    monday = timetable_world.extra["monday"]
    classroom = timetable_world.classrooms["A1"]
    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "guardian")
        page.goto(f"/emploi-du-temps?semaine={monday.isoformat()}")
        day_region(page, monday).get_by_text("Mathématiques").wait_for()
        assert_accessible(page)
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "director")
        page.goto(f"/classes/{classroom.pk}/emploi-du-temps?semaine={monday.isoformat()}")
        page.get_by_role("region", name="Créneaux de la semaine type").get_by_text(
            "Lundi", exact=True).wait_for()
        page.get_by_text("Aucune fermeture enregistrée.").wait_for()
        assert_accessible(page)

        # The dialogs too.
        page.get_by_role("button", name="Ajouter un créneau").click()
        page.get_by_role("dialog", name="Nouveau créneau").wait_for()
        assert_accessible(page, "new slot dialog")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 740}, {"width": 820, "height": 1180}])
def test_week_page_fits_a_phone_and_a_tablet(browser, asgi_live_server, timetable_world, viewport):
    monday = timetable_world.extra["monday"]
    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "guardian")
        page.goto(f"/emploi-du-temps?semaine={monday.isoformat()}")
        day_region(page, monday).get_by_text("Mathématiques").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        monday_box = day_region(page, monday).bounding_box()
        tuesday_box = day_region(page, monday + timedelta(days=1)).bounding_box()
        if viewport["width"] < 600:
            # A phone: the days are one under the other.
            assert tuesday_box["y"] > monday_box["y"] + monday_box["height"] - 1
        else:
            # A tablet: the days are columns side by side.
            assert tuesday_box["x"] > monday_box["x"]
            assert tuesday_box["y"] == monday_box["y"]
    finally:
        context.close()
