"""Every endpoint × every role × own / same-school / other-school: nothing leaks, nothing changes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import AUTHENTICATED, MATRIX, Row
from tests.matrix import AUTHORITY_ROLES as MATRIX_AUTHORITY_ROLES
from tests.messaging.world import with_messaging
from tests.world import ROLES
from tests.writes import captured_writes

pytestmark = pytest.mark.django_db

UNSAFE_METHODS = ["post", "put", "patch", "delete"]


# Rows name dates of the 2026-2027 school year.
MATRIX_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


WORLD_NOW = MATRIX_NOW
# The messaging objects (conversations, notes, announcements, polls), made once for the
# module rather than by each of the ~500 tests whose row needs them (their ``prepare``,
# ``with_messaging``, then finds them there and adds nothing).
WORLD_EXTRAS = (with_messaging,)


@pytest.fixture
def world(world_of_module):
    """The world, built once for the module inside a transaction that is rolled back at its
    end (tests/conftest.py); each test runs in its own nested transaction (a savepoint),
    rolled back after it, on a copy of the world's objects: what a row's ``prepare`` adds
    to it, or a refreshed instance, does not outlive the test."""
    return world_of_module


@pytest.fixture(autouse=True)
def _fixed_date_and_throwaway_media(settings, module_media_root):
    """The matrix's date; uploads go to the module's temporary folder (with the module
    world's attachments)."""
    settings.MEDIA_ROOT = module_media_root
    with time_machine.travel(MATRIX_NOW):
        yield


AUTHORITY_ROLES = sorted(MATRIX_AUTHORITY_ROLES)
# Endpoints about the caller's own session, not school data.
SESSION_ENDPOINTS = {"accounts:login", "accounts:logout", "accounts:csrf", "health"}


def call(client, row: Row, url: str, world=None, key: str | None = None):
    method = getattr(client, row.method.lower())
    body = row.body_for(world, key)
    if row.method == "GET":
        return method(url, row.query(world) if row.query else None)
    return method(url, body or {}, format="multipart" if row.multipart else "json")


def _api_routes(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> list:
    """(namespaced name, view class) of every route under /api/v1/."""
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            namespace = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            routes += _api_routes(pattern, route, namespace)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            routes.append((f"{ns}{pattern.name}", pattern.callback.view_class))
    return routes


def test_every_api_route_has_a_row_in_the_role_matrix():
    rows = {(row.name, row.method.lower()) for row in MATRIX}
    missing = []
    for name, view_class in _api_routes():
        for method in ["get", *UNSAFE_METHODS]:
            if hasattr(view_class, method) and (name, method) not in rows:
                missing.append(f"{method.upper()} {name}")
    assert not missing, f"routes without a role-matrix row: {missing}"


@pytest.mark.parametrize("row", [r for r in MATRIX if r.kind == "detail"], ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_detail_endpoints_answer_only_within_the_role_scope(world, client_for, role, row):
    if row.prepare:
        row.prepare(world)
    client = client_for(role)
    for label, key in row.targets.items():
        url = reverse(row.name, kwargs={row.kwarg: row.resolve(world, key).pk})
        with captured_writes() as writes:
            response = call(client, row, url, world, key)
        expected = row.expected_status(role, key)
        assert response.status_code == expected, (role, label, response.content)
        if expected == 404:
            assert response.json()["error"]["code"] == "not_found"
        if response.status_code >= 400:
            assert writes == [], (role, label)


@pytest.mark.parametrize("row", [r for r in MATRIX if r.kind == "list"], ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_exactly_the_role_scope(world, client_for, role, row):
    if row.prepare:
        row.prepare(world)
    client = client_for(role)
    with captured_writes() as writes:
        response = call(client, row, reverse(row.name), world)
    if role == "anonymous":
        assert response.status_code == 401
        assert writes == []
        return
    assert response.status_code == 200, response.content
    listed = {row.listed_key(world, item) for item in response.json()["results"]}
    assert listed == row.seen.get(role, set())


@pytest.mark.parametrize("row", [r for r in MATRIX if r.kind == "self"], ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_self_endpoints_need_a_login(world, client_for, role, row):
    if row.prepare:
        row.prepare(world)
    client = client_for(role)
    with captured_writes() as writes:
        response = call(client, row, reverse(row.name), world)
    expected = row.expected_self_status(role)
    assert response.status_code == expected, (role, response.content)
    if expected >= 400:
        assert writes == []


@pytest.mark.parametrize("row", [r for r in MATRIX if r.kind == "public"], ids=lambda r: r.name)
@pytest.mark.parametrize("role", ["anonymous", *AUTHENTICATED])
def test_public_endpoints_never_fail_on_the_server(world, client_for, role, row):
    kwargs = {row.kwarg: row.resolve(world, None)} if row.kwarg else {}
    response = call(client_for(role), row, reverse(row.name, kwargs=kwargs), world)
    assert response.status_code < 500


# The only routes where an authority role writes. Their own account (second factor,
# sessions) and messages to the directors of their scope are not school data; the one write
# on school data is the DASEN's entry of the département's holidays for a school year the
# ministry has not published (docs/authority.md) — a deliberate exception to read-only,
# scoped in its row of tests/schools/matrix_rows.py (own département only).
AUTHORITY_WRITABLE_ROUTES = {
    "accounts:me-otp", "accounts:me-otp-confirm", "accounts:me-session-detail",
    "accounts:me-sessions-end-others", "accounts:me-passkey-register-begin",
    "accounts:me-passkey-register-complete", "accounts:me-passkey-detail",
    "messaging:conversation-detail", "messaging:conversation-list",
    "messaging:conversation-read", "messaging:message-list", "messaging:quiet-hours",
    "schools:departement-holidays",
}


def test_authority_roles_write_only_where_this_list_says():
    writable = {name for name, view_class in _api_routes()
                if getattr(view_class, "authority_may_write", False)}
    assert writable == AUTHORITY_WRITABLE_ROUTES


@pytest.mark.parametrize("role", AUTHORITY_ROLES)
def test_authority_roles_get_only_safe_methods(world, client_for, role):
    client = client_for(role)
    for name, view_class in _api_routes():
        if name in SESSION_ENDPOINTS or getattr(view_class, "authority_may_write", False):
            continue
        row = next(r for r in MATRIX if r.name == name)
        if row.kind == "public":
            continue
        if row.prepare:
            row.prepare(world)
        target = next(iter(row.targets.values()), None)
        kwargs = {row.kwarg: row.resolve(world, target).pk} if row.kwarg else {}
        url = reverse(name, kwargs=kwargs)
        for method in UNSAFE_METHODS:
            with captured_writes() as writes:
                response = getattr(client, method)(url, {}, format="json")
            assert response.status_code in {403, 404, 405}, (name, method, response.status_code)
            assert writes == [], (name, method)
