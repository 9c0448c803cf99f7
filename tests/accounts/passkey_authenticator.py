"""A software WebAuthn authenticator for the API tests: it answers ``create`` and ``get``
as a platform authenticator would (an ECDSA P-256 key, "none" attestation, a signature
counter), so that the server's checks run on real signatures. The browser tests use
Chromium's own virtual authenticator (tests/e2e/test_passkeys.py)."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass, field

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Passkey:
    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    sign_count: int = 0


@dataclass
class SoftAuthenticator:
    """Keys it made, by credential id. ``origin`` is the page's origin the browser would
    write in the client data (a phishing site's, for the refusal tests)."""

    origin: str = "http://localhost:8000"
    passkeys: dict[bytes, Passkey] = field(default_factory=dict)

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge,
                           "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def create(self, options: dict, *, origin: str | None = None) -> dict:
        """``navigator.credentials.create`` with the server's options (JSON form)."""
        rp_id = options["rp"]["id"]
        key = ec.generate_private_key(ec.SECP256R1())
        numbers = key.public_key().public_numbers()
        cose = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                            -3: numbers.y.to_bytes(32, "big")})
        credential_id = os.urandom(32)
        passkey = Passkey(credential_id=credential_id, private_key=key, rp_id=rp_id,
                          user_handle=unb64url(options["user"]["id"]))
        self.passkeys[credential_id] = passkey
        auth_data = (hashlib.sha256(rp_id.encode()).digest() + bytes([UP | UV | AT])
                     + struct.pack(">I", 0) + bytes(16)
                     + struct.pack(">H", len(credential_id)) + credential_id + cose)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {"id": b64url(credential_id), "rawId": b64url(credential_id),
                "type": "public-key", "authenticatorAttachment": "platform",
                "clientExtensionResults": {"credProps": {"rk": True}},
                "response": {"clientDataJSON": b64url(client_data),
                             "attestationObject": b64url(attestation),
                             "transports": ["internal"]}}

    def get(self, options: dict, *, origin: str | None = None,
            passkey: Passkey | None = None, verified: bool = True) -> dict:
        """``navigator.credentials.get``: the first allowed passkey it holds signs (with no
        list, a discoverable one: the first it holds). ``verified``: the person gave the
        device's PIN or fingerprint (the UV flag)."""
        if passkey is None:
            allowed = [unb64url(item["id"]) for item in options.get("allowCredentials", [])]
            passkey = (next(self.passkeys[i] for i in allowed if i in self.passkeys)
                       if allowed else next(iter(self.passkeys.values())))
        passkey.sign_count += 1
        flags = UP | UV if verified else UP
        auth_data = (hashlib.sha256(passkey.rp_id.encode()).digest() + bytes([flags])
                     + struct.pack(">I", passkey.sign_count))
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = passkey.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {"id": b64url(passkey.credential_id), "rawId": b64url(passkey.credential_id),
                "type": "public-key", "authenticatorAttachment": "platform",
                "clientExtensionResults": {},
                "response": {"clientDataJSON": b64url(client_data),
                             "authenticatorData": b64url(auth_data),
                             "signature": b64url(signature),
                             "userHandle": b64url(passkey.user_handle)}}
