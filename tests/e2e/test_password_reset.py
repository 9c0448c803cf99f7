"""A guardian who forgot their password gets a mail, sets a new one and logs in — on a phone."""

import re

import pytest
from django.core import mail

from preau.accounts.models import User
from tests.e2e.accessibility import assert_accessible
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
NEW_PASSWORD = "cartable-bleu-du-jeudi"



@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_guardian_resets_a_forgotten_password_from_the_mail_and_logs_in(phone_page):
    page = phone_page
    build_world()
    User.objects.filter(username="guardian").update(email="sophie.martin@example.org")
    mail.outbox.clear()

    page.goto("/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_role("heading", name="Mot de passe oublié").wait_for()
    assert_accessible(page)
    page.get_by_label("Adresse électronique").fill("sophie.martin@example.org")
    page.get_by_role("button", name="Recevoir le lien").click()
    assert "Si un compte utilise cette adresse" in page.get_by_role("status").inner_text()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/mot-de-passe/nouveau\?token=\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("heading", name="Choisir un nouveau mot de passe").wait_for()
    assert_accessible(page)
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmer le mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    assert "Votre mot de passe a été changé" in page.get_by_role("status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Identifiant").fill("guardian")
    page.get_by_label("Mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Léa Martin").wait_for()

    # The session just opened is listed as this device on "Mon espace".
    page.goto("/moi")
    sessions = page.get_by_role("region", name="Mes sessions")
    sessions.get_by_text("Cet appareil", exact=True).wait_for()
    assert sessions.get_by_role("button", name=re.compile("Se déconnecter de cet appareil")).count() == 1
    assert_accessible(page)

    # The link served once.
    page.goto(link)
    page.get_by_label("Nouveau mot de passe").fill("un-autre-mot-de-passe-long")
    page.get_by_label("Confirmer le mot de passe").fill("un-autre-mot-de-passe-long")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    assert "plus valable" in page.get_by_role("alert").inner_text()
