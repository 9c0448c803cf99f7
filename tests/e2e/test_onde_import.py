"""The director's ONDE import page in Debian's Chromium, against the real ASGI app.

The director of school A uploads the two ONDE exports, reads the preview (counts and
one tab per list), applies it after a confirmation and sees the school's classes with
their pupils. A file with broken lines shows them with their line numbers and cannot be
applied. The page passes axe-core with the preview displayed and fits a phone and a
tablet.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from preau.people.models import Person
from preau.schools.models import Classroom
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import log_in, new_page
from tests.imports.onde_files import onde_files
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def import_world(browser, transactional_db):
    return build_world()


def write_exports(tmp_path, pupils: int, broken: int = 0):
    pupils_file, guardians_file, _ = onde_files(pupils, broken=broken)
    (tmp_path / "CSVExtraction.csv").write_bytes(pupils_file)
    (tmp_path / "responsables.csv").write_bytes(guardians_file)
    return tmp_path / "CSVExtraction.csv", tmp_path / "responsables.csv"


def open_import_page(page) -> None:
    log_in(page, "director")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Import ONDE").click()
    page.get_by_role("heading", level=1, name="Import ONDE").wait_for()


def upload_and_preview(page, pupils_path, guardians_path):
    page.get_by_label("Export des élèves (CSVExtraction.csv)").set_input_files(pupils_path)
    page.get_by_label("Export des responsables").set_input_files(guardians_path)
    page.get_by_role("button", name="Prévisualiser").click()
    summary = page.get_by_role("region", name="Ce que l’import changerait")
    summary.wait_for()
    return summary


def counts(region) -> dict[str, int]:
    terms = region.get_by_role("term").all_inner_texts()
    values = region.get_by_role("definition").all_inner_texts()
    return {term.strip(): int(value) for term, value in zip(terms, values, strict=True)}


def test_a_director_uploads_the_two_files_sees_the_preview_applies_and_sees_the_classes(
        browser, asgi_live_server, import_world, tmp_path):
    pupils_path, guardians_path = write_exports(tmp_path, 30)
    school = import_world.schools["A"]
    context, page = new_page(browser, asgi_live_server)
    try:
        open_import_page(page)
        summary = upload_and_preview(page, pupils_path, guardians_path)
        assert counts(summary) == {
            "Classes à créer": 4, "Élèves à créer": 30, "Élèves à mettre à jour": 0,
            "Élèves qui changent de classe": 0, "Élèves à radier": 2, "Élèves inchangés": 0,
            "Responsables à créer": 60, "Liens responsable–enfant à créer": 60,
            "Lignes rejetées": 0}
        people = Person.objects.count()
        assert not Classroom.objects.filter(school=school).exclude(onde_class_id="").exists()

        # The classrooms to create, with their ONDE identifier.
        classes = summary.get_by_role("table", name="Classes à créer")
        expect(classes.get_by_role("row", name="1002 CE1-CE2 M. Petit CE1, CE2")).to_be_visible()
        expect(classes.get_by_role("row")).to_have_count(5)
        # The pupils of the file, and last year's pupils absent from it.
        summary.get_by_role("tab", name="Élèves à créer 30").click()
        expect(summary.get_by_role("table", name="Élèves à créer").get_by_role("row")).to_have_count(31)
        summary.get_by_role("tab", name="Élèves à radier 2").click()
        withdrawn = summary.get_by_role("table", name="Élèves à radier")
        expect(withdrawn.get_by_role("row")).to_have_count(3)
        summary.get_by_role("tab", name="Responsables à créer 60").click()
        expect(summary.get_by_role("table", name="Responsables à créer").get_by_role("row")).to_have_count(61)
        assert_accessible(page)

        page.get_by_role("button", name="Appliquer l’import").click()
        dialog = page.get_by_role("dialog", name="Appliquer l’import ?")
        expect(dialog.get_by_role("button", name="Oui, appliquer")).to_be_visible()
        expect(dialog).to_have_css("opacity", "1")  # opened: axe measures the final colours
        assert_accessible(page)
        dialog.get_by_role("button", name="Oui, appliquer").click()

        result = page.get_by_role("region", name="Import appliqué")
        expect(result.get_by_text("L’import a été enregistré.")).to_be_visible()
        assert counts(result)["Élèves créés"] == 30
        assert Person.objects.count() == people + 30 + 60
        expect(summary).to_be_hidden()
        school_classes = result.get_by_role("table", name="Classes de l’école")
        for name, pupils in (("CP Mme Durand", 6), ("CE1-CE2 M. Petit", 12),
                             ("CM1 Mme Roux", 6), ("CM2 M. Blanc", 6)):
            row = school_classes.get_by_role("row").filter(
                has=page.get_by_role("rowheader", name=name, exact=True))
            expect(row.get_by_role("cell").last).to_have_text(f"{pupils} élèves")
        assert set(Classroom.objects.filter(school=school).exclude(onde_class_id="")
                   .values_list("onde_class_id", flat=True)) == {"1001", "1002", "1003", "1004"}
        assert_accessible(page)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_rejected_lines_are_shown_with_their_line_numbers_and_block_the_apply(
        browser, asgi_live_server, import_world, tmp_path, viewport):
    pupils_path, guardians_path = write_exports(tmp_path, 10, broken=2)
    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "director")
        page.goto("/rentree/import")
        summary = upload_and_preview(page, pupils_path, guardians_path)
        # Two broken pupil rows; their guardians are not rejected a second time.
        expect(summary.get_by_text("2 lignes rejetées")).to_be_visible()
        rejected = summary.get_by_role("table", name="Lignes rejetées")
        expect(rejected.get_by_role("row").nth(1)).to_contain_text("Ligne 3")
        expect(rejected.get_by_role("row").nth(1)).to_contain_text("date de naissance invalide")
        expect(rejected.get_by_role("row").nth(2)).to_contain_text("niveau inconnu « 6EME »")
        expect(page.get_by_role("button", name="Appliquer l’import")).to_be_disabled()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], \
            "the import page scrolls sideways"
        assert_accessible(page)
    finally:
        context.close()


def test_warnings_come_first_on_a_phone_and_do_not_block_the_apply(
        browser, asgi_live_server, import_world, tmp_path):
    """A re-export that lost letters and another school's pupil: warned, not rejected."""
    from tests.imports.onde_files import onde_export

    other = import_world.pupils["B1"]
    pupils_file, guardians_file = onde_export([
        {"last_name": "NGUYỄN", "first_name": "Thủy", "birth_date": other.birth_date,
         "level": "CE2", "class": "CE2 A", "class_id": "1003"},
        {"last_name": other.last_name, "first_name": other.first_name,
         "birth_date": other.birth_date, "level": "CE2", "class": "CE2 A",
         "class_id": "1003"},
    ], [], encoding="cp1252", errors="replace")
    (tmp_path / "CSVExtraction.csv").write_bytes(pupils_file)
    (tmp_path / "responsables.csv").write_bytes(guardians_file)
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        log_in(page, "director")
        page.goto("/rentree/import")
        summary = upload_and_preview(page, tmp_path / "CSVExtraction.csv",
                                     tmp_path / "responsables.csv")
        expect(summary.get_by_text("2 avertissements")).to_be_visible()
        expect(summary.get_by_role("tab", name="Avertissements 2")).to_have_attribute(
            "aria-selected", "true")
        warnings = summary.get_by_role("table", name="Avertissements")
        expect(warnings.get_by_role("row").nth(1)).to_contain_text("« NGUY?N », « Th?y »")
        expect(warnings.get_by_role("row").nth(2)).to_contain_text(
            "inscrit(e) dans une autre école")
        expect(warnings).not_to_contain_text(import_world.schools["B"].name)
        summary.get_by_role("tab", name="Classes à créer 0").click()
        expect(summary.get_by_text("CE2 A (1003)")).to_be_visible()
        expect(page.get_by_role("button", name="Appliquer l’import")).to_be_enabled()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], \
            "the import page scrolls sideways"
        assert_accessible(page)
    finally:
        context.close()
