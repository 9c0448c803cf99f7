"""A teacher with a second factor signs in with the code, and a director sets one up at
first login — on a phone and a tablet."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.test_totp import code_of
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_login_flow import PASSWORD, log_in
from tests.world import build_world

pytestmark = pytest.mark.browser

CODE_LABEL = "Code à 6 chiffres de votre application d'authentification"


@pytest.fixture
def teacher_device(transactional_db):
    world = build_world()
    return TOTPDevice.objects.create(user=world.user("teacher"), name="Préau", confirmed=True)


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 740}, {"width": 820, "height": 1180}])
def test_teacher_signs_in_with_the_code_of_the_application(browser, live_server, teacher_device,
                                                           viewport):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, "teacher")
        code = page.get_by_label(CODE_LABEL)
        code.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_accessible(page)

        code.fill(code_of(teacher_device))
        page.get_by_role("button", name="Valider").click()

        page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()  # the home page
        page.get_by_role("region", name="L’appel").wait_for()  # its request answered
        page.goto("/moi")
        page.get_by_role("heading", level=1, name="Mon espace").wait_for()
        page.get_by_role("heading", name="Double authentification").wait_for()
        # the panel's status arrives after its own request: wait for it, do not sample once
        expect(page.get_by_text("La double authentification est activée.")).to_be_visible()
    finally:
        context.close()


@pytest.fixture
def director_without_device(transactional_db):
    return build_world().user("director")


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 740}, {"width": 820, "height": 1180}])
def test_a_director_without_a_device_sets_one_up_at_first_login(browser, live_server,
                                                                 director_without_device,
                                                                 viewport):
    """Directors must use a second factor: the first login opens the setup page and nothing
    else, the key shown there gives the code, and then the home page opens."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/connexion")
        page.get_by_label("Identifiant").fill("director")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("heading", level=1, name="Activer la double authentification").wait_for()
        page.goto("/direction/journal")  # nothing else is reachable yet
        page.get_by_role("heading", level=1, name="Activer la double authentification").wait_for()
        assert page.url.endswith("/double-authentification")

        page.get_by_role("button", name="Activer la double authentification").click()
        secret = page.locator("code").inner_text().strip()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_accessible(page)
        page.get_by_label(CODE_LABEL).fill(f"{totp(base64.b32decode(secret)):06d}")
        page.get_by_role("button", name="Confirmer").click()

        page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()  # the home page
        page.get_by_role("region", name="Direction").wait_for()  # its request answered
        assert TOTPDevice.objects.get(user=director_without_device).confirmed
    finally:
        context.close()
