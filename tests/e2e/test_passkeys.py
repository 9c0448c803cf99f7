"""A director adds a passkey on « Mon espace » and signs in with it after the password, no
code, then with the passkey alone (no password): Chromium's own virtual authenticator (DevTools protocol, WebAuthn domain) answers
the browser's ``navigator.credentials`` calls as a phone's would, with user verification.

WebAuthn refuses an IP address as relying party: the live server is on
``http://localhost:<port>`` (pytest-django's default host), which is the one origin the
server accepts here (``OTP_WEBAUTHN_ALLOWED_ORIGINS``)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from preau.audit.models import AuditEvent, AuditKind
from tests.e2e.accessibility import assert_accessible
from tests.e2e.second_step import sign_in
from tests.e2e.test_login_flow import PASSWORD
from tests.world import build_world

pytestmark = pytest.mark.browser

CODE_LABEL = "Code à 6 chiffres de votre application d'authentification"
USE_PASSKEY = "Utiliser ma clé d’accès"


@pytest.fixture
def director(transactional_db, live_server, settings):
    assert urlsplit(live_server.url).hostname == "localhost"
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    return build_world().user("director")


def virtual_authenticator(page) -> tuple[object, str]:
    """A platform authenticator with a fingerprint reader, already verified (ctap2)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    return cdp, added["authenticatorId"]


def sign_out(page) -> None:
    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    page.wait_for_url("**/connexion")


def password_step(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("director")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_director_adds_a_passkey_and_signs_in_with_it_instead_of_the_code(page, director):
    cdp, authenticator = virtual_authenticator(page)
    sign_in(page, "director", PASSWORD)  # the password and the application's code
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()

    page.goto("/moi")
    section = page.get_by_role("region", name="Clés d’accès")
    section.get_by_text("Aucune clé d’accès pour l’instant.").wait_for()
    section.get_by_label("Nom de la nouvelle clé").fill("Ordinateur du bureau")
    section.get_by_role("button", name="Ajouter une clé d’accès").click()
    expect(section.get_by_role("status")).to_have_text("La clé « Ordinateur du bureau » est ajoutée.")
    expect(section.get_by_role("list", name="Vos clés d’accès")).to_contain_text(
        "Jamais utilisée pour se connecter")
    [stored] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert stored["isResidentCredential"]
    assert WebAuthnCredential.objects.get(user=director).name == "Ordinateur du bureau"
    assert_accessible(page)

    sign_out(page)
    password_step(page)
    page.get_by_label(CODE_LABEL).wait_for()  # the code stays offered beside the passkey
    page.get_by_role("button", name=USE_PASSKEY).click()

    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
    page.goto("/moi")
    sessions = page.get_by_role("region", name="Mes sessions")
    expect(sessions).to_contain_text("mot de passe et clé d’accès")
    expect(page.get_by_role("region", name="Clés d’accès")).to_contain_text(
        "Dernière utilisation le")
    login = AuditEvent.objects.filter(kind=AuditKind.LOGIN_SUCCEEDED,
                                      username="director").latest("pk")
    assert login.sign_in_method == "password_passkey"
    assert cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator}
                    )["credentials"][0]["signCount"] >= 1

    # Without a password: the browser offers the passkey it holds (discoverable, verified).
    sign_out(page)
    page.get_by_role("button", name="Connexion par clé d’accès, sans mot de passe").click()
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
    page.goto("/moi")
    sessions = page.get_by_role("region", name="Mes sessions")
    expect(sessions).to_contain_text("clé d’accès")
    expect(sessions).not_to_contain_text("mot de passe")
    login = AuditEvent.objects.filter(kind=AuditKind.LOGIN_SUCCEEDED,
                                      username="director").latest("pk")
    assert login.sign_in_method == "passkey"

    # Revoked, it no longer opens anything: the step offers the code only, and the server
    # has no passkey left to ask for.
    section = page.get_by_role("region", name="Clés d’accès")
    section.get_by_role("button", name="Retirer la clé d’accès Ordinateur du bureau").click()
    section.get_by_role("button", name="Retirer la clé", exact=True).click()
    section.get_by_text("Aucune clé d’accès pour l’instant.").wait_for()
    assert not WebAuthnCredential.objects.filter(user=director).exists()
    sign_out(page)
    password_step(page)
    page.get_by_label(CODE_LABEL).wait_for()
    assert page.get_by_role("button", name=USE_PASSKEY).count() == 0
    answer = page.evaluate("""async () => {
        const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const response = await fetch('/api/v1/accounts/login/passkey/begin/', {
            method: 'POST', headers: {'X-CSRFToken': token}, credentials: 'same-origin'});
        return [response.status, (await response.json()).error.code];
    }""")
    assert answer == [400, "no_passkey"]
