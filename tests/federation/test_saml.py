"""Signing in with SAML against the suite's own identity providers (tests/federation/
saml_idp.py): a guardian through EduConnect, a teacher through the académie's provider,
and every answer Préau must refuse."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from preau.accounts.models import User, UserSession
from preau.audit.models import AuditEvent, AuditKind
from preau.federation.models import FederatedIdentity
from tests.federation.saml_fixtures import saml_round_trip
from tests.federation.saml_idp import academie_person, educonnect_person

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me/"
LINK = "/api/v1/federation/link/"


def _claire(**changes):
    return educonnect_person(**{"subject": "fredu-claire", "first_name": "Claire",
                                "last_name": "MOREAU",
                                "children_ine": ["123456789AB", "223456789AB"], **changes})


def test_a_guardian_is_linked_by_the_childrens_ine_and_signed_in(educonnect, family):
    educonnect.people["claire"] = _claire()
    client = Client()
    response, _ = saml_round_trip(client, educonnect, "claire")
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/"
    user = User.objects.get(person=family.mother)
    assert client.get(ME).json()["username"] == user.username
    row = UserSession.objects.get(user=user)
    assert (row.method, row.provider) == ("saml", "educonnect")
    event = AuditEvent.objects.get(kind=AuditKind.LOGIN_SUCCEEDED, actor=user)
    assert event.sign_in_method == "saml:educonnect"


def test_a_guardian_links_with_the_letters_code_once_then_signs_in_directly(educonnect,
                                                                             family):
    from preau.accounts.services import invitations_generate

    letters = invitations_generate(actor=family.director, school=family.school)
    code = next(letter.code for letter in letters if letter.guardian == family.mother)
    # No child's INE released (a parent whose children EduConnect does not know yet).
    educonnect.people["claire"] = _claire(children_ine=[])
    client = Client()
    response, _ = saml_round_trip(client, educonnect, "claire")
    assert (response.status_code, response["Location"]) == (302, "/connexion/lier")
    assert client.get(ME).status_code == 401
    pending = client.get(LINK).json()
    assert (pending["provider_label"], pending["display_name"]) == ("EduConnect",
                                                                    "Claire MOREAU")
    linked = client.post(LINK, {"code": code}, content_type="application/json")
    assert linked.status_code == 200, linked.content
    assert client.get(ME).status_code == 200
    identity = FederatedIdentity.objects.get(subject="fredu-claire")
    assert (identity.user.person, identity.linked_how) == (family.mother, "invitation_code")
    # The next sign-in asks nothing.
    again = Client()
    response, _ = saml_round_trip(again, educonnect, "claire")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert again.get(ME).json()["username"] == identity.user.username
    assert again.get(LINK).status_code == 404


def test_an_ambiguous_answer_asks_for_the_code(educonnect, family):
    from tests.factories import GuardianshipFactory, PersonFactory

    namesake = PersonFactory(first_name="Claire", last_name="Moreau")
    for child in (family.pupil, family.sibling):
        GuardianshipFactory(guardian=namesake, pupil=child)
    educonnect.people["claire"] = _claire()
    client = Client()
    response, _ = saml_round_trip(client, educonnect, "claire")
    assert response["Location"] == "/connexion/lier"
    assert not FederatedIdentity.objects.exists()
    assert client.get(ME).status_code == 401


def test_a_teacher_signs_in_through_the_academie_while_families_use_educonnect(
        educonnect, academie, family):
    from tests.factories import TeacherAssignmentFactory

    teacher = TeacherAssignmentFactory(classroom__school=family.school,
                                       person__first_name="Anne", person__last_name="Roux",
                                       person__email="anne.roux@ac-test.fr").person
    academie.people["anne"] = academie_person(subject="aca-7f3e", first_name="Anne",
                                              last_name="Roux", email="anne.roux@ac-test.fr")
    educonnect.people["claire"] = _claire()
    staff = Client()
    response, _ = saml_round_trip(staff, academie, "anne")
    assert (response.status_code, response["Location"]) == (302, "/")
    user = User.objects.get(person=teacher)
    assert staff.get(ME).json()["username"] == user.username
    assert UserSession.objects.get(user=user).provider == "academie"
    assert FederatedIdentity.objects.get(user=user).linked_how == "email"
    parent = Client()
    response, _ = saml_round_trip(parent, educonnect, "claire")
    assert response["Location"] == "/"
    assert UserSession.objects.get(user__person=family.mother).provider == "educonnect"


REFUSED = {
    "unsigned": "n'est pas signée, ou pas par lui",
    "foreign_key": "n'est pas signée, ou pas par lui",
    "wrong_audience": "n'est pas destinée à Préau",
    "expired": "a expiré",
}


@pytest.mark.parametrize("misbehaviour", sorted(REFUSED))
def test_a_forged_or_stale_answer_is_refused_with_a_clear_page(educonnect, family,
                                                               misbehaviour):
    educonnect.people["claire"] = _claire()
    educonnect.misbehave = misbehaviour
    client = Client()
    response, _ = saml_round_trip(client, educonnect, "claire")
    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "Connexion refusée" in page
    assert REFUSED[misbehaviour] in page
    assert "Traceback" not in page
    assert client.get(ME).status_code == 401
    assert not FederatedIdentity.objects.exists()
    assert not UserSession.objects.exists()


def test_a_replayed_answer_is_refused(educonnect, family):
    educonnect.people["claire"] = _claire()
    client = Client()
    response, fields = saml_round_trip(client, educonnect, "claire")
    assert response["Location"] == "/"
    # The same answer posted again, by the same browser or by another one.
    for browser in (client, Client()):
        replayed = browser.post("/api/v1/federation/saml/acs/", fields)
        assert replayed.status_code == 403
        assert "a déjà servi" in replayed.content.decode()
    # The provider sends back its previous answer to a new request.
    educonnect.misbehave = "replay"
    other = Client()
    response, _ = saml_round_trip(other, educonnect, "claire")
    assert response.status_code == 403
    assert "a déjà servi" in response.content.decode()
    assert other.get(ME).status_code == 401
    assert UserSession.objects.count() == 1


def test_an_unknown_provider_is_refused(saml_idps):
    response = Client().get("/api/v1/federation/saml/login/",
                            {"idp": "https://inconnu.example/idp"})
    assert response.status_code == 400
    assert "n'est pas proposé par Préau" in unescape(response.content.decode())
    missing = Client().post("/api/v1/federation/saml/acs/", {})
    assert missing.status_code == 400


def test_the_service_provider_publishes_its_metadata(saml_idps):
    response = Client().get("/api/v1/federation/saml/metadata/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "AssertionConsumerService" in body
    assert 'WantAssertionsSigned="true"' in body
    assert "/api/v1/federation/saml/acs/" in body


def test_the_demo_provider_lets_one_choose_who_signs_in(educonnect, family):
    """``make demo-saml``: with no ``next_login``, the provider's page lists its people; the
    choice posts back the signed request, and the answer signs the chosen one in."""
    import re
    import urllib.parse
    import urllib.request

    educonnect.people["claire"] = _claire()
    client = Client()
    start = client.get("/api/v1/federation/saml/login/", {"idp": educonnect.entity_id})
    with urllib.request.urlopen(start["Location"], timeout=10) as answer:  # noqa: S310
        page = answer.read().decode()
    assert "Claire MOREAU" in page
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    fields = {k: unescape(v) for k, v in fields.items()}
    body = urllib.parse.urlencode({**fields, "login": "claire"}).encode()
    with urllib.request.urlopen(f"{educonnect.base_url}/sso/redirect", body,  # noqa: S310
                                timeout=10) as answer:
        form = answer.read().decode()
    action = unescape(re.search(r'action="([^"]+)"', form).group(1))
    posted = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    response = client.post(urllib.parse.urlsplit(action).path,
                           {k: unescape(v) for k, v in posted.items()})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get(ME).status_code == 200


def test_single_logout_ends_the_session_here_and_at_the_provider(educonnect, family):
    import http.client
    import urllib.parse

    educonnect.people["claire"] = _claire()
    client = Client()
    saml_round_trip(client, educonnect, "claire")
    assert UserSession.objects.count() == 1
    start = client.get("/api/v1/federation/saml/logout/")
    assert start.status_code == 302
    at_idp = urllib.parse.urlsplit(start["Location"])
    assert at_idp.path == "/slo/redirect"
    connection = http.client.HTTPConnection(at_idp.hostname, at_idp.port, timeout=10)
    connection.request("GET", f"{at_idp.path}?{at_idp.query}")
    answer = connection.getresponse()
    assert answer.status == 302, answer.read()
    back = urllib.parse.urlsplit(answer.getheader("Location"))
    assert back.path == "/api/v1/federation/saml/ls/"
    done = client.get(f"{back.path}?{back.query}")
    assert (done.status_code, done["Location"]) == (302, "/connexion")
    assert client.get(ME).status_code == 401
    assert not UserSession.objects.exists()


def test_the_request_waits_in_a_cookie_sent_with_the_providers_cross_site_post(educonnect):
    start = Client().get("/api/v1/federation/saml/login/", {"idp": educonnect.entity_id})
    cookie = start.cookies["preau_saml"]
    assert cookie["samesite"] == "None"
    assert cookie["httponly"]


def test_a_deactivated_login_is_refused_and_an_unlinked_one_is_asked_again(educonnect,
                                                                            family):
    from preau.accounts.services import user_deactivate
    from preau.federation.services import federated_identity_unlink

    educonnect.people["claire"] = _claire()
    saml_round_trip(Client(), educonnect, "claire")
    identity = FederatedIdentity.objects.get(subject="fredu-claire")
    user_deactivate(user=identity.user)
    client = Client()
    response, _ = saml_round_trip(client, educonnect, "claire")
    assert response.status_code == 403
    assert "ne peut pas se connecter avec EduConnect" in unescape(response.content.decode())
    assert client.get(ME).status_code == 401
    # Unlinked by the director: the next sign-in decides again (here, the INE link would
    # reach a deactivated login, so the link is asked).
    federated_identity_unlink(actor=family.director, identity=identity)
    response, _ = saml_round_trip(Client(), educonnect, "claire")
    assert response["Location"] == "/connexion/lier"


def test_an_answer_from_a_provider_preau_does_not_know_is_refused(educonnect, family,
                                                                    tmp_path):
    """A provider outside PREAU_SAML_IDPS answers a request Préau sent to EduConnect: its
    issuer and its key are unknown, the answer is refused."""
    import base64
    import urllib.parse
    import zlib

    from saml2.metadata import entity_descriptor
    from saml2.samlp import authn_request_from_string

    from preau.federation.saml import saml_sp_config
    from tests.federation.saml_idp import SamlIdp

    intruder = SamlIdp(name="intrus", entity_id="https://intrus.example/idp", folder=tmp_path,
                       people={"claire": _claire()}).start()
    try:
        intruder.trust_sp(str(entity_descriptor(saml_sp_config())))
        client = Client()
        start = client.get("/api/v1/federation/saml/login/", {"idp": educonnect.entity_id})
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(start["Location"]).query)
        request_xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
        authn_request = authn_request_from_string(request_xml.decode())
        encoded = intruder.answer_for(authn_request, intruder.people["claire"])
        response = client.post("/api/v1/federation/saml/acs/", {"SAMLResponse": encoded})
    finally:
        intruder.stop()
    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "Connexion refusée" in page
    assert "n'est pas signée, ou pas par lui" in page  # no key of its own is trusted
    assert client.get(ME).status_code == 401
    assert not FederatedIdentity.objects.exists()


def test_a_teacher_with_a_code_application_is_signed_in_by_the_academie_alone(
        educonnect, academie, family):
    """The académie's provider authenticated the teacher: Préau asks no second code on top
    (docs/federation.md), whatever devices the login holds for its password sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import TeacherAssignmentFactory, UserFactory

    teacher = TeacherAssignmentFactory(classroom__school=family.school,
                                       person__first_name="Anne", person__last_name="Roux",
                                       person__email="anne.roux@ac-test.fr").person
    login = UserFactory(username="anne.roux", person=teacher)
    TOTPDevice.objects.create(user=login, name="Préau", confirmed=True)
    academie.people["anne"] = academie_person(subject="aca-7f3e", first_name="Anne",
                                              last_name="Roux", email="anne.roux@ac-test.fr")
    staff = Client()

    response, _ = saml_round_trip(staff, academie, "anne")

    assert (response.status_code, response["Location"]) == (302, "/")
    me = staff.get(ME)
    assert me.status_code == 200, me.content
    assert me.json()["username"] == "anne.roux"


def test_a_providers_metadata_file_replaced_is_read_again(saml_idps):
    """An operator replaces a provider's metadata (its new key, its new address): the next
    sign-in reads it, without waiting for the hour the configuration is otherwise kept."""
    import os

    from preau.federation.saml import saml_sp_config

    first = saml_sp_config()
    assert saml_sp_config() is first
    path = saml_idps["educonnect"].metadata_path
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))
    try:
        assert saml_sp_config() is not first
    finally:
        os.utime(path, ns=(stamp, stamp))
