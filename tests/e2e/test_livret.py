"""The livret in Debian's Chromium, against the real ASGI app (HTTP and WebSocket).

The teacher creates an evaluation from the programme of the class's cycle, fills its grid
with the keyboard only and publishes it; each legal guardian's open "Livret" page shows it
without a reload. The period's bilan is suggested from the results, adjusted and locked by
the teacher; the director validates and communicates it; each guardian's open page shows it
live and each acknowledges it separately; the IEN sees the counts change. The pages pass
axe-core and fit a phone and a tablet.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.livret import bilan_services, services
from preau.livret.models import BilanDomain, Domain, PeriodicBilan, ProgrammeElement
from preau.livret.reference import load_programme
from preau.livret.suggest import leaf_domains
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_homework import no_sideways_scroll
from tests.e2e.test_timetable import in_a_plain_thread, log_in, new_page
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
    """An evaluation of reading and copying for CE2 A, through the services (as the teacher):
    Léa has 3 in reading and 4 in copying."""
    classroom = world.classrooms["A1"]
    elements = {e.label: e.pk for e in national_elements(codes=("FRA-LEC", "FRA-ECR"))}
    made = {}

    def create() -> None:
        teacher = world.user("teacher")
        evaluation = services.evaluation_create(
            actor=teacher, classroom=classroom, title="Lecture et copie",
            date=timezone.localdate(), elements=[elements[READING], elements[COPYING]])
        lea = world.pupils["A1"].pk
        services.evaluation_grid_save(actor=teacher, evaluation=evaluation, expected_version=None, cells=[
            {"pupil": lea, "element": elements[READING], "level": 3, "absent": False},
            {"pupil": lea, "element": elements[COPYING], "level": 4, "absent": False}])
        if publish:
            services.evaluation_publish(actor=teacher, evaluation=evaluation)
        made["evaluation"] = evaluation

    in_a_plain_thread(create)
    return made["evaluation"]


def period_under_way(classroom):
    today = timezone.localdate()
    return next(period for period in trimesters(school=classroom.school,
                                                 school_year=classroom.school_year)
                if period.start_date <= today <= period.end_date)


def prefill_bilan(world) -> None:
    """The class's bilans opened, and Léa's positioned at 3 everywhere but in French reading
    and writing, left to the teacher (the evaluation suggests them)."""
    classroom = world.classrooms["A1"]

    def fill() -> None:
        bilan_services.class_bilans_open(classroom=classroom, period=period_under_way(classroom))
        bilan = PeriodicBilan.objects.get(pupil=world.pupils["A1"], classroom=classroom)
        rows = list(BilanDomain.objects.filter(bilan=bilan).select_related("domain"))
        leaves = {domain.pk for domain in leaf_domains(row.domain for row in rows)}
        BilanDomain.objects.filter(bilan=bilan, domain_id__in=leaves).exclude(
            domain__code__in=["FRA-LEC", "FRA-ECR"]).update(positionnement=3)

    in_a_plain_thread(fill)


def communicate_bilan(world) -> None:
    """Léa's bilan filled, locked by the teacher, validated and communicated by the director."""
    prefill_bilan(world)

    def steps() -> None:
        bilan = PeriodicBilan.objects.get(pupil=world.pupils["A1"])
        BilanDomain.objects.filter(bilan=bilan, domain__code__in=["FRA-LEC", "FRA-ECR"]).update(
            positionnement=3, appreciation="Lit et copie avec soin.")
        bilan_services.periodic_bilan_lock(actor=world.user("teacher"), bilan=bilan)
        bilan_services.periodic_bilan_validate(actor=world.user("director"), bilan=bilan)
        bilan_services.periodic_bilan_communicate(actor=world.user("director"), bilan=bilan)

    in_a_plain_thread(steps)


def saved_bilan(response) -> bool:
    return response.request.method == "PATCH" and "/api/v1/livret/bilans/" in response.url


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
        assert_accessible(teacher, "new evaluation dialog")
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
        assert_accessible(page)

        page.goto(f"/evaluations/{evaluation.pk}/grille")
        page.get_by_role("grid", name="Lecture et copie").wait_for()
        assert_accessible(page)

        page.goto(f"/classes/{classroom.pk}/livret")
        page.get_by_role("region", name="Bilan de Léa Martin").wait_for()
        assert_accessible(page)

        page.get_by_role("link", name="Bilans de fin de cycle").click()
        page.get_by_role("region", name="Bilan de fin de cycle 2 de Léa Martin").wait_for()
        assert_accessible(page)
    finally:
        context.close()

    communicate_bilan(livret_world)
    for username, ready in (("guardian", "J’ai pris connaissance"), ("director", "Actualiser"),
                            ("inspector", "Actualiser")):
        context, page = new_page(browser, asgi_live_server)
        try:
            log_in(page, username)
            if username == "guardian":
                page.goto("/livret")
                page.get_by_role("article", name="Lecture et copie").wait_for()
                page.get_by_role("button", name=ready).wait_for()
            elif username == "director":
                page.goto(f"/classes/{classroom.pk}/livret")
                page.get_by_role("list", name="Prise de connaissance des responsables légaux"
                                 ).wait_for()
                assert_accessible(page)
                page.goto("/direction/livret")
                page.get_by_role("link", name="Livret : CE2 A").wait_for()
            else:
                page.goto("/tableau-de-bord/livret")
                page.get_by_role("region", name=re.compile(r"^École Jean Jaurès")).wait_for()
            assert_accessible(page, username)
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

        page.goto(f"/classes/{classroom.pk}/livret")
        page.get_by_role("region", name="Bilan de Léa Martin").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the class's livret scrolls sideways"
    finally:
        context.close()

    communicate_bilan(livret_world)
    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "guardian")
        page.goto("/livret")
        page.get_by_role("article", name="Lecture et copie").wait_for()
        page.get_by_role("article", name=re.compile(r"^Trimestre \d · CE2 A$")).wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the families' livret scrolls sideways"
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "director")
        page.goto("/direction/livret")
        page.get_by_role("form", name="Échelle des évaluations").wait_for()
        page.get_by_role("link", name="Livret : CE2 A").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the school's livret scrolls sideways"
    finally:
        context.close()

    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "inspector")
        page.goto("/tableau-de-bord/livret")
        page.get_by_role("region", name=re.compile(r"^École Jean Jaurès")).wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the livret's progress scrolls sideways"
    finally:
        context.close()


def test_the_bilan_is_suggested_locked_validated_communicated_and_acknowledged_by_each_guardian(
        browser, asgi_live_server, livret_world):
    classroom = livret_world.classrooms["A1"]
    make_evaluation(livret_world, publish=True)  # Léa: reading 3, copying 4
    prefill_bilan(livret_world)
    contexts = []

    def open_page(username: str):
        context, page = new_page(browser, asgi_live_server)
        contexts.append(context)
        log_in(page, username)
        return page

    try:
        # The IEN's counts before: one bilan of CE2 A in progress per pupil, none communicated.
        inspector = open_page("inspector")
        inspector.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Avancement du livret").click()
        school = inspector.get_by_role("region", name=re.compile(r"^École Jean Jaurès"))
        row = school.get_by_role("row", name=re.compile(r"^CE2 A"))
        expect(row.get_by_role("cell")).to_have_text(["2", "2", "0", "0", "0", "0"])

        guardians = []
        for username in ("guardian", "guardian_2"):
            page = open_page(username)
            page.goto("/livret")
            expect(page.get_by_text("Aucun bilan communiqué pour le moment.")).to_be_visible()
            page.evaluate("window.__sameDocument = true")
            guardians.append(page)

        # The teacher: the suggestion from the evaluation, accepted in one tap, then adjusted.
        teacher = open_page("teacher")
        teacher.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Livret de la classe").click()
        teacher.get_by_role("heading", level=1, name="Livret : CE2 A").wait_for()
        editor = teacher.get_by_role("region", name="Bilan de Léa Martin")
        reading = editor.get_by_role("group", name="Lecture et compréhension de l'écrit")
        expect(reading).to_contain_text("Suggéré par les évaluations : 3 – Objectifs atteints")
        reading.get_by_role("button", name=re.compile("^Accepter la suggestion")).click()
        expect(reading.get_by_role("radio", name="3 – Objectifs atteints")).to_be_checked()
        writing = editor.get_by_role("group", name="Écriture")
        expect(writing).to_contain_text("Suggéré par les évaluations : 4 – Objectifs dépassés")
        with teacher.expect_response(saved_bilan):
            writing.get_by_role("radio", name="3 – Objectifs atteints").check()
        general = editor.get_by_label("Appréciation générale")
        general.fill("Un trimestre sérieux.")
        with teacher.expect_response(saved_bilan):
            general.blur()
        expect(editor.get_by_text("Enregistré.")).to_be_visible()
        editor.get_by_role("button", name="Verrouiller").click()
        expect(editor.get_by_text("Bilan verrouillé.")).to_be_visible()

        # The director validates, then communicates, the class's locked bilans.
        director = open_page("director")
        director.goto(f"/classes/{classroom.pk}/livret")
        overview = director.get_by_role("region", name="Bilans de la classe")
        overview.get_by_role("button", name="Valider les bilans verrouillés (1)").click()
        expect(overview.get_by_text("1 bilan validé.")).to_be_visible()
        overview.get_by_role("button", name="Communiquer aux familles (1)").click()
        expect(overview.get_by_text("1 bilan communiqué aux familles.")).to_be_visible()

        # Each guardian's open page gets it live, and each acknowledges separately.
        for page, comment in zip(guardians, ("Merci pour ce bilan.", ""), strict=True):
            expect(page.get_by_text(re.compile(r"^Un nouveau bilan est arrivé"))).to_be_visible(
                timeout=5_000)
            card = page.get_by_role("article", name=re.compile(r"^Trimestre \d · CE2 A$"))
            expect(card.get_by_role("row", name=re.compile("^Écriture"))).to_contain_text(
                "3 – Objectifs atteints")
            expect(card).to_contain_text("Un trimestre sérieux.")
            expect(card).not_to_contain_text("PPRE")
            assert page.evaluate("window.__sameDocument") is True
            if comment:
                card.get_by_label("Commentaire (facultatif)").fill(comment)
            card.get_by_role("button", name="J’ai pris connaissance").click()
            expect(card.get_by_text(re.compile(r"^Vous en avez pris connaissance le "))
                   ).to_be_visible()
        # The first guardian's acknowledgement did not sign for the second: both did.
        director.reload()
        acknowledgements = director.get_by_role(
            "list", name="Prise de connaissance des responsables légaux").get_by_role("listitem")
        expect(acknowledgements).to_have_count(2)
        expect(acknowledgements.filter(has_text="pas encore")).to_have_count(0)
        expect(acknowledgements.filter(has_text="« Merci pour ce bilan. »")).to_have_count(1)

        # The IEN's counts have moved (after "Actualiser"; no content is shown).
        inspector.get_by_role("button", name="Actualiser").click()
        expect(row.get_by_role("cell")).to_have_text(["2", "1", "0", "0", "1", "1"])
        expect(inspector.get_by_text("Un trimestre sérieux.")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
