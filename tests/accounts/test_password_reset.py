"""Password reset by mail: no account enumeration, single use, expiring, ends the sessions."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/api/v1/accounts/password-reset/"
CONFIRM = "/api/v1/accounts/password-reset/confirm/"
NEW_PASSWORD = "cartable-bleu-du-jeudi"


def token_from_last_mail() -> str:
    link = re.search(r"https?://\S+/mot-de-passe/nouveau\?token=(\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    return link.group(1)


def request_reset(email: str, **extra):
    return csrf_client().post(RESET, {"email": email}, format="json", **extra)


def confirm(token: str, password: str = NEW_PASSWORD):
    return csrf_client().post(CONFIRM, {"token": token, "password": password}, format="json")


def log_in(username: str, password: str) -> int:
    return csrf_client().post(LOGIN, {"username": username, "password": password},
                              format="json").status_code


def test_a_known_address_gets_a_french_mail_with_a_link():
    UserFactory(username="claire", first_name="Claire", email="claire@example.org")

    response = request_reset("Claire@Example.org")

    assert response.status_code == 202
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@example.org"]
    assert "mot de passe" in message.subject
    assert "Bonjour Claire" in message.body
    assert "ne sert qu'une fois" in message.body
    assert token_from_last_mail()


def test_an_unknown_address_gets_the_same_answer_and_no_mail():
    UserFactory(username="claire", email="claire@example.org")
    known, unknown = request_reset("claire@example.org"), request_reset("inconnu@example.org")
    assert (unknown.status_code, unknown.content) == (known.status_code, known.content)
    assert len(mail.outbox) == 1


def test_a_disabled_account_gets_no_mail():
    UserFactory(username="claire", email="claire@example.org", is_active=False)
    assert request_reset("claire@example.org").status_code == 202
    assert mail.outbox == []


def test_the_new_password_works_and_the_old_one_no_longer_does():
    UserFactory(username="claire", email="claire@example.org")
    request_reset("claire@example.org")

    assert confirm(token_from_last_mail()).status_code == 204

    assert log_in("claire", NEW_PASSWORD) == 200
    assert log_in("claire", PASSWORD) == 400


def test_a_link_serves_once():
    UserFactory(username="claire", email="claire@example.org")
    request_reset("claire@example.org")
    token = token_from_last_mail()
    assert confirm(token).status_code == 204

    again = confirm(token, "un-autre-mot-de-passe-long")

    assert again.status_code == 400
    assert "token" in again.json()["error"]["fields"]
    assert log_in("claire", NEW_PASSWORD) == 200


def test_a_link_expires_after_an_hour():
    UserFactory(username="claire", email="claire@example.org")
    start = datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with time_machine.travel(start, tick=False) as clock:
        request_reset("claire@example.org")
        clock.move_to(start + timedelta(hours=1, minutes=1))
        response = confirm(token_from_last_mail())
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_token"
    assert log_in("claire", PASSWORD) == 200


def test_a_forged_token_is_a_400_naming_the_field():
    UserFactory(username="claire", email="claire@example.org")
    for token in ["MQ.abc-def", "n'importe quoi", "."]:
        response = confirm(token)
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["token"]


def test_a_weak_password_is_refused_naming_the_field_and_the_link_still_works():
    UserFactory(username="claire", email="claire@example.org")
    request_reset("claire@example.org")
    token = token_from_last_mail()

    weak = confirm(token, "123456")

    assert weak.status_code == 400
    assert "password" in weak.json()["error"]["fields"]
    assert log_in("claire", PASSWORD) == 200
    assert confirm(token).status_code == 400  # the login above made the link stale


def test_a_missing_or_malformed_address_is_a_400_naming_the_field():
    for body in [{}, {"email": "pas-une-adresse"}]:
        response = csrf_client().post(RESET, body, format="json")
        assert response.status_code == 400
        assert "email" in response.json()["error"]["fields"]


def test_the_reset_ends_every_open_session():
    UserFactory(username="claire", email="claire@example.org")
    phone = csrf_client()
    phone.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
    assert phone.get(ME).status_code == 200
    request_reset("claire@example.org")

    confirm(token_from_last_mail())

    assert phone.get(ME).status_code == 401


def test_requests_are_throttled_per_address_without_telling_which_accounts_exist():
    UserFactory(username="claire", email="claire@example.org")
    codes = [request_reset(f"x{n}@example.org", REMOTE_ADDR="203.0.113.9").status_code
             for n in range(6)]
    assert codes == [202] * 5 + [429]
    refused = request_reset("claire@example.org", REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert request_reset("claire@example.org", REMOTE_ADDR="198.51.100.1").status_code == 202


def test_one_account_gets_at_most_five_mails_in_the_window():
    UserFactory(username="claire", email="claire@example.org")
    for n in range(7):
        assert request_reset("claire@example.org", REMOTE_ADDR=f"198.51.100.{n}").status_code == 202
    assert len(mail.outbox) == 5


def test_the_request_needs_the_csrf_token():
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    assert client.post(RESET, {"email": "a@example.org"}, format="json").status_code == 403
