"""Every endpoint × every role × own / same-school / other-school: nothing leaks, nothing changes."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import AUTHENTICATED, MATRIX, Row
from tests.matrix import AUTHORITY_ROLES as MATRIX_AUTHORITY_ROLES
from tests.world import ROLES

pytestmark = pytest.mark.django_db

UNSAFE_METHODS = ["post", "put", "patch", "delete"]


@pytest.fixture(autouse=True)
def _fixed_date_and_throwaway_media(settings, tmp_path):
    """Rows name dates of the 2026-2027 school year; uploads go to a temporary folder."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))):
        yield
AUTHORITY_ROLES = sorted(MATRIX_AUTHORITY_ROLES)
# Endpoints about the caller's own session, not school data.
SESSION_ENDPOINTS = {"accounts:login", "accounts:logout", "accounts:csrf", "health"}


class DatabaseFingerprint(dict):
    """Every row of every table, hashed per table; equal fingerprints, unchanged data."""

    def __eq__(self, other) -> bool:
        changed = [label for label in self if self[label] != other.get(label)]
        assert not changed, f"tables changed: {changed}"
        return True

    __hash__ = None


# A refusal is written to the audit log (and a login by ``client_for``): that is the one
# change a denied request makes, asserted in tests/audit; every other table must be unchanged.
UNFINGERPRINTED_APPS = {"audit"}
# Any request may record the session's last use (idle timeout): not a side effect.
BOOKKEEPING_TABLES = {"sessions.Session"}


def database_fingerprint() -> DatabaseFingerprint:
    fingerprint = DatabaseFingerprint()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if (model._meta.app_label in UNFINGERPRINTED_APPS
                or model._meta.label in BOOKKEEPING_TABLES):
            continue
        rows = model._default_manager.order_by("pk").values_list()
        fingerprint[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return fingerprint


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
        before = database_fingerprint()
        response = call(client, row, url, world, key)
        expected = row.expected_status(role, key)
        assert response.status_code == expected, (role, label, response.content)
        if expected == 404:
            assert response.json()["error"]["code"] == "not_found"
        if response.status_code >= 400:
            assert database_fingerprint() == before, (role, label)


@pytest.mark.parametrize("row", [r for r in MATRIX if r.kind == "list"], ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_exactly_the_role_scope(world, client_for, role, row):
    if row.prepare:
        row.prepare(world)
    client = client_for(role)
    before = database_fingerprint()
    response = call(client, row, reverse(row.name), world)
    if role == "anonymous":
        assert response.status_code == 401
        assert database_fingerprint() == before
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
    before = database_fingerprint()
    response = call(client, row, reverse(row.name), world)
    expected = row.expected_self_status(role)
    assert response.status_code == expected, (role, response.content)
    if expected >= 400:
        assert database_fingerprint() == before


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
    "accounts:me-sessions-end-others",
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
            before = database_fingerprint()
            response = getattr(client, method)(url, {}, format="json")
            assert response.status_code in {403, 404, 405}, (name, method, response.status_code)
            assert database_fingerprint() == before
