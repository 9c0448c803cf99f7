"""Signing in through the web app as an account that must give a TOTP code.

Directors, authorities and the operator must use a second factor (PREAU_TOTP_REQUIRED_FOR):
a browser test that signs one in through the login page gives the account a confirmed
device with a known key (RFC 6238's test key) and types its current code, as the person
would from their phone. Accounts that are not required to (families, teachers) are left
as they are, with the device a test may have given them."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from preau.accounts.models import User
from preau.accounts.services import second_factor_required
from tests.accounts.test_totp import code_of

KNOWN_KEY = "3132333435363738393031323334353637383930"
CODE_LABEL = "Code à 6 chiffres de votre application d'authentification"


def device_for_browser_login(username: str) -> TOTPDevice | None:
    """The account's confirmed device, created with the known key if its role requires one."""
    user = User.objects.filter(username=username).first()
    if user is None or not second_factor_required(user=user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Préau", key=KNOWN_KEY,
                                               confirmed=True)


def give_the_code(page, device: TOTPDevice) -> None:
    """Type the device's current code. A code serves once: when this device already gave
    the code of this 30-second step (a second sign-in of the same test), wait for the next."""
    page.get_by_label(CODE_LABEL).wait_for()
    device.refresh_from_db()
    while device.last_t >= int((time.time() - device.t0) // device.step):
        time.sleep(1)
    page.get_by_label(CODE_LABEL).fill(code_of(device))
    page.get_by_role("button", name="Valider").click()


def sign_in(page, username: str, password: str) -> None:
    """The login page, then the code where the account's role requires one."""
    device = device_for_browser_login(username)
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        give_the_code(page, device)


def open_session(page, username: str) -> None:
    """Signed in without the login page, for the tests of other pages (the login page, its
    second step and the keyboard's path through them have tests of their own): a session
    opened for the account as the login service leaves it once every step is passed
    (``force_login``, which sends the same signal as a login), its cookie handed to the
    browser. Then the home page. It saves each test the login page, its code step and, for
    an account signing in twice in a test, the wait for the next 30-second code."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    page.goto("/api/v1/health/")  # the site's address, for the cookie (a small JSON answer)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "domain": urlsplit(page.url).hostname, "path": "/"}])
    page.goto("/")


def admin_sign_in(page, username: str, password: str) -> None:
    """The Django admin's login page: the password, then the code on its second page."""
    device = device_for_browser_login(username)
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit]").click()
    if device is not None:
        page.locator("#id_code").wait_for()
        device.refresh_from_db()
        while device.last_t >= int((time.time() - device.t0) // device.step):
            time.sleep(1)
        page.locator("#id_code").fill(code_of(device))
        page.locator("input[type=submit]").click()
