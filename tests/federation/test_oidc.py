"""Signing in with OpenID Connect, against the suite's own provider (django-oauth-toolkit,
OIDC on, PKCE required) running in a process of its own and reached over HTTP.

The browser is two parts: Django's test client for Préau, a ``requests`` session for the
provider (its login form; consent is skipped for Préau's client)."""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import threading
from base64 import urlsafe_b64encode
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from preau.accounts.models import User, UserSession
from preau.audit.models import AuditEvent, AuditKind
from preau.federation.models import FederatedIdentity, LinkedHow
from preau.federation.oidc import ATTEMPTS_KEY
from tests.factories import UserFactory
from tests.federation.oidc_provider.server import CLIENT_ID, CLIENT_SECRET, OidcProviderServer

pytestmark = [pytest.mark.django_db,
              pytest.mark.xdist_group("tests/federation/test_oidc.py")]

START = "/api/v1/federation/oidc/{}/start/"
CALLBACK = "/api/v1/federation/oidc/{}/callback/"
ME = "/api/v1/accounts/me/"
PASSWORD = "mot-de-passe-du-fournisseur"
PEOPLE = {
    # Claire Moreau, mother of Léa and Tom (tests/federation/conftest.py's family).
    "claire": {"password": PASSWORD, "subject": "oidc-claire", "given_name": "Claire",
               "family_name": "Moreau", "email": "claire@example.org",
               "eleves_ine": ["123456789AB", "223456789AB"]},
    # Paul Moreau, their father, whose identity is already linked to his login.
    "paul": {"password": PASSWORD, "subject": "oidc-paul", "given_name": "Paul",
             "family_name": "Moreau", "email": "paul@example.org", "eleves_ine": []},
    # Someone Préau cannot recognise.
    "ines": {"password": PASSWORD, "subject": "oidc-ines", "given_name": "Inès",
             "family_name": "Durand", "email": "ines@example.org", "eleves_ine": []},
}


@pytest.fixture(scope="module")
def provider():
    uris = [f"http://testserver{CALLBACK.format(key)}" for key in ("test", "autre")]
    with OidcProviderServer(people=PEOPLE, redirect_uris=uris) as server:
        yield server


@pytest.fixture
def configured(settings, provider):
    settings.PREAU_OIDC_PROVIDERS = {"test": provider.settings_entry()}
    return provider


@pytest.fixture
def paul(family):
    user = UserFactory(username="paul.moreau", person=family.father)
    FederatedIdentity.objects.create(user=user, protocol="oidc", provider="test",
                                     subject="oidc-paul", linked_how=LinkedHow.INVITATION_CODE)
    return user


def s256(verifier: str) -> str:
    return urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def provider_login(http: requests.Session, url: str, username: str) -> requests.Response:
    page = http.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    query = parse_qs(urlsplit(url).query)
    return http.post(url, data={"username": username, "password": PASSWORD,
                                "csrfmiddlewaretoken": token, "next": query["next"][0]},
                     allow_redirects=False)


def provider_answer(authorize_url: str, username: str, http: requests.Session | None = None,
                    ) -> str:
    """Follow the provider's pages as a browser would (signing in as ``username``) until it
    sends the browser back to Préau: that URL (code and state in its query)."""
    http = http or requests.Session()
    url = authorize_url
    for _step in range(10):
        response = http.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, (url, response.status_code, response.text[:500])
        location = urljoin(url, response.headers["Location"])
        if location.startswith("http://testserver/"):
            return location
        if urlsplit(location).path == "/login/":
            response = provider_login(http, location, username)
            assert response.status_code == 302, response.text[:500]
            location = urljoin(location, response.headers["Location"])
        url = location
    raise AssertionError("the provider never sent the browser back")


def start(client: Client, key: str = "test") -> str:
    response = client.get(START.format(key))
    assert response.status_code == 302, response.content
    return response["Location"]


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def assert_refused(response, status: int) -> str:
    """The short French page of a refusal, and no session opened; its text."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    text = html.unescape(response.content.decode())
    assert "Connexion refusée" in text
    assert 'lang="fr"' in text
    assert "Traceback" not in text
    assert not UserSession.objects.exists()
    return text


def test_the_login_page_lists_the_providers_start_url(configured):
    listed = Client().get("/api/v1/federation/providers/").json()
    assert {"key": "test", "protocol": "oidc", "label": "Fournisseur de test",
            "audience": "families", "sign_in_path": START.format("test")} in listed


def test_a_linked_guardian_signs_in_through_the_code_flow_with_pkce(configured, paul):
    client = Client()
    authorize_url = start(client)
    sent = query_of(authorize_url)
    assert authorize_url.startswith(f"{configured.issuer}/authorize/?")
    assert (sent["response_type"], sent["client_id"], sent["code_challenge_method"]) == (
        "code", CLIENT_ID, "S256")
    assert {"openid", "eleves"} <= set(sent["scope"].split())
    attempt = client.session[ATTEMPTS_KEY][sent["state"]]
    assert attempt["nonce"] == sent["nonce"]
    assert sent["code_challenge"] == s256(attempt["verifier"])

    answer = provider_answer(authorize_url, "paul")
    response = client.get(answer)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(ME).json()["username"] == "paul.moreau"
    row = UserSession.objects.get(user=paul)
    assert (row.method, row.provider) == ("oidc", "test")
    event = AuditEvent.objects.get(kind=AuditKind.LOGIN_SUCCEEDED, actor=paul)
    assert event.sign_in_method == "oidc:test"
    # What the provider received: the S256 challenge of this attempt's verifier, then a
    # token request carrying the verifier, which it accepted.
    journal = configured.journal()
    authorizations = [e for e in journal if e["endpoint"] == "authorize"
                      and e["query"].get("state") == sent["state"]]
    assert authorizations[0]["query"]["code_challenge_method"] == "S256"
    assert authorizations[0]["query"]["code_challenge"] == s256(attempt["verifier"])
    exchange = [e for e in journal if e["endpoint"] == "token"][-1]
    assert "code_verifier" in exchange["fields"]
    assert exchange["status"] == 200


def test_the_provider_exchanges_a_code_only_with_its_verifier(configured, paul):
    client = Client()
    answer = provider_answer(start(client), "paul")
    code = query_of(answer)["code"]
    token_url = f"{configured.issuer}/token/"
    exchange = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": f"http://testserver{CALLBACK.format('test')}"}
    # Someone who intercepted the code, without the verifier kept in the browser's session:
    for verifier, error in ((None, "invalid_request"), ("x" * 64, "invalid_grant")):
        data = exchange if verifier is None else {**exchange, "code_verifier": verifier}
        refused = requests.post(token_url, data=data, auth=(CLIENT_ID, CLIENT_SECRET),
                                timeout=10)
        assert refused.status_code == 400
        assert refused.json()["error"] == error
        assert "id_token" not in refused.json()
    # The browser that started the attempt still completes it.
    assert client.get(answer)["Location"] == "/"
    assert UserSession.objects.filter(user=paul).count() == 1


def test_a_guardian_is_linked_at_first_sign_in_by_the_childrens_ine(configured, family):
    client = Client()
    response = client.get(provider_answer(start(client), "claire"))
    assert response["Location"] == "/"
    identity = FederatedIdentity.objects.get(provider="test", subject="oidc-claire")
    assert identity.user.person == family.mother
    assert identity.linked_how == LinkedHow.INE
    assert client.get(ME).json()["username"] == identity.user.username


def test_an_unknown_person_is_asked_for_the_invitation_code(configured, family):
    client = Client()
    response = client.get(provider_answer(start(client), "ines"))
    assert response.status_code == 302
    assert response["Location"] == "/connexion/lier"
    assert client.get(ME).status_code in {401, 403}
    pending = client.get("/api/v1/federation/link/").json()
    assert pending["display_name"] == "Inès Durand"
    assert not FederatedIdentity.objects.exists()
    assert not User.objects.filter(username__icontains="ines").exists()


def test_an_answer_meant_for_another_browser_is_refused(configured, paul, caplog):
    # Login CSRF: an attacker completes an attempt of theirs and makes the victim's browser
    # (which started its own attempt) open the answer.
    attacker_answer = provider_answer(start(Client()), "paul")
    victim = Client()
    start(victim)
    exchanges = len([e for e in configured.journal() if e["endpoint"] == "token"])
    with caplog.at_level(logging.WARNING, logger="preau.federation"):
        response = victim.get(attacker_answer)
    assert "plus) valable dans ce navigateur" in assert_refused(response, 400)
    assert "state" in caplog.text
    # The attacker's code was not even sent to the provider.
    assert len([e for e in configured.journal() if e["endpoint"] == "token"]) == exchanges
    assert victim.get(ME).status_code in {401, 403}


def test_an_answer_is_used_once(configured, paul):
    client = Client()
    answer = provider_answer(start(client), "paul")
    assert client.get(answer)["Location"] == "/"
    UserSession.objects.all().delete()
    assert_refused(Client().get(answer), 400)
    assert_refused(client.get(answer), 400)


def test_an_id_token_for_another_nonce_is_refused(configured, paul, caplog):
    # The authorization request altered on its way (the nonce of another attempt): the
    # provider signs an ID token for that nonce, which is not this attempt's.
    client = Client()
    authorize_url = start(client)
    parts = urlsplit(authorize_url)
    query = {**query_of(authorize_url), "nonce": "nonce-of-another-attempt"}
    tampered = urlunsplit(parts._replace(query=urlencode(query)))
    answer = provider_answer(tampered, "paul")
    with caplog.at_level(logging.WARNING, logger="preau.federation"):
        response = client.get(answer)
    assert_refused(response, 403)
    assert "Nonce verification failed" in caplog.text
    exchange = [e for e in configured.journal() if e["endpoint"] == "token"][-1]
    assert exchange["status"] == 200  # the code and verifier were right; the token was not
    assert client.get(ME).status_code in {401, 403}


def test_an_answer_for_one_provider_is_refused_at_another(settings, provider, paul):
    # Mix-up: the state of an attempt at "test" delivered to the callback of "autre".
    settings.PREAU_OIDC_PROVIDERS = {"test": provider.settings_entry(),
                                     "autre": provider.settings_entry(label="Autre")}
    client = Client()
    answer = provider_answer(start(client, "test"), "paul")
    query = urlsplit(answer).query
    assert_refused(client.get(f"{CALLBACK.format('autre')}?{query}"), 400)


def test_an_id_token_from_another_issuer_is_refused(settings, provider, paul, caplog):
    # Endpoints given in the settings, and an issuer that is not the one signing.
    endpoints = {"authorization_endpoint": f"{provider.issuer}/authorize/",
                 "token_endpoint": f"{provider.issuer}/token/",
                 "jwks_uri": f"{provider.issuer}/.well-known/jwks.json",
                 "userinfo_endpoint": f"{provider.issuer}/userinfo/"}
    settings.PREAU_OIDC_PROVIDERS = {"test": provider.settings_entry(
        issuer="https://idp.example.org", **endpoints)}
    client = Client()
    answer = provider_answer(start(client), "paul")
    with caplog.at_level(logging.WARNING, logger="preau.federation"):
        assert_refused(client.get(answer), 403)
    assert "issuer" in caplog.text


def test_an_issuer_whose_discovery_names_another_is_refused(settings, provider):
    settings.PREAU_OIDC_PROVIDERS = {"test": provider.settings_entry(
        issuer="https://idp.example.org",
        discovery=f"{provider.issuer}/.well-known/openid-configuration")}
    assert_refused(Client().get(START.format("test")), 403)


def test_an_error_answered_by_the_provider_is_refused(configured):
    client = Client()
    state = query_of(start(client))["state"]
    response = client.get(CALLBACK.format("test"),
                          {"error": "access_denied", "state": state})
    assert "n'a pas autorisé" in assert_refused(response, 403)


def test_a_provider_not_configured_is_a_page_not_a_redirect(settings):
    settings.PREAU_OIDC_PROVIDERS = {}
    for path in (START.format("test"), CALLBACK.format("test") + "?code=x&state=y"):
        assert_refused(Client().get(path), 404)


def test_a_staff_login_cannot_sign_in_through_a_families_provider(configured, family):
    # Paul's subject linked to a director's login: the families' provider may not open it.
    director = family.director
    FederatedIdentity.objects.create(user=director, protocol="oidc", provider="test",
                                     subject="oidc-paul", linked_how=LinkedHow.PASSWORD)
    client = Client()
    response = client.get(provider_answer(start(client), "paul"))
    assert "ne peut pas se connecter" in assert_refused(response, 403)


class _OneJwks(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        return


def test_an_id_token_not_signed_by_the_providers_key_is_refused(settings, provider, paul,
                                                                 caplog):
    # The JWKS Préau trusts for this provider holds another key under the same key id.
    kid = requests.get(f"{provider.issuer}/.well-known/jwks.json", timeout=10).json()[
        "keys"][0]["kid"]
    other = json.loads(RSAAlgorithm.to_jwk(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()))
    handler = type("Jwks", (_OneJwks,), {"body": json.dumps(
        {"keys": [{**other, "kid": kid, "alg": "RS256", "use": "sig"}]}).encode()})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.PREAU_OIDC_PROVIDERS = {"test": provider.settings_entry(
            authorization_endpoint=f"{provider.issuer}/authorize/",
            token_endpoint=f"{provider.issuer}/token/",
            jwks_uri=f"http://127.0.0.1:{server.server_port}/jwks.json")}
        client = Client()
        answer = provider_answer(start(client), "paul")
        with caplog.at_level(logging.WARNING, logger="preau.federation"):
            assert_refused(client.get(answer), 403)
    finally:
        server.shutdown()
        server.server_close()
    assert "verification failed" in caplog.text
