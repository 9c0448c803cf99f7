"""Strictly read-only: every authority URL answers 405 to every non-safe method, for every
role (anonymous included), and nothing in the database changes."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.matrix import MATRIX
from tests.world import ROLES
from tests.writes import captured_writes

pytestmark = pytest.mark.django_db

UNSAFE = ["post", "put", "patch", "delete"]
ROWS = [row for row in MATRIX if row.name.startswith("authority:")]


def authority_url_names() -> list[str]:
    resolver = get_resolver()
    (authority,) = [p for p in resolver.url_patterns if str(p.pattern) == "api/v1/"]
    (app,) = [p for p in authority.url_patterns if getattr(p, "namespace", "") == "authority"]
    return [f"authority:{p.name}" for p in app.url_patterns if isinstance(p, URLPattern)]


def test_every_authority_route_has_a_matrix_row():
    assert set(authority_url_names()) == {row.name for row in ROWS}
    assert len(authority_url_names()) == 17


def _url(world, name: str) -> str:
    row = next(r for r in ROWS if r.name == name)
    if row.prepare:
        row.prepare(world)
    if not row.kwarg:
        return reverse(name)
    return reverse(name, kwargs={row.kwarg: row.resolve(world, next(iter(row.targets.values()))).pk})


@pytest.mark.parametrize("role", ROLES)
def test_every_non_safe_method_is_405_on_every_authority_url(world, client_for, role):
    client = client_for(role)
    urls = [_url(world, name) for name in authority_url_names()]
    with captured_writes() as writes:
        for url in urls:
            for method in UNSAFE:
                response = getattr(client, method)(url, {"anything": 1}, format="json")
                assert response.status_code == 405, (role, method, url, response.status_code)
                assert response.json()["error"]["code"] == "method_not_allowed"
    assert writes == []


def test_head_and_options_are_answered(world, client_for):
    client = client_for("dasen")
    for name in authority_url_names():
        url = _url(world, name)
        assert client.head(url).status_code == 200, url
        assert client.options(url).status_code == 200, url
