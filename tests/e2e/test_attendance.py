"""Attendance pages in Debian's Chromium, against the real ASGI app (HTTP and WebSocket).

The teacher marks a pupil absent on the roll-call screen and submits; the guardian's open
"Absences" page shows the absence without a reload; the guardian justifies it (illness);
the director accepts it from the justification queue; the monthly register shows the
half-day as justified. The roll-call screen and the guardian's page pass axe-core.

Browser tests run at the real current date (maybe a weekend or a holiday), and a call
cannot be taken in the future: the pages are driven on the last school morning before
today, through the URL (a forgotten call of an earlier day can still be taken).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.schools.calendar import school_days
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import (
    french_day,
    in_a_plain_thread,
    log_in,
    new_page,
)
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
TABLET = {"width": 820, "height": 1180}
# The roll call is also checked where teachers take it: a large tablet held sideways, a phone.
ROLL_CALL_SIZES = {
    "phone": {"width": 390, "height": 844},
    "tablet": {"width": 1366, "height": 1024},
}

# Each pupil's toggle: its name must show whole (no clipping, nothing past the button).
CLIPPED_NAMES = """() => [...document.querySelectorAll('form li > button[aria-pressed]')]
  .filter((button) => !button.hasAttribute('aria-label'))
  .map((button) => {
    const label = button.querySelector('.mantine-Button-label');
    const name = label.querySelector('span');
    const outer = button.getBoundingClientRect();
    const inner = name.getBoundingClientRect();
    const clipped = name.scrollWidth > name.clientWidth
      || label.scrollWidth > label.clientWidth || label.scrollHeight > label.clientHeight
      || inner.right > outer.right + 1 || inner.bottom > outer.bottom + 1;
    return clipped ? name.textContent : null;
  })
  .filter(Boolean)"""


def last_school_morning(classroom) -> date:
    """The last day before today, in the classroom's school year, with class in the morning."""
    today = timezone.localdate()
    start = max(classroom.school_year.start_date, today - timedelta(days=60))
    days = school_days(school=classroom.school, start=start, end=today - timedelta(days=1))
    mornings = [day.date for day in days if "morning" in day.half_days]
    if not mornings:
        pytest.fail("no school morning yet this school year to take a call on", pytrace=False)
    return mornings[-1]


@pytest.fixture
def attendance_world(browser, transactional_db):
    world = build_world()
    world.extra["day"] = last_school_morning(world.classrooms["A1"])
    return world


def test_absence_marked_by_the_teacher_is_justified_live_accepted_and_registered(
        browser, asgi_live_server, attendance_world):
    world = attendance_world
    day = world.extra["day"]
    classroom = world.classrooms["A1"]
    teacher_person = world.user("teacher").person
    absence_title = f"Absence · {french_day(day)}, matin"
    guardian_context, guardian = new_page(browser, asgi_live_server)
    teacher_context, teacher = new_page(browser, asgi_live_server, TABLET)
    director_context, director = new_page(browser, asgi_live_server)
    try:
        # The guardian has "Absences" open: nothing yet.
        log_in(guardian, "guardian")
        guardian.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Absences").click()
        guardian.get_by_role("heading", level=1, name="Absences").wait_for()
        with guardian.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
            guardian.goto("/absences")
        léa = guardian.get_by_role("region", name="Léa Martin")
        expect(léa.get_by_text("Aucune absence ni retard.")).to_be_visible()
        guardian.evaluate("window.__sameDocument = true")  # a reload would drop it

        # The teacher opens the roll call of that morning, on a tablet.
        log_in(teacher, "teacher")
        teacher.get_by_role("button", name="Ouvrir le menu").click()  # the tablet's menu
        teacher.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Appel", exact=True).click()
        teacher.get_by_role("heading", level=1, name="Appel : CE2 A").wait_for()
        teacher.goto(f"/classes/{classroom.pk}/appel?date={day.isoformat()}&demi-journee=morning")
        expect(teacher.get_by_text(f"{french_day(day)}, matin")).to_be_visible()
        toggle = teacher.get_by_role("button", name=re.compile(r"^Léa Martin (Présent|Absent|En retard)"))
        expect(toggle).to_have_attribute("aria-pressed", "false")
        # The second control sets late, with minutes; one tap on the name marks absent.
        teacher.get_by_role("button", name="En retard : Léa Martin").click()
        expect(teacher.get_by_label("Minutes de retard de Léa Martin")).to_have_value("10")
        assert_accessible(teacher)
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(teacher.get_by_label("Minutes de retard de Léa Martin")).to_have_count(0)
        expect(teacher.get_by_text("Absents : 1 · Retards : 0 · Présents : 0")).to_be_visible()
        teacher.get_by_role("button", name="Valider l’appel").click()
        taken = re.compile(rf"Appel fait à \d\d:\d\d par {teacher_person.first_name} "
                           rf"{teacher_person.last_name}\.")
        expect(teacher.get_by_role("status").filter(has_text=taken)).to_be_visible()
        expect(teacher.get_by_role("button", name="Enregistrer la correction")).to_be_visible()

        # The guardian's open page shows the absence, without a reload.
        absence = léa.get_by_role("article", name=absence_title)
        expect(absence).to_be_visible(timeout=5_000)
        expect(absence.get_by_text("À justifier")).to_be_visible()
        assert guardian.evaluate("window.__sameDocument") is True

        # The guardian justifies it: illness.
        absence.get_by_role("button", name=f"Justifier : {absence_title}").click()
        form = absence.get_by_role("form", name="Justifier l’absence")
        form.get_by_role("button", name="Envoyer la justification").click()
        expect(form.get_by_text("Choisissez un motif.")).to_be_visible()  # checked before sending
        form.get_by_label("Motif").select_option(label="Maladie de l’enfant")
        assert_accessible(guardian)
        form.get_by_role("button", name="Envoyer la justification").click()
        expect(absence.get_by_text("Justification envoyée", exact=True)).to_be_visible()
        expect(absence.get_by_text("Motif : Maladie de l’enfant")).to_be_visible()

        # The director accepts it from the queue.
        log_in(director, "director")
        director.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Justificatifs").click()
        director.get_by_role("heading", level=1, name="Justificatifs à examiner").wait_for()
        item = director.get_by_role("article", name="Léa Martin (CE2 A)")
        expect(item.get_by_text(absence_title)).to_be_visible()
        expect(item.get_by_text("Motif : Maladie de l’enfant")).to_be_visible()
        item.get_by_role("button", name="Accepter la justification de Léa Martin").click()
        expect(director.get_by_text("Aucune justification en attente.")).to_be_visible()

        # The family sees it justified, live.
        expect(absence.get_by_text("Justifiée", exact=True)).to_be_visible(timeout=5_000)
        assert guardian.evaluate("window.__sameDocument") is True

        # The month's register shows the half-day as justified.
        director.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Registre d’appel").click()
        director.get_by_role("heading", level=1, name="Registre d’appel").wait_for()
        director.goto(f"/direction/registre?classe={classroom.pk}&mois={day:%Y-%m}")
        register = director.get_by_role("table", name=re.compile(r"^Registre d’appel : CE2 A, "))
        row = register.get_by_role("row", name=re.compile(r"^Léa Martin"))
        expect(row.locator("abbr[title='Absence justifiée']")).to_have_text("AJ")
        headers = register.locator("thead th").all_inner_texts()
        cells = row.locator("th, td").all_inner_texts()
        by_header = dict(zip(headers, cells, strict=True))
        assert by_header["Absences"] == "1"
        assert by_header["dont justifiées"] == "1"
        assert by_header["non justifiées"] == "0"
        expect(director.get_by_role("link", name="Télécharger le registre (CSV)")).to_have_attribute(
            "href", f"/api/v1/attendance/classrooms/{classroom.pk}/register.csv?month={day:%Y-%m}")
    finally:
        guardian_context.close()
        teacher_context.close()
        director_context.close()


def test_roll_call_screen_says_when_there_is_no_class(browser, asgi_live_server, attendance_world):
    classroom = attendance_world.classrooms["A1"]
    day = attendance_world.extra["day"]
    sunday = day + timedelta(days=6 - day.weekday())
    context, page = new_page(browser, asgi_live_server, TABLET)
    try:
        log_in(page, "teacher")
        page.goto(f"/classes/{classroom.pk}/appel?date={sunday.isoformat()}&demi-journee=morning")
        expect(page.get_by_role("alert").filter(has_text="Pas d’appel pour cette demi-journée")).to_be_visible()
        expect(page.get_by_role("button", name="Valider l’appel")).to_have_count(0)
        # The pickers move to the school morning: the class list appears.
        page.get_by_label("Jour", exact=True).fill(day.isoformat())
        expect(page.get_by_role("button", name=re.compile(r"^Léa Martin (Présent|Absent|En retard)"))).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()


def fill_the_class(world) -> None:
    """A1 as big as a real class (30 pupils), one of them with a long double-barrelled name."""
    from tests.factories import EnrolmentFactory, PupilFactory

    def enrol() -> None:
        classroom = world.classrooms["A1"]
        EnrolmentFactory(classroom=classroom, pupil=PupilFactory(
            first_name="Marie-Charlotte-Éléonore", last_name="de La Tour d’Auvergne-Lauraguais"))
        for number in range(28):
            EnrolmentFactory(classroom=classroom, pupil=PupilFactory(
                first_name=f"Élève{number:02d}", last_name="Durand"))

    in_a_plain_thread(enrol)


def take_call_with_an_absence(world) -> None:
    """The morning's call of A1 with Léa absent, through the service (as the teacher)."""
    from preau.attendance.services import roll_call_submit

    def take() -> None:
        roll_call_submit(actor=world.user("teacher"), classroom=world.classrooms["A1"],
                         on=world.extra["day"], half_day="morning",
                         absences=[{"pupil": world.pupils["A1"].pk, "absence_kind": "absent"}])

    in_a_plain_thread(take)


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_attendance_pages_fit_a_phone_and_a_tablet(browser, asgi_live_server, attendance_world,
                                                   viewport):
    world = attendance_world
    day = world.extra["day"]
    classroom = world.classrooms["A1"]
    take_call_with_an_absence(world)
    fill_the_class(world)
    width = viewport["width"]
    fits = "document.documentElement.scrollWidth"

    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "teacher")
        page.goto(f"/classes/{classroom.pk}/appel?date={day.isoformat()}&demi-journee=morning")
        page.get_by_role("button", name="En retard : Léa Martin").click()
        page.get_by_label("Minutes de retard de Léa Martin").wait_for()
        assert page.evaluate(fits) <= width, "the roll call scrolls sideways"

        # Where the call is taken: every name whole, the submit button in reach, one tap a pupil.
        size = ROLL_CALL_SIZES["phone" if viewport is PHONE else "tablet"]
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        expect(page.get_by_role("list", name="30 élèves").get_by_role("listitem")).to_have_count(30)
        assert page.evaluate(fits) <= size["width"], f"the roll call scrolls sideways at {size}"
        assert page.evaluate(CLIPPED_NAMES) == [], f"names cut off at {size}"
        assert page.evaluate("document.documentElement.scrollHeight") > size["height"]
        submit = page.get_by_role("button", name="Enregistrer la correction")
        box = submit.bounding_box()
        assert box is not None
        assert box["y"] >= 0, f"the submit button is above the screen at {size}: {box}"
        assert box["y"] + box["height"] <= size["height"], (
            f"the submit button is out of reach at {size}: {box}"
        )
        long_name = page.get_by_role("button", name=re.compile(r"^Marie-Charlotte-Éléonore "))
        long_name.click()
        expect(long_name).to_have_attribute("aria-pressed", "true")
        # At the end of the list the bar sits below the last pupil, not over it.
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        pupils = page.get_by_role("list", name="30 élèves").get_by_role("listitem")
        last = pupils.last.bounding_box()
        bar = submit.locator("xpath=..").bounding_box()
        assert last is not None
        assert bar is not None
        assert last["y"] + last["height"] <= bar["y"] + 1, "the submit bar covers the last pupil"
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "guardian")
        page.goto("/absences")
        page.get_by_role("button", name=re.compile(r"^Justifier : ")).click()
        page.get_by_role("form", name="Justifier l’absence").wait_for()
        assert page.evaluate(fits) <= width, "the families' page scrolls sideways"
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "director")
        page.goto(f"/direction/registre?classe={classroom.pk}&mois={day:%Y-%m}")
        page.get_by_role("table", name=re.compile(r"^Registre d’appel : CE2 A, ")).wait_for()
        # The grid scrolls inside its own region, never the page.
        assert page.evaluate(fits) <= width, "the register scrolls the page sideways"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_the_director_reminds_a_teacher_of_a_call_not_taken(browser, asgi_live_server,
                                                            attendance_world, viewport):
    """The week of calls not taken shows A2's missing morning call (A1's is taken); the
    director's reminder reaches the teacher as a message, and says so on the page."""
    world = attendance_world
    day = world.extra["day"]
    take_call_with_an_absence(world)
    a2 = world.classrooms["A2"]
    when = f"{french_day(day)}, matin"
    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "director")
        page.goto(f"/direction/appels?date={day.isoformat()}")
        half_day = page.get_by_role("region", name=when, exact=True)
        expect(half_day.get_by_role("link", name=f"Faire l’appel de {a2.name}")).to_be_visible()
        expect(half_day.get_by_role("link", name=f"Faire l’appel de {world.classrooms['A1'].name}")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_accessible(page)
        half_day.get_by_role("button", name=re.compile(rf"^Relancer .*{a2.name} du {when}$")).click()
        expect(half_day.get_by_role("status")).to_contain_text("Relance envoyée à")
    finally:
        context.close()
