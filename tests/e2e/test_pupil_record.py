"""The pupil record in Chromium on a 390 px phone: the director adds a person allowed to
pick the child up, a refused phone number takes the focus, and the page stays one column
with no text under the contrast threshold and no serious axe-core violation, dialog open
or not; the class's teacher reads it without the edits."""

import re

import pytest
from playwright.sync_api import expect

from preau.pupil_record.models import PickupPerson
from tests.e2e.accessibility import assert_accessible
from tests.e2e.second_step import sign_in
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def signed_in(page, username: str) -> None:
    sign_in(page, username, "motdepasse-demo")  # with the code where the role requires one
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()  # the home page
    expect(page.locator("main [aria-busy='true']")).to_have_count(0)


def test_the_director_adds_a_pickup_person_on_a_phone(browser, live_server, live_world):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE)
    try:
        page = context.new_page()
        signed_in(page, "director")
        pupil = live_world.pupils["A1"]
        page.goto(f"/eleves/{pupil.pk}")
        page.get_by_role("heading", name="Fiche élève · Léa Martin").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page, "pupil record, director, phone")

        page.get_by_role("button", name="Ajouter une personne").click()
        dialog = page.get_by_role("dialog", name="Nouvelle personne autorisée")
        dialog.get_by_label("Prénom").wait_for()
        assert_accessible(page, "pupil record, new pickup person dialog")
        dialog.get_by_label("Prénom").fill("Odette")
        dialog.get_by_role("textbox", name=re.compile(r"^Nom")).fill("Lemoine")
        dialog.get_by_label("Lien avec l’enfant").fill("grand-mère")
        dialog.get_by_label("Téléphone").fill("06 12")
        dialog.get_by_role("button", name="Enregistrer").click()
        dialog.get_by_text("Un numéro à 10 chiffres commençant par 0").first.wait_for()
        assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
        assert_accessible(page, "pupil record, pickup person dialog with a refused phone")

        dialog.get_by_label("Téléphone").fill("0612345678")
        dialog.get_by_role("button", name="Enregistrer").click()
        page.get_by_text("Odette Lemoine").wait_for()
        assert page.get_by_role("link", name="06 12 34 56 78").count() == 1
        assert PickupPerson.objects.get().phone == "06 12 34 56 78"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_the_teacher_reads_the_record_without_the_edits(page, live_world):
    pupil = live_world.pupils["A1"]
    PickupPerson.objects.create(pupil=pupil, school=live_world.schools["A"], first_name="Odette",
                                last_name="Lemoine", relationship="grand-mère",
                                phone="06 12 34 56 78")
    signed_in(page, "teacher")
    page.goto(f"/eleves/{pupil.pk}")
    page.get_by_text("Odette Lemoine").wait_for()
    assert page.get_by_role("button", name="Ajouter une personne").count() == 0
    assert_accessible(page, "pupil record, teacher")
