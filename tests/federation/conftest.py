"""Shared pieces of the federation tests: a family of school A and a sign-in helper."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from preau.federation.services import federated_sign_in
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
from tests.federation.saml_fixtures import academie, educonnect, saml_idps  # noqa: F401

CORE_PROVIDERS = {
    "educonnect": {"label": "EduConnect", "audience": "families",
                   "entity_id": "https://educonnect.example/idp"},
    "academie": {"label": "Guichet académique", "audience": "staff",
                 "entity_id": "https://academie.example/idp",
                 "email_domains": ["ac-exemple.fr"]},
}


@dataclass
class Family:
    school: object
    director: object
    pupil: object
    sibling: object
    mother: object
    father: object


@pytest.fixture
def family(db) -> Family:
    """Léa and Tom Moreau (school A), with their mother Claire and father Paul, who have no
    login yet; the school's director has one."""
    school = SchoolFactory(name="École Jean Jaurès")
    classroom = ClassroomFactory(school=school)
    director = UserFactory(username="directrice",
                           person=DirectorAssignmentFactory(school=school).person)
    pupil = PupilFactory(first_name="Léa", last_name="Moreau", ine="123456789AB")
    sibling = PupilFactory(first_name="Tom", last_name="Moreau", ine="223456789AB")
    for child in (pupil, sibling):
        EnrolmentFactory(pupil=child, classroom=classroom)
    mother = PersonFactory(first_name="Claire", last_name="Moreau", email="claire@example.org")
    father = PersonFactory(first_name="Paul", last_name="Moreau")
    for parent in (mother, father):
        for child in (pupil, sibling):
            GuardianshipFactory(guardian=parent, pupil=child)
    return Family(school=school, director=director, pupil=pupil, sibling=sibling,
                  mother=mother, father=father)


@pytest.fixture
def core_providers(settings):
    settings.PREAU_SAML_IDPS = CORE_PROVIDERS
    return CORE_PROVIDERS


def sign_in_through(client, *, subject: str, attributes: dict, provider: str = "educonnect",
                    protocol: str = "saml"):
    """What a protocol's view does once the provider's answer is checked, in the session of
    ``client`` (the web app's next requests see its outcome)."""
    request = RequestFactory().post("/saml2/acs/", REMOTE_ADDR="203.0.113.5")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    result = federated_sign_in(request=request, protocol=protocol, provider=provider,
                               subject=subject, attributes=attributes)
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return result
