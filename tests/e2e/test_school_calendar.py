"""The DASEN's school-calendar page in Debian's Chromium, against the real ASGI app.

The ministry's calendar the project carries ends with 2027-2028: the DASEN of the
Val-de-Marne opens "Calendrier scolaire", sees that 2029-2030 is not published for zone C,
enters the Toussaint holidays on a phone, and the page then says they were entered for the
département. The page passes axe-core.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from preau.people.models import AuthorityRole
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import log_in, new_page
from tests.factories import (
    AuthorityMembershipFactory,
    CirconscriptionFactory,
    DepartementFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dasen_world(browser, transactional_db):
    departement = DepartementFactory(code="094", name="Val-de-Marne")
    SchoolFactory(uai="0941234A", name="École Jean Jaurès", holiday_zone="C",
                  circonscription=CirconscriptionFactory(departement=departement))
    dasen = PersonFactory(first_name="Anne", last_name="Durand")
    AuthorityMembershipFactory(person=dasen, role=AuthorityRole.DASEN, departement=departement)
    UserFactory(username="dasen-094", person=dasen)


def test_the_dasen_enters_the_holidays_of_an_unpublished_year_on_a_phone(
    browser, asgi_live_server, dasen_world
):
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        log_in(page, "dasen-094")
        page.goto("/calendrier-scolaire")
        page.get_by_label("Année scolaire").select_option("2029-2030")
        notice = page.get_by_role("status").filter(
            has_text="Calendrier scolaire non publié pour 2029-2030")
        expect(notice).to_be_visible()
        assert_accessible(page)

        period = page.get_by_role("group", name="Période 1")
        period.get_by_label("Nom").fill("Vacances de la Toussaint")
        period.get_by_label("Premier jour sans classe").fill("2029-10-20")
        period.get_by_label("Dernier jour sans classe").fill("2029-11-04")
        page.get_by_role("button", name="Enregistrer les vacances de la zone C").click()

        expect(page.get_by_text("Saisi pour le département")).to_be_visible()
        expect(notice).to_have_count(0)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        assert_accessible(page)
    finally:
        context.close()
