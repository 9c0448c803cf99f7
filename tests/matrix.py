"""The role matrix: every API endpoint × every role × own / same-school / other-school object.

Later issues extend it by adding rows to ``MATRIX``. A row says, for each role, which
targets it may reach (detail rows) or see listed (list rows); everything else must be
refused (401 anonymous, 404 not visible, 403/405 not allowed) with the database unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.world import ROLES, World

AUTHENTICATED = [role for role in ROLES if role != "anonymous"]

# Who sees what in the world of tests/world.py (targets named by their world key).
SCHOOLS_SEEN = {
    "pupil": {"A"}, "guardian": {"A"}, "guardian_other": {"A"},
    "teacher": {"A"}, "teacher_other": {"A"},
    "director": {"A"}, "director_other": {"B"},
    "commune": {"A"}, "commune_other": {"B"},
    "inspector": {"A"}, "inspector_other": {"B"},
    "dasen": {"A", "B"},
}
CLASSROOMS_SEEN = {
    "pupil": {"A1"}, "guardian": {"A1"}, "guardian_other": {"A2"},
    "teacher": {"A1"}, "teacher_other": {"A2"},
    "director": {"A1", "A2"}, "director_other": {"B1"},
    "commune": {"A1", "A2"}, "commune_other": {"B1"},
    "inspector": {"A1", "A2"}, "inspector_other": {"B1"},
    "dasen": {"A1", "A2", "B1"},
}
PUPILS_SEEN = CLASSROOMS_SEEN  # pupils are keyed by their classroom in the world


@dataclass(frozen=True)
class Row:
    """One endpoint. ``targets`` maps a target label to the world key it reaches."""

    name: str  # URL name, "namespace:name"
    method: str = "GET"
    kind: str = "detail"  # "detail", "list", "self" (about the viewer) or "public"
    kwarg: str | None = None
    resolve: Callable[[World, str], Any] | None = None  # world key → object with .pk
    targets: dict[str, str] = field(default_factory=dict)  # own / same_school / other_school
    seen: dict[str, set[str]] = field(default_factory=dict)  # role → world keys
    listed_key: Callable[[World, dict], str] | None = None  # list item → world key
    body: dict | None = None


def _by_pk(objects: dict[str, Any], pk: int) -> str:
    return next(key for key, obj in objects.items() if obj.pk == pk)


MATRIX: list[Row] = [
    Row("health", kind="public"),
    Row("accounts:csrf", kind="public"),
    Row("accounts:login", method="POST", kind="public",
        body={"username": "nobody", "password": "wrong"}),
    Row("accounts:logout", method="POST", kind="public"),
    Row("accounts:me", kind="self"),
    Row(
        "schools:school-list", kind="list", seen=SCHOOLS_SEEN,
        listed_key=lambda w, item: _by_pk(w.schools, item["id"]),
    ),
    Row(
        "schools:school-detail", kwarg="school_id",
        resolve=lambda w, key: w.schools[key],
        targets={"own": "A", "other_school": "B", "other_departement": "C"},
        seen=SCHOOLS_SEEN,
    ),
    Row(
        "schools:classroom-list", kind="list", seen=CLASSROOMS_SEEN,
        listed_key=lambda w, item: _by_pk(w.classrooms, item["id"]),
    ),
    Row(
        "schools:classroom-detail", kwarg="classroom_id",
        resolve=lambda w, key: w.classrooms[key],
        targets={"own": "A1", "same_school": "A2", "other_school": "B1",
                 "other_departement": "C1"},
        seen=CLASSROOMS_SEEN,
    ),
    Row(
        "people:pupil-list", kind="list", seen=PUPILS_SEEN,
        listed_key=lambda w, item: _by_pk(w.pupils, item["id"]),
    ),
    Row(
        "people:pupil-detail", kwarg="pupil_id",
        resolve=lambda w, key: w.pupils[key],
        targets={"own": "A1", "same_school": "A2", "other_school": "B1",
                 "other_departement": "C1"},
        seen=PUPILS_SEEN,
    ),
    Row(
        "people:person-detail", kwarg="person_id",
        resolve=lambda w, key: w.pupils[key],
        targets={"own": "A1", "same_school": "A2", "other_school": "B1",
                 "other_departement": "C1"},
        seen=PUPILS_SEEN,
    ),
]
