"""A parent signs in with EduConnect for the first time, links the identity with the code of
the school's letter, and is signed in; the next time EduConnect opens Préau directly — in
Debian's Chromium, against the suite's own SAML identity provider (tests/federation/
saml_idp.py). The director then sees the link in « Comptes reliés » and removes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from saml2.metadata import entity_descriptor

from preau.accounts.services import invitations_generate
from preau.federation.models import FederatedIdentity
from preau.federation.saml import saml_sp_config
from tests.e2e.accessibility import assert_accessible
from tests.e2e.second_step import open_session
from tests.factories import (
    ClassroomFactory,
    DirectorAssignmentFactory,
    EnrolmentFactory,
    GuardianshipFactory,
    PersonFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
)
from tests.federation.saml_fixtures import educonnect, saml_idps  # noqa: F401 (fixtures)
from tests.federation.saml_idp import educonnect_person

pytestmark = pytest.mark.browser


@pytest.fixture
def site(settings, live_server, saml_idps):  # noqa: F811 (fixture)
    """The live server's address at 127.0.0.1, the host of the suite's providers, and
    Préau's service provider there (its assertion consumer service is where the browser
    posts the provider's answer), trusted by the providers; their trust is given back to
    the suite's address afterwards.

    Over plain HTTP the browser refuses a ``SameSite=None`` cookie (it must be ``Secure``):
    the SAML session's cookie is ``Lax`` here, which the provider's POST still carries since
    the provider and Préau share the site (127.0.0.1)."""
    url = live_server.url.replace("localhost", "127.0.0.1")
    suite_metadata = str(entity_descriptor(saml_sp_config()))
    settings.PREAU_SITE_URL = url
    settings.SAML_SESSION_COOKIE_SAMESITE = "Lax"
    metadata = str(entity_descriptor(saml_sp_config()))
    for idp in saml_idps.values():
        idp.trust_sp(metadata)
    yield url
    for idp in saml_idps.values():
        idp.trust_sp(suite_metadata)


@pytest.fixture
def page(browser, site):
    context = browser.new_context(locale="fr-FR", base_url=site, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def school_letter(transactional_db):
    """Léa Moreau's school, its director (who signs in) and the code of the letter to Léa's
    mother, Claire, who has no login yet."""
    school = SchoolFactory(name="École Jean Jaurès")
    director = UserFactory(username="directrice",
                           person=DirectorAssignmentFactory(school=school).person)
    pupil = PupilFactory(first_name="Léa", last_name="Moreau", ine="123456789AB")
    EnrolmentFactory(pupil=pupil, classroom=ClassroomFactory(school=school))
    mother = PersonFactory(first_name="Claire", last_name="Moreau")
    GuardianshipFactory(guardian=mother, pupil=pupil)
    letters = invitations_generate(actor=director, school=school)
    return {"director": director, "mother": mother,
            "code": next(letter.code for letter in letters if letter.guardian == mother)}


def fits_a_phone(page) -> None:
    """At a phone's width, once the layout has followed, nothing scrolls sideways."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.wait_for_function("() => document.documentElement.scrollWidth <= 375", timeout=5_000)


def sign_in_with_educonnect(page) -> None:
    """The login page's « EduConnect » button, then Claire at the provider's page."""
    page.goto("/connexion")
    section = page.get_by_role("region", name="Se connecter avec")
    section.get_by_role("link", name="EduConnect").click()
    page.get_by_role("button", name="Claire MOREAU").click()


def test_a_parent_links_educonnect_with_the_letters_code_then_signs_in_directly(
        page, educonnect, school_letter):  # noqa: F811 (fixture)
    # EduConnect releases no INE of a pupil of the school: Préau cannot tell who she is.
    educonnect.people["claire"] = educonnect_person(
        subject="fredu-claire", first_name="Claire", last_name="MOREAU", children_ine=[])

    page.goto("/connexion")
    page.get_by_role("region", name="Se connecter avec").get_by_role(
        "link", name="Compte académique").wait_for()
    assert_accessible(page, "/connexion (with the identity providers)")

    sign_in_with_educonnect(page)
    page.wait_for_url("**/connexion/lier")
    page.get_by_role("heading", level=1, name="Relier votre compte EduConnect à Préau").wait_for()
    assert "Claire MOREAU" in page.get_by_role("main").inner_text()
    assert_accessible(page, "/connexion/lier")
    fits_a_phone(page)
    page.set_viewport_size({"width": 1280, "height": 720})

    code_form = page.get_by_role("form", name="J’ai reçu une lettre de l’école")
    code_form.get_by_label("Code d’invitation").fill("AAAA-BBBB-CCCC-DDDD")
    code_form.get_by_role("button", name="Relier avec ce code").click()
    code_form.get_by_text("Code inconnu").wait_for()
    code_form.get_by_label("Code d’invitation").fill(school_letter["code"].lower())
    code_form.get_by_role("button", name="Relier avec ce code").click()

    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
    assert page.url.endswith("/")
    identity = FederatedIdentity.objects.get(subject="fredu-claire")
    assert identity.user.person_id == school_letter["mother"].pk
    assert identity.linked_how == "invitation_code"

    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    page.wait_for_url("**/connexion")

    # The second time, EduConnect opens Préau directly.
    sign_in_with_educonnect(page)
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
    assert "/connexion" not in page.url


def test_nothing_pending_says_so_and_the_director_unlinks(
        page, educonnect, school_letter):  # noqa: F811 (fixture)
    page.goto("/connexion/lier")
    page.get_by_role("heading", level=1, name="Aucune connexion en attente").wait_for()
    assert_accessible(page, "/connexion/lier (nothing pending)")

    educonnect.people["claire"] = educonnect_person(
        subject="fredu-claire", first_name="Claire", last_name="MOREAU", children_ine=[])
    sign_in_with_educonnect(page)
    page.get_by_role("form", name="J’ai reçu une lettre de l’école").get_by_label(
        "Code d’invitation").fill(school_letter["code"])
    page.get_by_role("button", name="Relier avec ce code").click()
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
    page.context.clear_cookies()

    open_session(page, school_letter["director"].username)
    assert page.get_by_role("link", name="Comptes reliés").get_attribute("href") == (
        "/direction/comptes-relies")
    page.goto("/direction/comptes-relies")
    table = page.get_by_role("table", name="Comptes reliés")
    row = table.get_by_role("row").filter(has_text="Claire Moreau")
    row.get_by_text("Par le code de la lettre d’invitation").wait_for()
    assert "EduConnect" in row.inner_text()
    assert_accessible(page, "/direction/comptes-relies")
    fits_a_phone(page)
    page.set_viewport_size({"width": 1280, "height": 720})

    row.get_by_role("button", name="Délier le compte EduConnect de Claire Moreau").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_have_css("opacity", "1")  # its opening transition has ended
    assert_accessible(page, "/direction/comptes-relies (confirmation)")
    dialog.get_by_role("button", name="Délier", exact=True).click()
    page.get_by_role("status").filter(has_text="Le compte EduConnect de Claire Moreau est délié.").wait_for()
    page.get_by_text("Personne de l’école ne se connecte encore").wait_for()
    assert not FederatedIdentity.objects.filter(subject="fredu-claire").exists()
