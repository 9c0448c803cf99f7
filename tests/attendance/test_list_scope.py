"""Each role lists exactly the absences and L131-8 cases of its scope (the world of
tests/world.py, one absence and one case per classroom)."""

from __future__ import annotations

import pytest

from preau.attendance.access import absences_visible_to, children_absences_visible_to
from preau.people.access import Purpose
from tests.attendance.scope import (
    ABSENCES_LISTED,
    AUTHENTICATED,
    CASES_LISTED,
    FAMILIES,
    everyone,
    with_attendance,
)

pytestmark = pytest.mark.django_db


def listed(world, client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    by_pk = {pupil.pk: key for key, pupil in world.pupils.items()}
    return {by_pk[item["pupil"]["id"]] for item in response.json()["results"]}


@pytest.mark.parametrize("role", AUTHENTICATED)
def test_each_role_lists_exactly_the_absences_and_cases_of_its_scope(world, client_for, role):
    with_attendance(world)
    client = client_for(role)

    assert listed(world, client, "/api/v1/attendance/absences/") == ABSENCES_LISTED[role]
    assert listed(world, client, "/api/v1/attendance/cases/") == CASES_LISTED[role]


@pytest.mark.parametrize("role", AUTHENTICATED)
def test_the_family_share_of_the_absences_is_one_s_children_s_only(world, role):
    """``children_absences_visible_to`` (the family home page): the absences of one's own
    children, none for staff, always among those ``absences_visible_to`` lets through."""
    with_attendance(world)
    user = world.user(role)
    by_pk = {pupil.pk: key for key, pupil in world.pupils.items()}
    children = children_absences_visible_to(user, purpose=Purpose.READ)
    visible = absences_visible_to(user, purpose=Purpose.READ)

    assert {by_pk[a.pupil_id] for a in children} == everyone(FAMILIES)[role]
    assert set(children.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))


def test_lists_need_a_login(api_client):
    assert api_client.get("/api/v1/attendance/absences/").status_code == 401
    assert api_client.get("/api/v1/attendance/cases/").status_code == 401
