"""Role-matrix rows of the digest: each login reaches its own (authority logins are read-only
and may not set one); the one-click unsubscription has no session, its token is the
credential (tests/notifications/test_digest.py)."""

from __future__ import annotations

from tests.matrix import Row

ROWS: list[Row] = [
    Row("notifications:digest", kind="self"),
    Row("notifications:digest", method="PUT", kind="self",
        body={"send_at": "18:00", "categories": []}),
    Row("notifications:unsubscribe", method="POST", kind="public", kwarg="token",
        resolve=lambda w, k: "inconnu"),
]
