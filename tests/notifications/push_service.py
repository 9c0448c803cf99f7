"""A push service of the suite (RFC 8030) and browsers' subscriptions to it.

``PushService`` listens on 127.0.0.1 and keeps each push it receives (path, headers, body);
it answers 201, or 410 for the subscriptions marked gone. ``Browser`` is what a browser holds
for its subscription — its P-256 key pair and its auth secret (RFC 8291) — and decrypts
what the service received with ``http_ece``, as the browser would. ``vapid_claims`` checks
the push's VAPID signature (RFC 8292) against a public key.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Push:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Browser:
    endpoint: str
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def subscription(self) -> dict:
        """What ``PushSubscription.toJSON()`` gives in the page."""
        point = self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(point),
                                                    "auth": b64url(self.auth)}}

    def read(self, push: Push) -> dict:
        """The payload, decrypted with the browser's own key (aes128gcm)."""
        assert push.headers["content-encoding"] == "aes128gcm"
        return json.loads(http_ece.decrypt(push.body, private_key=self.key,
                                           auth_secret=self.auth, version="aes128gcm"))


def vapid_claims(push: Push, application_server_key: str) -> dict:
    """The claims of the push's VAPID token, its ES256 signature checked with the key the
    browsers subscribed with (cryptography raises InvalidSignature otherwise)."""
    scheme, _, params = push.headers["authorization"].partition(" ")
    assert scheme.lower() == "vapid"
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    assert values["k"] == application_server_key
    header, claims, signature = values["t"].split(".")
    raw = unb64url(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(values["k"]))
    public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                       int.from_bytes(raw[32:], "big")),
                  f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(unb64url(claims))


class PushService:
    def __init__(self) -> None:
        self.pushes: list[Push] = []
        self.gone: set[str] = set()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.pushes.append(Push(self.path, {k.lower(): v for k, v in
                                                       self.headers.items()}, body))
                self.send_response(410 if self.path.rsplit("/", 1)[-1] in service.gone else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A short poll: shutdown() waits for it (half a second by default, at every test).
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={
            "poll_interval": 0.02}, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def browser(self, name: str) -> Browser:
        return Browser(endpoint=f"{self.origin}/push/{name}")

    def __enter__(self) -> PushService:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
