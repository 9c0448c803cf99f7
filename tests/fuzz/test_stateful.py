"""Stateful fuzzing: Schemathesis chains a create with what follows it, through OpenAPI links
(the id a 201 answers goes into the next operation's path): homework → read, change, done,
withdraw; lesson → read, change, delete; conversation → read, messages, read marker.

The links are added here to the committed schema: they describe the flows to test, not the
API (the web app does not need them).
"""

from __future__ import annotations

import copy
from collections import Counter

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings

from tests.fuzz.harness import (
    CHECKS,
    CSRF_TOKEN,
    SCHEMA_PATH,
    session_cookies,
    stateful_examples,
)

pytestmark = pytest.mark.django_db

FLOWS = {
    # creating operation → {linked operation: its path parameter}
    "homework_classrooms_homework_create": {
        "homework_items_retrieve": "homework_id",
        "homework_items_partial_update": "homework_id",
        "homework_items_done_retrieve": "homework_id",
        "homework_items_done_update": "homework_id",
        "homework_items_withdraw_create": "homework_id",
    },
    "homework_classrooms_lessons_create": {
        "homework_lessons_retrieve": "lesson_id",
        "homework_lessons_partial_update": "lesson_id",
        "homework_lessons_destroy": "lesson_id",
    },
    "messaging_conversations_create": {
        "messaging_conversations_retrieve": "conversation_id",
        "messaging_conversations_partial_update": "conversation_id",
        "messaging_conversations_messages_list": "conversation_id",
        "messaging_conversations_messages_create": "conversation_id",
        "messaging_conversations_read_retrieve": "conversation_id",
        "messaging_conversations_read_create": "conversation_id",
    },
}

# Where the created object's id is in the 201 body, when not at "/id": a new conversation
# answers one conversation per recipient family. A pointer that resolves to nothing would let
# Schemathesis fall back to random ids, and the flow would test nothing.
CREATED_ID = {"messaging_conversations_create": "/conversations/0/id"}


def linked_schema(creator: str):
    from config.wsgi import application

    raw = yaml.safe_load(SCHEMA_PATH.read_text())
    operations = {op["operationId"]: op for item in raw["paths"].values()
                  for op in item.values() if isinstance(op, dict) and "operationId" in op}
    targets = FLOWS[creator]
    pointer = CREATED_ID.get(creator, "/id")
    operations[creator]["responses"]["201"]["links"] = {
        target: {"operationId": target, "parameters": {param: f"$response.body#{pointer}"}}
        for target, param in targets.items()
    }
    # The classrooms' list produces the "classroom_id" the creators take, so that Schemathesis
    # starts scenarios with them rather than with an operation on a random id.
    wanted = {creator, *targets, "schools_classrooms_list"}
    for path, item in list(raw["paths"].items()):
        for method in [m for m, op in item.items() if op.get("operationId") not in wanted]:
            del item[method]
        if not item:
            del raw["paths"][path]
    schema = schemathesis.openapi.from_dict(copy.deepcopy(raw))
    schema.app = application
    return schema


def run_flow(world, role: str, creator: str, *, max_examples: int, steps: int) -> Counter:
    schema = linked_schema(creator)
    cookies = session_cookies(world, role)
    classroom = world.classrooms["A1"].pk
    guardian = world.user("guardian").pk
    seen: Counter = Counter()

    class Flows(schema.as_state_machine()):
        def before_call(self, case):
            # The creators start from the role's own classroom and a family it may write to;
            # everything else is generated.
            if "classroom_id" in (case.path_parameters or {}):
                case.path_parameters["classroom_id"] = classroom
            if case.operation.label.startswith("POST /api/v1/homework/classrooms/") and \
                    isinstance(case.body, dict):
                case.body["due_date"] = "2026-11-27"
                case.body["audience"] = "classroom"
            if case.operation.label == "POST /api/v1/messaging/conversations/" and \
                    isinstance(case.body, dict):
                case.body["recipients"] = [guardian]
                case.body.pop("school", None)

        def get_call_kwargs(self, case):
            return {"headers": {"X-CSRFToken": CSRF_TOKEN}, "cookies": cookies}

        def after_call(self, response, case):
            seen[(case.operation.definition.raw["operationId"], response.status_code)] += 1

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Flows.run(settings=settings(
        max_examples=max_examples, stateful_step_count=steps, derandomize=True, database=None,
        deadline=None, suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
    ))
    return seen


@pytest.mark.parametrize("creator", sorted(FLOWS))
def test_a_teacher_creates_then_uses_what_was_created(fuzz_world, creator):
    seen = run_flow(fuzz_world, "teacher", creator, max_examples=stateful_examples(10), steps=5)
    print(creator, sorted(seen.items()))

    created = {status for (label, status) in seen if label == creator}
    followed = {status for (label, status) in seen if label in FLOWS[creator]}
    assert not {status for (_, status) in seen} & {500, 502, 503}
    assert 201 in created
    assert followed & {200, 201, 204}, "no linked operation reached what was created"
