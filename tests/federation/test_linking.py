"""The linking core: which login a provider's subject is, and how a person proves it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from preau.accounts.models import User, UserSession
from preau.accounts.services import invitations_generate
from preau.audit.models import AuditEvent, AuditKind
from preau.federation.models import FederatedIdentity
from tests.factories import (
    DirectorAssignmentFactory,
    GuardianshipFactory,
    PersonFactory,
    TeacherAssignmentFactory,
    UserFactory,
)
from tests.federation.conftest import sign_in_through

pytestmark = pytest.mark.django_db

LINK = "/api/v1/federation/link/"
ME = "/api/v1/accounts/me/"


def _claire(**extra):
    return {"first_name": ["Claire"], "last_name": ["MOREAU"],
            "children_ine": ["123456789AB", "223456789AB"], **extra}


def _client():
    return APIClient(enforce_csrf_checks=False)


def test_the_providers_are_listed_for_the_sign_in_page(core_providers):
    response = _client().get(reverse("federation:providers"))
    assert response.status_code == 200
    by_key = {p["key"]: p for p in response.json()}
    assert by_key["educonnect"]["label"] == "EduConnect"
    assert by_key["educonnect"]["sign_in_path"] == (
        "/api/v1/federation/saml/login/?idp=https%3A%2F%2Feduconnect.example%2Fidp")
    assert by_key["academie"]["audience"] == "staff"


def test_no_provider_is_offered_when_federation_is_off(settings):
    settings.PREAU_SAML_IDPS = {}
    assert _client().get(reverse("federation:providers")).json() == []


def test_the_childrens_ine_and_the_name_link_the_one_guardian_they_designate(
        core_providers, family):
    client = _client()
    result = sign_in_through(client, subject="ec-claire", attributes=_claire())
    assert result.pending is False
    user = User.objects.get(person=family.mother)
    assert not user.has_usable_password()
    identity = FederatedIdentity.objects.get(subject="ec-claire")
    assert (identity.user, identity.linked_how, identity.provider) == (user, "ine", "educonnect")
    assert client.get(ME).json()["username"] == user.username
    row = UserSession.objects.get(user=user)
    assert (row.method, row.provider) == ("saml", "educonnect")
    event = AuditEvent.objects.filter(kind=AuditKind.LOGIN_SUCCEEDED, actor=user).get()
    assert event.sign_in_method == "saml:educonnect"
    assert AuditEvent.objects.filter(kind=AuditKind.FEDERATION_LINKED, actor=user).exists()


def test_an_ambiguous_answer_links_nobody_and_asks_for_the_code(core_providers, family):
    # Two guardians named Claire Moreau for these children: nothing is decided.
    twin = PersonFactory(first_name="Claire", last_name="Moreau")
    GuardianshipFactory(guardian=twin, pupil=family.pupil)
    GuardianshipFactory(guardian=twin, pupil=family.sibling)
    client = _client()
    result = sign_in_through(client, subject="ec-claire", attributes=_claire())
    assert result.pending is True
    assert not FederatedIdentity.objects.exists()
    assert not User.objects.filter(person__in=[family.mother, twin]).exists()
    pending = client.get(LINK).json()
    assert (pending["provider_label"], pending["display_name"]) == ("EduConnect",
                                                                    "Claire MOREAU")
    assert client.get(ME).status_code == 401


def test_a_child_the_guardian_does_not_have_in_preau_stops_the_automatic_link(
        core_providers, family):
    # Only the father is the guardian of Tom in Préau: Claire's answer names both children.
    GuardianshipFactory._meta.model.objects.filter(guardian=family.mother,
                                                    pupil=family.sibling).delete()
    result = sign_in_through(_client(), subject="ec-claire", attributes=_claire())
    assert result.pending is True


def test_the_invitation_code_links_on_first_use_and_never_again(core_providers, family):
    letters = invitations_generate(actor=family.director, school=family.school)
    code = next(letter.code for letter in letters if letter.guardian == family.mother)
    client = _client()
    # No INE released: the letter's code is asked.
    assert sign_in_through(client, subject="ec-claire",
                           attributes={"first_name": ["Claire"]}).pending
    wrong = client.post(LINK, {"code": "AAAA-BBBB-CCCC-DDDD"}, format="json")
    assert wrong.status_code == 400
    assert "Code inconnu" in wrong.json()["error"]["fields"]["code"][0]
    response = client.post(LINK, {"code": code.lower()}, format="json")
    assert response.status_code == 200, response.content
    assert client.get(LINK).status_code == 404
    identity = FederatedIdentity.objects.get(subject="ec-claire")
    assert identity.linked_how == "invitation_code"
    assert identity.user.person == family.mother
    # The second sign-in opens the session at once.
    again = _client()
    assert sign_in_through(again, subject="ec-claire", attributes={}).pending is False
    assert again.get(ME).status_code == 200
    # The code is used up.
    other = _client()
    sign_in_through(other, subject="ec-someone-else", attributes={})
    used = other.post(LINK, {"code": code}, format="json")
    assert used.status_code == 400
    assert "déjà servi" in used.json()["error"]["fields"]["code"][0]


def test_a_local_login_links_with_its_password(core_providers, family):
    user = UserFactory(username="claire.moreau", person=family.mother)
    client = _client()
    assert sign_in_through(client, subject="ec-claire", attributes={}).pending
    wrong = client.post(LINK, {"username": "claire.moreau", "password": "faux"}, format="json")
    assert wrong.status_code == 400
    assert "password" in wrong.json()["error"]["fields"]
    # A form's empty code field is no code: the account has no second factor to ask.
    ok = client.post(LINK, {"username": "claire.moreau", "password": "motdepasse-demo",
                            "otp_code": ""}, format="json")
    assert ok.status_code == 200, ok.content
    assert FederatedIdentity.objects.get(user=user).linked_how == "password"


def test_a_families_provider_never_opens_a_staff_login(core_providers, family):
    UserFactory(username="enseignante", person=TeacherAssignmentFactory().person)
    client = _client()
    sign_in_through(client, subject="ec-x", attributes={})
    response = client.post(LINK, {"username": "enseignante", "password": "motdepasse-demo"},
                           format="json")
    assert response.status_code == 400
    assert not FederatedIdentity.objects.exists()


def test_the_academic_address_links_the_one_staff_member_it_names(core_providers, family):
    teacher = TeacherAssignmentFactory(classroom__school=family.school,
                                       person__email="Anne.Roux@ac-exemple.fr").person
    result = sign_in_through(_client(), provider="academie", subject="aca-anne",
                             attributes={"email": ["anne.roux@ac-exemple.fr"]})
    assert result.pending is False
    assert result.user.person == teacher
    assert FederatedIdentity.objects.get(subject="aca-anne").linked_how == "email"
    # An address outside the provider's domains decides nothing.
    TeacherAssignmentFactory(person__email="marc@example.org")
    assert sign_in_through(_client(), provider="academie", subject="aca-marc",
                           attributes={"email": ["marc@example.org"]}).pending


def test_a_pending_link_expires(core_providers, family, time_machine):
    time_machine.move_to(timezone.now())
    client = _client()
    sign_in_through(client, subject="ec-claire", attributes={})
    time_machine.shift(11 * 60)
    assert client.get(LINK).status_code == 404
    response = client.post(LINK, {"code": "AAAA-BBBB-CCCC-DDDD"}, format="json")
    assert response.json()["error"]["code"] == "link_not_pending"


def test_the_director_sees_who_is_linked_and_unlinking_is_audited(
        core_providers, family, django_assert_num_queries):
    sign_in_through(_client(), subject="ec-claire", attributes=_claire())
    sign_in_through(_client(), subject="ec-paul",
                    attributes={**_claire(), "first_name": ["Paul"]})
    director = APIClient()
    director.force_login(family.director)
    url = reverse("federation:school-identities", kwargs={"school_id": family.school.pk})
    director.get(url)  # warm the session
    with django_assert_num_queries(4):
        response = director.get(url)
    listed = response.json()["results"]
    # One more link (a teacher of the school) and the list costs the same.
    teacher = TeacherAssignmentFactory(classroom__school=family.school,
                                       person__email="anne@ac-exemple.fr").person
    sign_in_through(_client(), provider="academie", subject="aca-anne",
                    attributes={"email": ["anne@ac-exemple.fr"]})
    with django_assert_num_queries(4):
        longer = director.get(url).json()["results"]
    assert {(i["person_name"], i["role"]) for i in longer} - {
        (i["person_name"], i["role"]) for i in listed} == {(teacher.full_name, "teacher")}
    assert {(i["person_name"], i["role"], i["provider_label"], i["linked_how"])
            for i in listed} == {("Claire Moreau", "guardian", "EduConnect", "ine"),
                                 ("Paul Moreau", "guardian", "EduConnect", "ine")}
    claire = next(i for i in listed if i["person_name"] == "Claire Moreau")
    claire_user = User.objects.get(person=family.mother)
    assert UserSession.objects.filter(user=claire_user).exists()
    response = director.delete(reverse("federation:identity-detail",
                                       kwargs={"identity_id": claire["id"]}))
    assert response.status_code == 204
    assert not FederatedIdentity.objects.filter(user=claire_user).exists()
    assert not UserSession.objects.filter(user=claire_user).exists()  # her sessions ended
    event = AuditEvent.objects.get(kind=AuditKind.FEDERATION_UNLINKED)
    assert event.actor == family.director
    assert family.school.pk in set(event.schools.values_list("pk", flat=True))
    # Another school's director sees nothing of it.
    other = APIClient()
    other.force_login(UserFactory(person=DirectorAssignmentFactory().person))
    assert other.get(url).status_code == 404
