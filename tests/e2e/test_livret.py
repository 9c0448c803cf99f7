"""The livret in Debian's Chromium, against the real ASGI app (HTTP and WebSocket).

The teacher creates an evaluation from the programme of the class's cycle, fills its grid
with the keyboard only and publishes it; each legal guardian's open "Livret" page shows it
without a reload. The pages pass axe-core and fit a phone and a tablet.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.livret import services
from preau.livret.models import Domain, ProgrammeElement
from preau.livret.reference import load_programme
from tests.e2e.test_homework import no_sideways_scroll
from tests.e2e.test_timetable import blocking_violations, in_a_plain_thread, log_in, new_page
from tests.factories import EnrolmentFactory, PupilFactory
from tests.factories.livret import national_elements, trimesters
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
TABLET = {"width": 820, "height": 1180}
READING = "Lire à voix haute"
COPYING = "Copier de manière experte"


@pytest.fixture
def livret_world(browser, transactional_db):
    """The shared world, its school's trimesters, and a second pupil in CE2 A."""
    # A transactional test empties every table when it ends, the programme loaded by the
    # migration too: load it again (idempotent) for the tests that follow.
    load_programme(Domain, ProgrammeElement)
    world = build_world()
    classroom = world.classrooms["A1"]
    trimesters(school=classroom.school, school_year=classroom.school_year)
    world.pupils["A1_2"] = PupilFactory(first_name="Noé", last_name="Petit")
    EnrolmentFactory(pupil=world.pupils["A1_2"], classroom=classroom)
    return world


def make_evaluation(world, *, publish: bool = False):
    """An evaluation of reading and copying for CE2 A, through the services (as the teacher)."""
    classroom = world.classrooms["A1"]
    elements = {e.label: e.pk for e in national_elements(codes=("FRA-LEC", "FRA-ECR"))}
    made = {}

    def create() -> None:
        teacher = world.user("teacher")
        evaluation = services.evaluation_create(
            actor=teacher, classroom=classroom, title="Lecture et copie",
            date=timezone.localdate(), elements=[elements[READING], elements[COPYING]])
        services.evaluation_grid_save(actor=teacher, evaluation=evaluation, expected_version=None, cells=[
            {"pupil": world.pupils["A1"].pk, "element": elements[READING], "level": 3,
             "absent": False}])
        if publish:
            services.evaluation_publish(actor=teacher, evaluation=evaluation)
        made["evaluation"] = evaluation

    in_a_plain_thread(create)
    return made["evaluation"]


def tab_into_grid(page) -> None:
    """Keyboard only: Tab until the focus is in the grid (its one tabbable cell)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.getAttribute('role') === 'gridcell'"):
            return
    raise AssertionError("Tab never reached the grid")


def cell(page, pupil: str, element: str, value: str):
    return page.get_by_role("gridcell", name=f"{pupil}, {element} : {value}", exact=True)


def test_teacher_fills_a_grid_with_the_keyboard_and_each_guardian_sees_it_published_live(
        browser, asgi_live_server, livret_world):
    contexts = []
    try:
        guardians = []
        for username in ("guardian", "guardian_2"):
            context, page = new_page(browser, asgi_live_server)
            contexts.append(context)
            log_in(page, username)
            page.get_by_role("navigation", name="Navigation principale").get_by_role(
                "link", name="Livret").click()
            page.get_by_role("heading", level=1, name="Livret").wait_for()
            expect(page.get_by_text("Aucune évaluation publiée pour le moment.")).to_be_visible()
            page.evaluate("window.__sameDocument = true")  # a reload would drop it
            guardians.append(page)

        context, teacher = new_page(browser, asgi_live_server)
        contexts.append(context)
        log_in(teacher, "teacher")
        teacher.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Évaluations").click()
        teacher.get_by_role("heading", level=1, name="Évaluations : CE2 A").wait_for()
        expect(teacher.get_by_text("Aucune évaluation pour cette période.")).to_be_visible()

        # A new evaluation from the programme of cycle 2.
        teacher.get_by_role("button", name="Nouvelle évaluation").click()
        dialog = teacher.get_by_role("dialog", name="Nouvelle évaluation")
        dialog.get_by_label("Titre").fill("Lecture et copie")
        dialog.get_by_text("Français", exact=True).click()
        dialog.get_by_role("checkbox", name=READING).check()
        dialog.get_by_role("checkbox", name=COPYING).check()
        dialog.get_by_role("button", name="Créer et saisir la grille").click()
        teacher.get_by_role("heading", level=1, name="Grille : Lecture et copie").wait_for()

        # The grid, with the keyboard only: Léa 3 then Noé absent down the first column,
        # right and up, Léa 4 then Noé 2 down the second; Enter saves the whole grid.
        tab_into_grid(teacher)
        expect(cell(teacher, "Léa Martin", READING, "non renseigné")).to_be_focused()
        teacher.keyboard.type("3a")
        teacher.keyboard.press("ArrowRight")
        teacher.keyboard.press("ArrowUp")
        teacher.keyboard.type("42")
        expect(teacher.get_by_text("4 cases modifiées, pas encore enregistrées")).to_be_visible()
        teacher.keyboard.press("Enter")
        expect(teacher.get_by_text("Grille enregistrée (4 cases remplies).")).to_be_visible()
        expect(cell(teacher, "Léa Martin", READING, "3 – Atteint")).to_be_visible()
        expect(cell(teacher, "Noé Petit", READING, "absent·e")).to_be_visible()
        expect(cell(teacher, "Léa Martin", COPYING, "4 – Dépassé")).to_be_visible()
        expect(cell(teacher, "Noé Petit", COPYING, "2 – Partiellement atteint")).to_be_visible()

        teacher.get_by_role("button", name="Publier").click()
        expect(teacher.get_by_text("Évaluation publiée : les élèves et leurs familles la voient.")
               ).to_be_visible()

        # Each guardian's open page shows it, Léa's levels only, without a reload.
        for page in guardians:
            evaluation = page.get_by_role("article", name="Lecture et copie")
            expect(evaluation).to_be_visible(timeout=5_000)
            expect(evaluation.get_by_role("row", name=READING)).to_contain_text("3 – Atteint")
            expect(evaluation.get_by_role("row", name=COPYING)).to_contain_text("4 – Dépassé")
            assert page.evaluate("window.__sameDocument") is True
    finally:
        for context in contexts:
            context.close()


def test_livret_pages_have_no_serious_accessibility_violation(browser, asgi_live_server,
                                                              livret_world):
    evaluation = make_evaluation(livret_world, publish=True)
    classroom = livret_world.classrooms["A1"]
    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "teacher")
        page.goto(f"/classes/{classroom.pk}/evaluations")
        page.get_by_role("article", name="Lecture et copie").wait_for()
        page.get_by_role("button", name="Nouvelle évaluation").click()
        page.get_by_role("dialog", name="Nouvelle évaluation").get_by_text(
            "Français", exact=True).click()
        page.get_by_role("checkbox", name=READING).wait_for()
        assert blocking_violations(page) == []

        page.goto(f"/evaluations/{evaluation.pk}/grille")
        page.get_by_role("grid", name="Lecture et copie").wait_for()
        assert blocking_violations(page) == []
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "guardian")
        page.goto("/livret")
        page.get_by_role("article", name="Lecture et copie").wait_for()
        assert blocking_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_livret_pages_fit_a_phone_and_a_tablet(browser, asgi_live_server, livret_world, viewport):
    evaluation = make_evaluation(livret_world, publish=True)
    classroom = livret_world.classrooms["A1"]
    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "teacher")
        page.goto(f"/classes/{classroom.pk}/evaluations")
        page.get_by_role("article", name="Lecture et copie").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the evaluations page scrolls sideways"

        # The grid scrolls inside its frame, never the page; one tap per cell.
        page.goto(f"/evaluations/{evaluation.pk}/grille")
        page.get_by_role("grid", name="Lecture et copie").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the grid page scrolls sideways"
        target = cell(page, "Noé Petit", COPYING, "non renseigné")
        target.click()
        expect(cell(page, "Noé Petit", COPYING, "1 – Non atteint")).to_be_visible()
        cell(page, "Noé Petit", COPYING, "1 – Non atteint").click()
        expect(cell(page, "Noé Petit", COPYING, "2 – Partiellement atteint")).to_be_visible()
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "guardian")
        page.goto("/livret")
        page.get_by_role("article", name="Lecture et copie").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the families' livret scrolls sideways"
    finally:
        context.close()
