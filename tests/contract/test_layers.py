"""No import cycle between the apps of ``preau`` (docs/architecture.md).

The graph counts every import, those placed inside functions too (grimp reads them all):
an import moved into a function to dodge a cycle is still a cycle. ``make lint`` checks the
layers themselves with import-linter (``[tool.importlinter]`` in pyproject.toml).
"""

from __future__ import annotations

import grimp

PACKAGE = "preau"


def _app_graph() -> dict[str, set[str]]:
    """Each app (a package directly under ``preau``) → the apps it imports."""
    graph = grimp.build_graph(PACKAGE, include_external_packages=False, cache_dir=None)
    apps = {module.split(".")[1] for module in graph.modules if module.count(".") >= 1}
    edges: dict[str, set[str]] = {app: set() for app in apps}
    for module in graph.modules:
        if module.count(".") < 1:
            continue
        importer = module.split(".")[1]
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.count(".") >= 1 and imported.split(".")[1] != importer:
                edges[importer].add(imported.split(".")[1])
    return edges


def _a_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (``[a, b, …, a]``), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(app: str) -> list[str] | None:
        state[app] = "open"
        path.append(app)
        for other in sorted(edges[app]):
            if state.get(other) == "open":
                return [*path[path.index(other):], other]
            if other not in state and (found := visit(other)):
                return found
        path.pop()
        state[app] = "done"
        return None

    for app in sorted(edges):
        if app not in state and (found := visit(app)):
            return found
    return None


def test_the_cycle_finder_names_a_cycle():
    assert _a_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _a_cycle({"a": {"b"}, "b": set()}) is None


def test_no_app_imports_an_app_that_imports_it_back():
    cycle = _a_cycle(_app_graph())
    assert cycle is None, "import cycle between apps: " + " → ".join(cycle or [])


def test_the_kernel_imports_no_app():
    assert _app_graph()["common"] == set()
