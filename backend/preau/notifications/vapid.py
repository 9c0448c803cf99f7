"""The VAPID key that signs Préau's pushes (RFC 8292): ``PREAU_VAPID_PRIVATE_KEY``."""

from __future__ import annotations

import base64
from functools import cache

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from py_vapid import Vapid02


def push_enabled() -> bool:
    return bool(settings.PREAU_VAPID_PRIVATE_KEY)


@cache
def _vapid(private_key: str) -> Vapid02:
    if private_key.startswith("-----BEGIN"):
        return Vapid02.from_pem(private_key.encode())
    return Vapid02.from_string(private_key)


def vapid() -> Vapid02:
    return _vapid(settings.PREAU_VAPID_PRIVATE_KEY)


def application_server_key() -> str:
    """The public key, as a browser's push manager takes it to subscribe (base64url of the
    uncompressed point)."""
    raw = vapid().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subject() -> str:
    return settings.PREAU_VAPID_SUBJECT or f"mailto:{settings.DEFAULT_FROM_EMAIL}"
