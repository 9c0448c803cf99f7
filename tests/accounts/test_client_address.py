"""The client address behind a proxy: believed only from a trusted proxy."""

import pytest
from django.test import RequestFactory

from preau.accounts.models import UserSession
from preau.common.client_address import client_ip
from tests.accounts.test_login import LOGIN, PASSWORD, csrf_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def fail_logins(times: int, *, remote: str, forwarded: str | None = None, username="claire"):
    client = csrf_client()
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return [client.post(LOGIN, {"username": username, "password": "faux"}, format="json",
                        **headers).status_code for _ in range(times)]


def test_a_forged_header_from_an_untrusted_address_is_ignored_by_the_throttle(settings):
    settings.PREAU_TRUSTED_PROXIES = [PROXY]
    # An attacker changes X-Forwarded-For on every try, on ten different accounts.
    codes = [fail_logins(1, remote="203.0.113.5", forwarded=f"198.51.100.{n}",
                         username=f"compte{n}")[0] for n in range(11)]
    assert codes == [400] * 10 + [429]


def test_behind_the_trusted_proxy_the_throttle_counts_each_forwarded_client(settings):
    settings.PREAU_TRUSTED_PROXIES = ["10.0.0.0/24"]
    codes = [fail_logins(1, remote=PROXY, forwarded="198.51.100.7", username=f"compte{n}")[0]
             for n in range(11)]
    assert codes == [400] * 10 + [429]
    # Another family behind the same proxy is not blocked by the first one's failures.
    UserFactory(username="sophie")
    client = csrf_client()
    response = client.post(LOGIN, {"username": "sophie", "password": PASSWORD}, format="json",
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 200
    assert UserSession.objects.get(user__username="sophie").ip_address == "198.51.100.8"


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.PREAU_TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == PROXY


@pytest.mark.parametrize(("forwarded", "expected"), [
    # The client's own header is kept to the left: only the rightmost untrusted hop counts.
    ("1.2.3.4, 198.51.100.7", "198.51.100.7"),
    ("198.51.100.7, 10.0.0.3", "198.51.100.7"),  # through a second trusted proxy
    ("", PROXY),
    ("not-an-address", PROXY),
    ("2001:db8::1", "2001:db8::1"),
])
def test_the_rightmost_untrusted_address_is_the_client(settings, forwarded, expected):
    settings.PREAU_TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_header_name_is_a_setting(settings):
    settings.PREAU_TRUSTED_PROXIES = [PROXY]
    settings.PREAU_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.9",
                                   HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "198.51.100.9"
