"""Every live event the server sends has one serializer, and the OpenAPI union lists it.

The web app types its handlers with the generated ``LiveEvent`` union: an event missing
from the schema would reach handlers keyed on a string that no type check covers. So the
types are collected twice — from the serializers' registry and from the code that
publishes — and both must be in the committed schema's union.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from preau.realtime.consumers import EventsConsumer
from preau.realtime.events import LiveEvent, registered_event_types

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend" / "preau"
SCHEMA = ROOT / "backend" / "openapi" / "schema.yaml"
PUBLISHERS = {"publish_on_commit", "publish_many_on_commit", "_notify"}
DOTTED = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")


def schema_union() -> dict[str, str]:
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    return schema["components"]["schemas"]["LiveEvent"]["discriminator"]["mapping"]


def python_modules():
    for path in sorted(BACKEND.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def consumer_message_types() -> set[str]:
    """Messages between the server's own parts (to the consumer), never sent to a client:
    ``session.end`` reaches ``EventsConsumer.session_end``, and so on; and ASGI's own."""
    return {name.replace("_", ".", 1) for name in vars(EventsConsumer)
            if not name.startswith("_") and "_" in name}


def dict_type_literals(tree: ast.AST):
    """``{"type": "<a.b>", …}`` written anywhere: a hand-built event, or a channel message."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (isinstance(key, ast.Constant) and key.value == "type"
                        and isinstance(value, ast.Constant) and isinstance(value.value, str)):
                    yield node.lineno, value.value


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def test_every_registered_event_type_is_in_the_schema_union_and_nothing_else():
    registered = registered_event_types()
    union = schema_union()

    assert set(union) == set(registered), (
        "backend/openapi/schema.yaml's LiveEvent union differs from the events declared in "
        "the apps: regenerate the schema and the web app's client")
    for event_type, serializer in registered.items():
        assert union[event_type] == f"#/components/schemas/{serializer.__name__}"


def test_every_app_that_publishes_declares_its_events():
    modules = {serializer.__module__ for serializer in registered_event_types().values()}

    assert {"preau.attendance.events", "preau.homework.events", "preau.messaging.events",
            "preau.timetable.events"} <= modules


def test_code_that_publishes_builds_events_through_their_serializer():
    hand_built = []
    for path, tree in python_modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or called_name(node) not in PUBLISHERS:
                continue
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if any(isinstance(argument, ast.Dict) for argument in arguments):
                hand_built.append(f"{path.relative_to(ROOT)}:{node.lineno}")

    assert hand_built == [], "events must be built with <Event>.of(...), not as dict literals"


def test_every_event_built_in_the_code_is_a_registered_type():
    registered_classes = {serializer.__name__ for serializer in registered_event_types().values()}
    unknown = []
    for path, tree in python_modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "of" and isinstance(node.func.value, ast.Attribute | ast.Name)):
                owner = node.func.value
                name = owner.attr if isinstance(owner, ast.Attribute) else owner.id
                if name.endswith("Event") and name not in registered_classes:
                    unknown.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")

    assert unknown == []


def test_every_dotted_type_written_in_the_backend_is_a_live_event_or_a_consumer_message():
    allowed = set(schema_union()) | consumer_message_types()
    strays = []
    for path, tree in python_modules():
        for line, value in dict_type_literals(tree):
            if (DOTTED.match(value) and value not in allowed
                    and not value.startswith(("http.", "websocket."))):
                strays.append(f"{path.relative_to(ROOT)}:{line} {value}")

    assert strays == []


def test_an_event_payload_is_its_serializers_output_with_its_type():
    event = registered_event_types()["homework.done"]

    payload = event.of({"homework_id": 1, "pupil_id": 2, "done": True, "done_count": 3,
                        "classroom_id": 4})

    assert issubclass(event, LiveEvent)
    assert payload == {"type": "homework.done", "homework_id": 1, "pupil_id": 2, "done": True,
                       "done_count": 3, "classroom_id": 4}
