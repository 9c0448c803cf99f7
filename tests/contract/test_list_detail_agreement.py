"""List and detail agree, for every role: what a list shows, the detail gives (with the same
values); what the list hides, the detail answers 404.

Pairs are found by name: a list row ``x:thing-list`` and a detail row ``x:thing-detail`` of
the role matrix. A new pair is checked without being named here.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.contract.test_role_matrix import (  # noqa: F401 (the module world and fixture)
    MATRIX_NOW,
    WORLD_EXTRAS,
    _fixed_date_and_throwaway_media,
    call,
)
from tests.matrix import AUTHENTICATED, MATRIX, Row

pytestmark = pytest.mark.django_db
# The rows name dates of the 2026-2027 school year (as in the role-matrix test).
WORLD_NOW = MATRIX_NOW


@pytest.fixture
def world(world_of_module):
    """The world is built once for the module; each test gets its own copy and savepoint."""
    return world_of_module


def _pairs() -> list[tuple[Row, Row]]:
    details = {row.name: row for row in MATRIX if row.kind == "detail" and row.method == "GET"}
    return [(row, details[row.name.removesuffix("-list") + "-detail"]) for row in MATRIX
            if row.kind == "list" and row.method == "GET" and row.name.endswith("-list")
            and row.name.removesuffix("-list") + "-detail" in details]


PAIRS = _pairs()


def test_the_pairs_are_found():
    names = {list_row.name for list_row, _ in PAIRS}
    assert {"schools:school-list", "schools:classroom-list", "people:pupil-list",
            "messaging:conversation-list", "messaging:announcement-list"} <= names


def _same_values(listed: dict, detail: dict, path: str = "") -> list[str]:
    """Keys present in both answers whose values differ (nested objects compared too)."""
    differ = []
    for key in listed.keys() & detail.keys():
        a, b = listed[key], detail[key]
        if isinstance(a, dict) and isinstance(b, dict):
            differ += _same_values(a, b, f"{path}{key}.")
        elif not isinstance(a, dict | list) and not isinstance(b, dict | list) and a != b:
            differ.append(f"{path}{key}: {a!r} ≠ {b!r}")
    return differ


@pytest.mark.parametrize(("list_row", "detail_row"), PAIRS, ids=[p[0].name for p in PAIRS])
@pytest.mark.parametrize("role", AUTHENTICATED)
def test_list_and_detail_agree(world, client_for, role, list_row, detail_row):
    for row in (list_row, detail_row):
        if row.prepare:
            row.prepare(world)
    client = client_for(role)
    response = call(client, list_row, reverse(list_row.name), world)
    assert response.status_code == 200, response.content
    listed = {list_row.listed_key(world, item): item for item in response.json()["results"]}

    for label, key in detail_row.targets.items():
        target = detail_row.resolve(world, key)
        url = reverse(detail_row.name, kwargs={detail_row.kwarg: target.pk})
        detail = call(client, detail_row, url)
        if key in listed:
            assert detail.status_code == 200, (role, label, "listed, refused by detail")
            assert _same_values(listed[key], detail.json()) == [], (role, label)
        else:
            assert detail.status_code == 404, (role, label, "hidden from the list, given by detail")
