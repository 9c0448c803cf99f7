"""Schemathesis against the committed OpenAPI schema, in process, as every role of the world.

The schema is ``backend/openapi/schema.yaml`` (what the frontend client is generated from),
the application is ``config.wsgi.application``. Path parameters are drawn from the objects of
the seeded world (tests/world.py and the role-matrix rows' ``prepare``), the object the role
may reach first, so that most cases reach a view instead of a 404.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import schemathesis
import yaml
from django.conf import settings as django_settings
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from preau.accounts import session_policy
from tests.matrix import MATRIX
from tests.world import World

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "backend" / "openapi" / "schema.yaml"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# One of each kind of account: the world's roles and an operator (staff, no school role).
FUZZ_ROLES = [
    "anonymous", "pupil", "guardian", "teacher", "director",
    "commune", "inspector", "dasen", "operator",
]
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # any 32 characters: cookie and header agree
# Login and activation count failures per account and client address: fuzzing them would
# only measure the lock-out. They are fuzzed, with the rest, as anonymous.
SESSION_OPERATIONS = {"/api/v1/accounts/login/", "/api/v1/accounts/logout/",
                      "/api/v1/accounts/activate/"}
_PLACEHOLDER = 987654321
# Hostile cases every operation gets (tests/fuzz/test_hostile.py): JSON nested far past
# Python's recursion limit, and the last day of the calendar in every date it takes.
NESTED_BODIES = {"brackets": b"[" * 100_000, "objects": b'{"a":' * 5_000}
FAR_DATE = "9999-12-31"


def load_schema():
    from config.wsgi import application

    schema = schemathesis.openapi.from_path(SCHEMA_PATH)
    schema.app = application
    return schema


def add_operator(world: World) -> None:
    from tests.factories import UserFactory

    world.users["operator"] = UserFactory(username="operator", person=None, is_staff=True)


# The world's objects are dated in the 2026-2027 school year: the fuzz runs on this day.
FUZZ_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def prepare_world(world: World) -> None:
    """Every matrix row's objects (homework, conversations, roll calls, feeds, …).

    Rows may reuse a key of ``world.extra`` for their own objects, so each row's ids are
    read right after its ``prepare``, into ``world.extra["fuzz_ids"]``:
    (path template, parameter) → {world key: id}.
    """
    ids: dict[tuple[str, str], dict[str, Any]] = {}
    for row in MATRIX:
        if row.prepare:
            row.prepare(world)
        if not (row.kwarg and row.resolve and row.targets):
            continue
        template = _template(row)
        if template is None:
            continue
        found = ids.setdefault((template, row.kwarg), {})
        for key in row.targets.values():
            try:
                obj = row.resolve(world, key)
            except (KeyError, AttributeError):
                continue  # another row's objects: that row lists them
            found.setdefault(key, getattr(obj, "pk", obj))
    world.extra["fuzz_ids"] = ids
    world.extra["fuzz_reach"] = _reach()
    add_operator(world)


def _reach() -> dict[tuple[str, str], dict[str, set[str]]]:
    """(path template, parameter) → role → world keys it may read or change."""
    reach: dict[tuple[str, str], dict[str, set[str]]] = {}
    for row in MATRIX:
        if not (row.kwarg and row.targets):
            continue
        template = _template(row)
        if template is None:
            continue
        roles = reach.setdefault((template, row.kwarg), {})
        for role, keys in [*row.seen.items(), *row.writers.items()]:
            roles.setdefault(role, set()).update(keys)
    return reach


def _template(row) -> str | None:
    """The row's URL with ``{kwarg}`` in place of the id, as the schema writes it."""
    for value in (_PLACEHOLDER, str(_PLACEHOLDER)):
        try:
            url = reverse(row.name, kwargs={row.kwarg: value})
        except NoReverseMatch:
            continue
        return url.replace(str(_PLACEHOLDER), f"{{{row.kwarg}}}")
    return None


def path_values(world: World, role: str) -> dict[tuple[str, str], list[Any]]:
    """(path template, parameter) → ids of the world, the ones ``role`` reaches first."""
    values = {}
    for place, by_key in world.extra["fuzz_ids"].items():
        reachable = world.extra["fuzz_reach"].get(place, {}).get(role, set())
        keys = sorted(by_key, key=lambda key: (key not in reachable, key))
        values[place] = list(dict.fromkeys(by_key[key] for key in keys))
    return values


def session_cookies(world: World, role: str) -> dict[str, str]:
    cookies = {"csrftoken": CSRF_TOKEN}
    user = world.user(role)
    if user is not None:
        client = Client()
        client.force_login(user)
        key = client.cookies["sessionid"].value
        # Signed in with every step passed, as the login leaves a session once its code or
        # passkey is given: the matrix rows' objects give each account a passkey, and a bare
        # login of an account with a second factor is no signed-in user (session_policy).
        session = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key)
        session[session_policy.STEPS_PASSED_KEY] = user.pk
        session.save()
        cookies["sessionid"] = key
    return cookies


@dataclass
class Report:
    role: str
    cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    per_operation: Counter = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def reached(self) -> float:
        """Share of answers that are not a 404."""
        return 1 - self.statuses[404] / self.cases if self.cases else 0.0

    def summary(self) -> str:
        codes = " ".join(f"{code}:{n}" for code, n in sorted(self.statuses.items()))
        return (f"{self.role}: {len(self.per_operation)} operations, {self.cases} cases, "
                f"{len(self.failures)} failing operations, {self.reached:.0%} not 404, "
                f"{self.seconds:.0f} s [{codes}]")


def operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


def fuzz_role(schema, world: World, role: str, max_examples: int, *,
              far_dates: bool = False) -> Report:
    """Every operation of the schema, ``max_examples`` cases each, as ``role``; with
    ``far_dates``, the last day of the calendar in each date it takes."""
    report = Report(role)
    started = time.monotonic()
    cookies = session_cookies(world, role)
    headers = {"X-CSRFToken": CSRF_TOKEN}
    values = path_values(world, role)
    for operation in operations(schema):
        if role != "anonymous" and operation.path in SESSION_OPERATIONS:
            continue
        fuzz_operation(operation, report, cookies, headers, values, max_examples,
                       far_dates=far_dates)
    report.seconds = time.monotonic() - started
    return report


_STRATEGIES: dict[str, Any] = {}


def case_strategy(operation):
    """Built once per operation, shared by the roles (building it is the slow part)."""
    if operation.label not in _STRATEGIES:
        _STRATEGIES[operation.label] = operation.as_strategy()
    return _STRATEGIES[operation.label]


_DRAWN: dict[tuple[str, int], list[dict]] = {}


def drawn_cases(operation, max_examples: int) -> list[dict]:
    """The operation's cases, drawn once and sent as every role: Hypothesis draws them
    derandomized (the same cases for every role, run after run), and drawing was about
    40 % of a role's fuzzing time (cProfile of one role: 18 of 45 s). What each case holds,
    without its path parameters: those are the role's (``fuzz_operation``)."""
    key = (operation.label, max_examples)
    if key not in _DRAWN:
        found: list[dict] = []

        @given(case=case_strategy(operation))
        @settings(
            max_examples=max_examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def draw(case):
            found.append({
                "path_parameters": dict(case.path_parameters or {}),
                "headers": dict(case.headers or {}),
                "cookies": dict(case.cookies or {}),
                "query": case.query,
                "body": case.body,
                "media_type": case.media_type,
                "multipart_content_types": case.multipart_content_types,
            })

        draw()
        _DRAWN[key] = found
    return _DRAWN[key]


def fuzz_operation(operation, report: Report, cookies, headers, values, max_examples,
                   *, far_dates: bool = False) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    query_dates, body_dates = date_fields(operation) if far_dates else ((), ())
    if far_dates and not (query_dates or body_dates):
        return
    full_path = operation.schema.get_full_path(operation.path)
    path_ids = {
        param.name: values.get((full_path, param.name), [])
        for param in operation.path_parameters
    }
    for index, drawn in enumerate(drawn_cases(operation, max_examples)):
        if label in report.failures:
            return
        # The role's objects in turn, so that most cases reach a view instead of a 404.
        ids = {name: pool[index % len(pool)] for name, pool in path_ids.items() if pool}
        # A new case each time; the far dates below replace its query and body, never edit
        # the drawn ones, which every role sends.
        case = operation.Case(**{**drawn, "path_parameters": {**drawn["path_parameters"],
                                                              **ids}})
        if query_dates:
            case.query = {**(case.query or {}), **dict.fromkeys(query_dates, FAR_DATE)}
        if body_dates and isinstance(case.body, dict):
            case.body = {**case.body, **dict.fromkeys(body_dates, FAR_DATE)}
        try:
            response = case.call(headers=headers, cookies=cookies)
        except Exception as exc:  # the app raised instead of answering
            report.failures[label] = f"{type(exc).__name__}: {exc}"
            return
        report.cases += 1
        report.per_operation[label] += 1
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except BaseException as exc:  # schemathesis' FailureGroup is a BaseExceptionGroup
            if not isinstance(exc, Exception | BaseExceptionGroup):
                raise
            report.failures[label] = f"{response.status_code} {str(exc)[:1500]}"


def examples_per_operation(default: int) -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", default))


def stateful_examples(default: int) -> int:
    return int(os.environ.get("FUZZ_STATEFUL_EXAMPLES", default))


def _raw_schema() -> dict:
    if "raw" not in _STRATEGIES:
        _STRATEGIES["raw"] = yaml.safe_load(SCHEMA_PATH.read_text())
    return _STRATEGIES["raw"]


def node_ref_parts(ref: str) -> list[str]:
    return ref.lstrip("#/").split("/")


def resolve(node: dict) -> dict:
    """A schema node with its ``$ref`` followed (components of the committed schema)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        target: Any = _raw_schema()
        for part in node_ref_parts(node["$ref"]):
            target = target[part]
        node, seen = target, seen + 1
    return node


def _is_date(schema: dict) -> bool:
    schema = resolve(schema)
    if schema.get("format") == "date":
        return True
    return any(_is_date(option) for option in schema.get("allOf", []) + schema.get("oneOf", []))


def date_fields(operation) -> tuple[list[str], list[str]]:
    """The operation's query parameters and top-level JSON body fields that take a date."""
    raw = _raw_schema()["paths"][operation.schema.get_full_path(operation.path)]
    spec = raw[operation.method.lower()]
    query = [param["name"] for param in map(resolve, spec.get("parameters", []))
             if param.get("in") == "query" and _is_date(param.get("schema", {}))]
    body: list[str] = []
    for media, content in spec.get("requestBody", {}).get("content", {}).items():
        if "json" in media:
            properties = resolve(content.get("schema", {})).get("properties", {})
            body = [name for name, schema in properties.items() if _is_date(schema)]
    return query, body




def nested_json_role(schema, world: World, role: str) -> Report:
    """Every operation, whatever its method, with each deeply nested JSON body."""
    report = Report(role)
    started = time.monotonic()
    client = Client()
    for name, value in session_cookies(world, role).items():
        client.cookies[name] = value
    values = path_values(world, role)
    for operation in operations(schema):
        if role != "anonymous" and operation.path in SESSION_OPERATIONS:
            continue
        full_path = operation.schema.get_full_path(operation.path)
        path = full_path
        for param in operation.path_parameters:
            ids = values.get((full_path, param.name)) or [1]
            path = path.replace(f"{{{param.name}}}", str(ids[0]))
        label = f"{operation.method.upper()} {operation.path}"
        for kind, body in NESTED_BODIES.items():
            try:
                response = client.generic(operation.method.upper(), path, data=body,
                                          content_type="application/json",
                                          HTTP_X_CSRFTOKEN=CSRF_TOKEN)
            except Exception as exc:  # the app raised instead of answering
                report.failures[f"{label} {kind}"] = f"{type(exc).__name__}: {exc}"[:500]
                continue
            report.cases += 1
            report.per_operation[label] += 1
            report.statuses[response.status_code] += 1
            problem = _not_an_envelope(response)
            if problem:
                report.failures[f"{label} {kind}"] = problem
    report.seconds = time.monotonic() - started
    return report


def _not_an_envelope(response) -> str | None:
    if response.status_code >= 500:
        return f"{response.status_code} {response.content[:300]!r}"
    if response.status_code >= 400 and "json" in response.get("Content-Type", ""):
        body = json.loads(response.content)
        if set(body.get("error", {})) != {"code", "message", "fields"}:
            return f"{response.status_code} not the error envelope: {response.content[:300]!r}"
    return None
