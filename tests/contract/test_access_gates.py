"""Every API route reaches its objects through its type's access module, with the gate and
the purpose that docs/access-control.md documents for it.

The gates a view reaches are read from the code: the calls in the view's methods, and in
the project's functions they call, down to a function of a ``preau.<app>.access`` module
(recorded with its ``purpose=`` keyword). The table "Gates by route" of the document must
list exactly those, route by route; a new route, or a view that changes its gate, fails
here until the document says so.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
import types
from functools import cache
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "access-control.md"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Routes whose path carries an id of an object that is not reached through a gate: the
# object is the viewer's own by construction (a feed's secret token, an activation code).
NO_GATE_NEEDED: set[str] = set()


def _api_routes(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> list:
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            namespace = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            routes += _api_routes(pattern, route, namespace)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            routes.append((f"{ns}{pattern.name}", route, pattern.callback.view_class))
    return routes


def _is_gate(function) -> bool:
    """A gate (``*_get_for``) or a scope (``*_visible_to``) of an access module."""
    module = getattr(function, "__module__", "") or ""
    return (re.fullmatch(r"preau\.\w+\.access", module) is not None
            and re.search(r"_(get_for|visible_to)$", function.__name__) is not None)


def _is_access(function) -> bool:
    return re.fullmatch(r"preau\.\w+\.access", getattr(function, "__module__", "") or "") is not None


def _resolve(node: ast.expr, namespace: dict):
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, namespace)
        if isinstance(owner, types.ModuleType) or inspect.isclass(owner):
            return getattr(owner, node.attr, None)
    return None


def _purpose(call: ast.Call) -> str:
    for keyword in call.keywords:
        if keyword.arg == "purpose" and isinstance(keyword.value, ast.Attribute):
            return keyword.value.attr.lower()
    return "default"


_VISITING: set = set()


@cache
def _gates_of(function) -> frozenset[str]:
    """``app.function(purpose)`` of every access function the function reaches."""
    function = inspect.unwrap(function)
    if (not inspect.isfunction(function) or not function.__module__.startswith("preau.")
            or function in _VISITING):
        return frozenset()
    _VISITING.add(function)
    try:
        return _reached(function)
    finally:
        _VISITING.discard(function)


def _reached(function) -> frozenset[str]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError):
        return frozenset()
    namespace = {**function.__globals__, **inspect.getclosurevars(function).nonlocals}
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = _resolve(node.func, namespace)
        if callee is None or callee is function:
            continue
        if _is_gate(callee):
            app = callee.__module__.split(".")[1]
            found.add(f"{app}.{callee.__name__}({_purpose(node)})")
        elif _is_access(callee):
            continue  # a building block of the rules (the ties a rule is made of)
        elif inspect.isfunction(inspect.unwrap(callee)):
            found |= _gates_of(callee)
    return frozenset(found)


def gates_by_route() -> dict[str, set[str]]:
    """Per route name: the access functions its view's methods reach, with their purpose."""
    table: dict[str, set[str]] = {}
    for name, _route, view in _api_routes():
        gates = table.setdefault(name, set())
        for method in HTTP_METHODS:
            handler = view.__dict__.get(method)
            if handler is not None:
                gates |= _gates_of(handler)
    return table


def documented_gates() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Gates by route", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        gates = set(re.findall(r"`([\w.]+\(\w+\))`", cells[1]))
        table[cells[0].strip("`")] = gates
    return table


def test_every_route_reaches_the_gates_the_document_names():
    in_code = gates_by_route()
    documented = documented_gates()
    assert sorted(set(in_code) - set(documented)) == [], "routes missing from the document"
    assert sorted(set(documented) - set(in_code)) == [], "documented routes that do not exist"
    differ = {name: {"code": sorted(in_code[name]), "document": sorted(documented[name])}
              for name in in_code if in_code[name] != documented[name]}
    assert differ == {}


def test_a_route_with_an_object_id_reaches_a_gate_of_its_type():
    """A path id (``<id:classroom_id>``…) is read through a ``*_get_for`` gate (or a
    ``*s_visible_to`` queryset), never straight from the model."""
    gates = gates_by_route()
    ungated = sorted(name for name, route, _view in _api_routes()
                     if re.search(r"<\w+:\w+_id>", route) and name not in NO_GATE_NEEDED
                     and not gates[name])
    assert ungated == []


def test_gates_live_only_in_access_modules():
    """``*_get_for`` and ``*_visible_to`` are defined in ``<app>/access.py`` and nowhere
    else: one home per type."""
    backend = ROOT / "backend" / "preau"
    strays = []
    for path in sorted(backend.glob("*/*.py")):
        if path.name == "access.py":
            continue
        for match in re.finditer(r"^def (\w+_(?:get_for|visible_to))\(", path.read_text(),
                                 re.MULTILINE):
            strays.append(f"{path.relative_to(backend)}: {match.group(1)}")
    assert strays == []


def test_the_viewer_person_id_is_computed_in_one_place():
    backend = ROOT / "backend" / "preau"
    copies = [str(path.relative_to(backend)) for path in sorted(backend.glob("*/*.py"))
              if re.search(r"^def _person_id\(", path.read_text(), re.MULTILINE)]
    assert copies == []


def render_table() -> str:
    """The "Gates by route" table as the code has it (to paste into the document)."""
    lines = ["| route | gates (access function and purpose) |", "|---|---|"]
    for name, gates in sorted(gates_by_route().items()):
        cell = ", ".join(f"`{gate}`" for gate in sorted(gates)) or "—"
        lines.append(f"| `{name}` | {cell} |")
    return "\n".join(lines)
