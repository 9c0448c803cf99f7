"""The WebSocket's Origin check: scheme, host and port compared exactly.

A browser sends ``Origin: <scheme>://<host>[:<port>]`` with every WebSocket handshake. The
socket is accepted only when that origin is, exactly:

- the socket's own origin: the scheme of the connection (``ws`` → ``http``, ``wss`` →
  ``https``; behind the proxy uvicorn takes it from ``X-Forwarded-Proto``) and the
  ``Host`` header, itself one of ``ALLOWED_HOSTS``; or
- one of ``CSRF_TRUSTED_ORIGINS`` (the origins the HTTP API trusts too), written in full.

Ports are compared after filling in the scheme's default (80, 443): ``https://a.example``
and ``https://a.example:443`` are the same origin, ``https://a.example:4443`` is not. An
origin that does not parse (``http://127.0.0.1:8301.evil.example``), carries a path or
credentials, or is missing is refused. Refusal happens before the handshake completes
(HTTP 403), as Channels' own validator does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}
SOCKET_TO_HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}

Origin = tuple[str, str, int]


def parse_origin(value: str) -> Origin | None:
    """``(scheme, host, port)`` of a serialised origin, or None if it is not one."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    return scheme, parts.hostname.lower(), port if port is not None else DEFAULT_PORTS[scheme]


def _header(scope: dict, name: bytes) -> str | None:
    for header_name, header_value in scope.get("headers", []):
        if header_name.lower() == name:
            return header_value.decode("latin1")
    return None


def own_origin(scope: dict) -> Origin | None:
    """The origin of the page that may open this socket: its scheme and its Host."""
    host = _header(scope, b"host")
    scheme = SOCKET_TO_HTTP_SCHEME.get(scope.get("scheme", "ws"))
    if not host or scheme is None:
        return None
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return parse_origin(f"{scheme}://{host}")


def allowed_origins(scope: dict) -> set[Origin]:
    origins = {parse_origin(origin) for origin in settings.CSRF_TRUSTED_ORIGINS}
    origins.add(own_origin(scope))
    origins.discard(None)
    return origins


def origin_allowed(scope: dict) -> bool:
    origin = _header(scope, b"origin")
    if origin is None:
        return False
    parsed = parse_origin(origin)
    return parsed is not None and parsed in allowed_origins(scope)


class ExactOriginValidator:
    """ASGI middleware: the WebSocket goes on only from an allowed origin (see above)."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("ExactOriginValidator guards WebSocket connections only")
        if origin_allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
