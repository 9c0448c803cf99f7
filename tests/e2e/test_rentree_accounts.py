"""Rentrée in Debian's Chromium: the director prints invitation letters, a guardian
activates their account on a phone from the code, lands on the home page signed in, and
downloads their data from "Mon espace". The pages pass axe-core."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from preau.accounts.services import invitations_generate
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import in_a_plain_thread, log_in, new_page
from tests.factories import GuardianshipFactory, PersonFactory
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def rentree_world(browser, transactional_db):
    world = build_world()
    guardian = PersonFactory(first_name="Nadia", last_name="Martin")
    GuardianshipFactory(guardian=guardian, pupil=world.pupils["A1"])
    world.extra["guardian"] = guardian
    return world


def test_a_guardian_activates_from_the_letter_code_on_a_phone(browser, asgi_live_server,
                                                             rentree_world):
    codes: list[str] = []
    in_a_plain_thread(lambda: codes.extend(letter.code for letter in invitations_generate(
        actor=rentree_world.user("director"), school=rentree_world.schools["A"])))
    context, page = new_page(browser, asgi_live_server, viewport=PHONE)
    try:
        page.goto("/connexion")
        page.get_by_role("link", name="Activer mon compte").click()
        expect(page.get_by_role("heading", level=1, name="Activer mon compte")).to_be_visible()
        assert_accessible(page)

        page.get_by_label("Code d’invitation").fill(codes[0].lower())
        page.get_by_label("Identifiant choisi").fill("nadia.martin")
        page.get_by_label("Mot de passe", exact=True).fill("court")
        page.get_by_label("Confirmer le mot de passe").fill("court")
        page.get_by_role("button", name="Activer mon compte").click()
        # too short: the API says why, in French, under the password field
        expect(page.get_by_role("alert")).to_contain_text("trop court")
        expect(page.get_by_label("Mot de passe", exact=True)).to_have_accessible_description(
            re.compile("trop court"))
        assert_accessible(page)

        page.get_by_label("Mot de passe", exact=True).fill("Cartable-Jaune-2026")
        page.get_by_label("Confirmer le mot de passe").fill("Cartable-Jaune-2026")
        page.get_by_role("button", name="Activer mon compte").click()
        expect(page.get_by_role("heading", level=1, name="Aujourd’hui")).to_be_visible()
        expect(page.get_by_role("region", name="Léa Martin · CE2 A")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.goto("/moi")
        expect(page.get_by_role("heading", level=1, name="Mon espace")).to_be_visible()
        expect(page.get_by_text("Bonjour Nadia Martin")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page)

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Télécharger mes données").click()
        with zipfile.ZipFile(download_info.value.path()) as zip_:
            assert "README.txt" in zip_.namelist()
            assert b"L\xc3\xa9a" in zip_.read("children.json")  # Léa, her child
    finally:
        context.close()


def test_the_director_downloads_the_invitation_letters(browser, asgi_live_server,
                                                       rentree_world):
    context, page = new_page(browser, asgi_live_server)
    try:
        log_in(page, "director")
        page.goto("/moi")
        region = page.get_by_role("region", name="Lettres d’invitation")
        expect(region).to_be_visible()
        with page.expect_download() as download_info:
            region.get_by_role("button", name="Lettres d’invitation (PDF)").click()
        assert download_info.value.suggested_filename == "invitations-0940001A.pdf"
        with open(download_info.value.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"
        # the region's own status (Mon espace also says the second factor is on)
        expect(region.get_by_role("status")).to_have_text("Les lettres ont été téléchargées.")
        assert_accessible(page)
    finally:
        context.close()
