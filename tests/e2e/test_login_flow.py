"""A guardian logs in, sees both children, logs out — in Debian's Chromium."""

import pytest

from tests.e2e.accessibility import assert_accessible
from tests.e2e.second_step import sign_in
from tests.factories import EnrolmentFactory, GuardianshipFactory, PupilFactory
from tests.world import build_world

pytestmark = pytest.mark.browser

PASSWORD = "motdepasse-demo"


@pytest.fixture
def live_world(transactional_db):
    world = build_world()
    second = PupilFactory(first_name="Tom", last_name="Martin")
    GuardianshipFactory(guardian=world.user("guardian").person, pupil=second)
    EnrolmentFactory(pupil=second, classroom=world.classrooms["A2"], level="CM1")
    return world


def log_in(page, username: str) -> None:
    """The login page; directors and authorities then give their code (second_step)."""
    sign_in(page, username, PASSWORD)


def test_guardian_logs_in_sees_both_children_and_logs_out(page, live_world):
    log_in(page, "guardian")

    page.get_by_text("Léa Martin").wait_for()
    assert page.get_by_text("Tom Martin").is_visible()
    assert page.get_by_text("Hugo Bernard").count() == 0  # another family's child

    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    page.wait_for_url("**/connexion")
    page.goto("/")
    page.wait_for_url("**/connexion")


def test_wrong_password_shows_the_server_message_in_french(page, live_world):
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("guardian")
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    assert "Identifiant ou mot de passe incorrect" in page.get_by_role("alert").inner_text()


def test_login_page_has_no_serious_accessibility_violation(page, live_world):
    page.goto("/connexion")
    page.get_by_label("Identifiant").wait_for()
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 740}, {"width": 820, "height": 1180}])
def test_home_page_works_on_a_phone_and_a_tablet(browser, live_server, live_world, viewport):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    try:
        log_in(page, "guardian")
        page.get_by_text("Léa Martin").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        assert_accessible(page)
    finally:
        context.close()
