"""Mass assignment is refused: every write of the role matrix, sent by a role allowed to
make it, with extra fields that would move its result to another school, another author,
another pupil, or make the caller staff. The answer is the normal one or a 400 naming such a
field; and nothing anywhere points to those other objects afterwards that did not before.

Writable fields are an allow-list per input serializer (``fields = [...]``, never
``__all__``); this test proves it from the outside, for every write the router knows.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from preau.accounts.models import User
from preau.people.models import Person
from preau.schools.models import Classroom, School
from tests.contract.test_role_matrix import (  # noqa: F401
    MATRIX_NOW,
    WORLD_EXTRAS,
    _fixed_date_and_throwaway_media,
)
from tests.matrix import MATRIX, Row

pytestmark = pytest.mark.django_db
WORLD_NOW = MATRIX_NOW


@pytest.fixture
def world(world_of_module):
    """The world is built once for the module; each test gets its own copy and savepoint."""
    return world_of_module

FOREIGN_PK = 987_654_321


def _writes() -> list[tuple[Row, str, str | None]]:
    """(row, role, target key) for every unsafe row, with one role allowed to make it."""
    writes = []
    for row in MATRIX:
        if row.method == "GET":
            continue
        if row.kind == "detail":
            role, keys = next(((r, k) for r, k in sorted(row.writers.items()) if k),
                              (None, None))
            if role is not None:
                writes.append((row, role, sorted(keys)[0]))
        elif row.kind == "self" and row.writers:
            writes.append((row, sorted(row.writers)[0], None))
        elif row.kind == "self":
            writes.append((row, "guardian", None))
    return writes


WRITES = _writes()


def _poison(world) -> dict:
    """Fields naming objects of another département, another user, and staff flags."""
    school, classroom = world.schools["C"], world.classrooms["C1"]
    pupil, stranger = world.pupils["C1"], world.users["commune_other"]
    return {
        "school": school.pk, "school_id": school.pk, "classroom": classroom.pk,
        "classroom_id": classroom.pk, "pupil": pupil.pk, "pupil_id": pupil.pk,
        "person": pupil.pk, "author": stranger.pk, "author_id": stranger.pk,
        "created_by": stranger.pk, "sender": stranger.pk, "user": stranger.pk,
        "owner": stranger.pk, "is_staff": True, "is_superuser": True,
        "id": FOREIGN_PK, "pk": FOREIGN_PK, "created_at": "2001-01-01T00:00:00Z",
    }


def _references(world) -> dict[str, int]:
    """How many rows of every table point to the poison objects, or carry the poison pk."""
    targets = {School: world.schools["C"].pk, Classroom: world.classrooms["C1"].pk,
               Person: world.pupils["C1"].pk, User: world.users["commune_other"].pk}
    counts = {}
    for model in apps.get_models():
        manager = model._default_manager
        counts[f"{model._meta.label}.pk"] = manager.filter(pk=FOREIGN_PK).count()
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model in targets:
                label = f"{model._meta.label}.{field.name}"
                counts[label] = manager.filter(**{field.attname: targets[field.related_model]}
                                               ).count()
    counts["staff users"] = User.objects.filter(is_staff=True).count()
    counts["superusers"] = User.objects.filter(is_superuser=True).count()
    return counts


def test_every_write_of_the_matrix_is_checked():
    assert len(WRITES) >= 30
    assert {"homework:classroom-homework", "messaging:conversation-list",
            "attendance:roll-call-submit"} <= {row.name for row, _, _ in WRITES}


@pytest.mark.parametrize(("row", "role", "key"), WRITES,
                         ids=[f"{r.method} {r.name}" for r, _, _ in WRITES])
def test_extra_fields_never_change_what_a_write_touches(world, client_for, row, role, key):
    if row.prepare:
        row.prepare(world)
    kwargs = {row.kwarg: row.resolve(world, key).pk} if row.kind == "detail" else {}
    url = reverse(row.name, kwargs=kwargs)
    body = dict(row.body_for(world, key) or {})
    poison = {field: value for field, value in _poison(world).items() if field not in body}
    before = _references(world)

    method = getattr(client_for(role), row.method.lower())
    if row.multipart:
        response = method(url, {**body, **{k: str(v) for k, v in poison.items()}},
                          format="multipart")
    else:
        response = method(url, json.dumps({**body, **poison}),
                          content_type="application/json")

    if response.status_code == 400:
        named = set(response.json()["error"].get("fields", {}))
        assert named & set(poison), (row.name, response.content)
    else:
        assert response.status_code == row.ok_status, (row.name, response.content)
    after = _references(world)
    changed = {label: (before[label], after[label]) for label in before
               if before[label] != after[label]}
    assert changed == {}, row.name
