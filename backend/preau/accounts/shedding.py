"""Logins shed before Django: a surge must not slow the cheap requests of the same process.

When every password-check slot of the process is taken (``preau.accounts.gate``), a login
would be answered 503 anyway; answering it inside Django still costs a thread, the session
and authentication middlewares and their queries — during a surge of hundreds of logins a
second that work crowded out everything else, and ``csrf/`` took 4 s. This ASGI wrapper
answers such a login in the event loop, before Django sees it, with the same 503
``overloaded`` envelope and a spread ``Retry-After``. The gate inside the login service
still decides for the logins that get through.
"""

from __future__ import annotations

import json

from django.urls import reverse

from preau.accounts.gate import LoginOverloaded, login_slots_full, shed_retry_after


def overloaded_body() -> bytes:
    return json.dumps(
        {"error": {"code": LoginOverloaded.default_code,
                   "message": str(LoginOverloaded.default_detail), "fields": {}}},
        ensure_ascii=False,
    ).encode()


class ShedLoginsWhenFull:
    def __init__(self, app) -> None:
        self.app = app
        self._login_path: str | None = None

    def login_path(self) -> str:
        if self._login_path is None:
            self._login_path = reverse("accounts:login")
        return self._login_path

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] == "http" and scope["method"] == "POST"
                and scope["path"] == self.login_path() and login_slots_full()):
            body = overloaded_body()
            await send({
                "type": "http.response.start",
                "status": LoginOverloaded.status_code,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(shed_retry_after()).encode()),
                    (b"cache-control", b"no-store"),
                ],
            })
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
