"""The suite's two SAML identity providers, started once for the session, and a browser's
round trip through them (``saml_round_trip``)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from saml2.metadata import entity_descriptor

from preau.federation.saml import saml_sp_config
from tests.federation.saml_idp import SamlIdp

LOGIN = "/api/v1/federation/saml/login/"


# The providers of this test process. Each module that imports ``saml_idps`` defines a
# fixture of its own (tests/federation/conftest.py, tests/e2e/test_federated_sign_in.py):
# they share one pair, since two pairs would write their metadata (keys, addresses) in the
# one folder the settings name, and the service provider would trust the other pair.
_running: dict[str, SamlIdp] = {}
_holders: list[int] = [0]


@pytest.fixture(scope="session")
def saml_idps(django_db_setup):
    """EduConnect-like (families) and académie (staff) providers, with the metadata the
    test settings name, each trusting the service provider's metadata."""
    if not _running:
        folder = settings.SAML_TEST_DIR
        _running.update({key: SamlIdp(name=key, entity_id=config["entity_id"], folder=folder)
                         for key, config in settings.PREAU_SAML_IDPS.items()})
        for idp in _running.values():
            idp.start()
        sp_metadata = str(entity_descriptor(saml_sp_config()))
        for idp in _running.values():
            idp.trust_sp(sp_metadata)
    _holders[0] += 1
    yield _running
    _holders[0] -= 1
    if _holders[0] == 0:
        for idp in _running.values():
            idp.stop()
        _running.clear()


@pytest.fixture
def educonnect(saml_idps):
    idp = saml_idps["educonnect"]
    yield idp
    idp.people.clear()
    idp.next_login = idp.misbehave = idp.last_response = None


@pytest.fixture
def academie(saml_idps):
    idp = saml_idps["academie"]
    yield idp
    idp.people.clear()
    idp.next_login = idp.misbehave = idp.last_response = None


def _form(page: str) -> tuple[str, dict]:
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', page).group(1))
    fields = {unescape(name): unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)}
    return action, fields


def saml_round_trip(client, idp: SamlIdp, login: str):
    """The browser starts at Préau, goes to the provider, and comes back with its answer
    (posted to the assertion consumer service): Préau's answer to that POST."""
    idp.next_login = login
    start = client.get(LOGIN, {"idp": idp.entity_id})
    assert start.status_code == 302, start.content
    try:
        with urllib.request.urlopen(start["Location"], timeout=10) as answer:  # noqa: S310 (our peer)
            page = answer.read().decode()
    except urllib.error.HTTPError as error:
        raise AssertionError(f"the provider answered {error.code}: {error.read().decode()}"
                             ) from None
    action, fields = _form(page)
    return client.post(urlsplit(action).path, fields), fields
