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
AUTHORITY_ROLES = {"commune", "commune_other", "inspector", "inspector_other", "dasen"}

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
# Pupils are keyed by their classroom in the world. A commune reaches pupils only through
# the R131-3 list (authority:school-pupils), never through the people API.
PUPILS_SEEN = {role: keys for role, keys in CLASSROOMS_SEEN.items()
               if role not in {"commune", "commune_other"}}


@dataclass(frozen=True)
class Row:
    """One endpoint and method.

    - ``kind``: "detail" (one object per target), "list", "self" (about the viewer) or
      "public".
    - ``targets`` maps a label (own / same_school / other_school / …) to a world key that
      ``resolve(world, key)`` turns into the object whose pk goes in ``kwarg``.
    - ``seen``: role → world keys the role may read (a GET answers 200, else 404).
    - ``writers``: for unsafe methods, role → world keys the role may change (answers
      ``ok_status``); a role that sees the object but may not change it gets 403, one that
      does not see it gets 404 — and the database is unchanged. For "self" rows,
      ``refused`` names the roles refused otherwise than by 403 (a rule answering 400).
    - ``prepare(world)`` adds what the row needs to the world (``world.extra``) first.
    - ``body(world)`` / ``query(world)``: the request body and query parameters.
    """

    name: str  # URL name, "namespace:name"
    method: str = "GET"
    kind: str = "detail"
    kwarg: str | None = None
    resolve: Callable[[World, str], Any] | None = None
    targets: dict[str, str] = field(default_factory=dict)
    seen: dict[str, set[str]] = field(default_factory=dict)
    writers: dict[str, set[str]] = field(default_factory=dict)
    ok_status: int = 200
    listed_key: Callable[[World, dict], str] | None = None
    prepare: Callable[[World], None] | None = None
    body: dict | Callable[[World, str | None], dict] | None = None
    query: Callable[[World], dict] | None = None
    authority_may_write: bool = False
    multipart: bool = False
    # "self" rows: role → the status of a refusal other than 403 (a rule of the service
    # refusing the write, as a 400 naming the reason).
    refused: dict[str, int] = field(default_factory=dict)

    def body_for(self, world: World, key: str | None = None) -> dict | None:
        return self.body(world, key) if callable(self.body) else self.body

    def expected_status(self, role: str, key: str) -> int:
        if role == "anonymous":
            return 401
        if self.method == "GET":
            return self.ok_status if key in self.seen.get(role, set()) else 404
        if role in AUTHORITY_ROLES and not self.authority_may_write:
            return 403  # read-only accounts are refused before any lookup
        if key in self.writers.get(role, set()):
            return self.ok_status
        return 403 if key in self.seen.get(role, set()) else 404

    def expected_self_status(self, role: str) -> int:
        """For rows about the viewer: writers, when listed, are the roles allowed."""
        if role == "anonymous":
            return 401
        if self.method != "GET" and role in AUTHORITY_ROLES and not self.authority_may_write:
            return 403
        if self.writers and role not in self.writers:
            return self.refused.get(role, 403)
        return self.ok_status


def _guardian_without_account(world: World) -> None:
    """School A's families all have logins in the world: add a guardian who has none (and
    one to school C, whose pupil has no guardian)."""
    if "guardian_without_account" not in world.extra:
        from tests.factories import GuardianshipFactory, PersonFactory

        guardian = PersonFactory(first_name="Nadia", last_name="Martin")
        GuardianshipFactory(guardian=guardian, pupil=world.pupils["A1"])
        world.extra["guardian_without_account"] = guardian
        # School C's only pupil has no guardian yet: give it one without a login too.
        GuardianshipFactory(guardian=PersonFactory(first_name="Yann", last_name="Robert"),
                            pupil=world.pupils["C1"])


def _by_pk(objects: dict[str, Any], pk: int) -> str:
    return next(key for key, obj in objects.items() if obj.pk == pk)


FOUNDATION_ROWS: list[Row] = [
    Row("health", kind="public"),
    Row("accounts:csrf", kind="public"),
    Row("accounts:login", method="POST", kind="public",
        body={"username": "nobody", "password": "wrong"}),
    Row("accounts:logout", method="POST", kind="public"),
    Row("accounts:me", kind="self"),
    Row("accounts:me-export", kind="self"),
    Row("accounts:activate", method="POST", kind="public",
        body={"code": "AAAA-BBBB-CCCC-DDDD", "username": "nouveau", "password": "x"}),
    Row(
        "invitations:letters", method="POST", kwarg="school_id",
        resolve=lambda w, key: w.schools[key],
        targets={"own": "A", "other_school": "B", "other_departement": "C"},
        seen=SCHOOLS_SEEN,
        writers={"director": {"A"}, "director_other": {"B"}, "operator": {"A", "B", "C"}},
        prepare=lambda w: _guardian_without_account(w),
    ),
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
        "schools:school-staff", kwarg="school_id",
        resolve=lambda w, key: w.schools[key],
        targets={"own": "A", "other_school": "B", "other_departement": "C"},
        seen={"teacher": {"A"}, "teacher_other": {"A"}, "director": {"A"},
              "director_other": {"B"}},
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


def _app_rows() -> list[Row]:
    from tests.accounts.matrix_rows import ROWS as ACCOUNTS_ROWS
    from tests.attendance.matrix_rows import ROWS as ATTENDANCE_ROWS
    from tests.audit.matrix_rows import ROWS as AUDIT_ROWS
    from tests.authority.matrix_rows import ROWS as AUTHORITY_ROWS
    from tests.class_cards.matrix_rows import ROWS as CLASS_CARDS_ROWS
    from tests.federation.matrix_rows import ROWS as FEDERATION_ROWS
    from tests.federation.oidc_matrix_rows import ROWS as OIDC_ROWS
    from tests.homework.matrix_rows import ROWS as HOMEWORK_ROWS
    from tests.imports.matrix_rows import ROWS as IMPORT_ROWS
    from tests.livret.lsu_matrix_rows import ROWS as LIVRET_LSU_ROWS
    from tests.livret.matrix_rows import ROWS as LIVRET_ROWS
    from tests.livret.matrix_rows_bilans import ROWS as LIVRET_BILAN_ROWS
    from tests.messaging.matrix_rows import ROWS as MESSAGING_ROWS
    from tests.notifications.matrix_rows import ROWS as NOTIFICATIONS_ROWS
    from tests.pupil_record.matrix_rows import ROWS as PUPIL_RECORD_ROWS
    from tests.safety.matrix_rows import ROWS as SAFETY_ROWS
    from tests.schools.matrix_rows import ROWS as SCHOOLS_ROWS
    from tests.timetable.matrix_rows import ROWS as TIMETABLE_ROWS
    from tests.today.matrix_rows import ROWS as TODAY_ROWS

    return [*TIMETABLE_ROWS, *HOMEWORK_ROWS, *ATTENDANCE_ROWS, *MESSAGING_ROWS, *IMPORT_ROWS,
            *AUTHORITY_ROWS, *AUDIT_ROWS, *ACCOUNTS_ROWS, *SCHOOLS_ROWS, *LIVRET_ROWS,
            *LIVRET_LSU_ROWS, *LIVRET_BILAN_ROWS, *TODAY_ROWS, *PUPIL_RECORD_ROWS,
            *NOTIFICATIONS_ROWS, *SAFETY_ROWS, *CLASS_CARDS_ROWS, *FEDERATION_ROWS,
            *OIDC_ROWS]


MATRIX: list[Row] = [*FOUNDATION_ROWS, *_app_rows()]
