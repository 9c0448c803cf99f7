"""Docstrings and comments name only what exists.

Every backquoted name (``name`` or `name`) in a docstring or a comment of ``backend/`` and
``bench/`` must exist somewhere in the code: a function, class, variable, field, setting,
module, URL name, management command or file. A dotted name is checked more closely: for
``preau.people.selectors.family_pupil_ids`` or ``selectors.recipient_rows`` (a module of
the same app), the last name must appear in that module. A path (``tests/…/x.py``,
``preau/common/middleware.py``) must exist. Names of libraries, of PostgreSQL or of sample
data that the code never spells are in ``ELSEWHERE``, each with where it comes from.

``stale_names_in_docs()`` runs the same check over ``docs/*.md`` for a reader to review
(not asserted: those pages also name PostgreSQL settings, profilers and history):
``.venv/bin/python -c "from tests.contract.test_docstrings import stale_names_in_docs as s;
print(*s(), sep=chr(10))"``.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("backend", "bench")
SKIPPED_PARTS = {"node_modules", ".venv", ".git", "__pycache__", "dist", "generated",
                 "openapi"}  # the schema repeats the views' docstrings
TEXT_SUFFIXES = {".ts", ".tsx", ".yaml", ".yml", ".toml", ".json", ".sh", ".conf", ".cfg",
                 ".html", ".txt", ".csv"}

# Names that docstrings rightly mention but that our code never spells.
ELSEWHERE = {
    "must_update",  # Django's password hasher API (BasePasswordHasher.must_update)
    "tcp_user_timeout",  # a libpq connection parameter
    "build_filter",  # Django's ORM, named where profiles found the time went
    "resolve_expression",  # idem
    "ModelIterable",  # idem
    "herve",  # sample data: how a name is folded for comparison
}

SPAN = re.compile(r"``([^`\n]+)``|(?<!`)`([^`\n]+)`(?!`)")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\(\))?$")
PATH = re.compile(r"^[\w.-]+(/[\w.-]*)+$")
FILE = re.compile(r"^[\w./-]+\.(py|md|ts|tsx|yaml|yml|json|toml|csv|sh|conf)$")


@cache
def _files() -> tuple[Path, ...]:
    found = []
    for folder, folders, files in os.walk(ROOT):  # symlinks (.venv, node_modules) not followed
        folders[:] = [f for f in folders if f not in SKIPPED_PARTS]
        found += [Path(folder) / name for name in files]
    return tuple(path for path in found if path != Path(__file__).resolve())  # not this one


def _docstrings(tree: ast.AST) -> list[ast.Constant]:
    """The docstrings of a module, its classes and its functions, at any depth."""
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            found.append(body[0].value)
        for child in body:  # nested blocks too: if, with, try, for
            todo.append(child)
            for branch in ("orelse", "finalbody", "handlers"):
                todo += getattr(child, branch, None) or []
    return found


COMMENT = re.compile(r"(?m)(?:^[ \t]*|  )#(.*)$")


def _code_only(text: str, tree: ast.AST) -> str:
    """The source with its docstrings and its comments blanked out."""
    lines = text.splitlines()
    for doc in _docstrings(tree):
        for number in range(doc.lineno - 1, doc.end_lineno):
            lines[number] = ""
    return COMMENT.sub("", "\n".join(lines))


@cache
def _parsed() -> dict[Path, tuple[str, ast.AST | None]]:
    """The Python files: parsed in backend/ and bench/, read as text elsewhere (tests)."""
    parsed = {}
    for path in _files():
        if path.suffix != ".py":
            continue
        text = path.read_text(encoding="utf-8")
        try:
            checked = path.relative_to(ROOT).parts[0] in CHECKED
            parsed[path] = (text, ast.parse(text) if checked else None)
        except SyntaxError:
            parsed[path] = (text, None)
    return parsed


@cache
def _known() -> frozenset[str]:
    names: set[str] = set()
    for path in _files():
        names.add(path.name)
        names.update(path.stem.split("."))
        names.update(path.relative_to(ROOT).parts)
        if path.suffix in TEXT_SUFFIXES or path.name in {"Makefile", "Dockerfile", "run"}:
            with contextlib.suppress(UnicodeDecodeError):
                names.update(NAME.findall(path.read_text(encoding="utf-8")))
    for text, tree in _parsed().values():
        code = _code_only(text, tree) if tree is not None else COMMENT.sub("", text)
        names.update(NAME.findall(code))
        names.update(re.findall(r"[\"']([\w.:-]+)[\"']", code))  # an event type, a value
    return frozenset(names)


def _module_source(parts: list[str], here: Path) -> tuple[str, list[str]] | None:
    """The source of the longest module that ``parts`` starts with, and the rest."""
    app = next((p for p in here.parents if p.parent == ROOT / "backend" / "preau"), None)
    bases = [ROOT / "backend", ROOT]
    if parts[0] != "preau":
        bases = [p for p in (here.parent, app, ROOT / "backend" / "preau") if p is not None]
    for base in bases:
        for end in range(len(parts), 0, -1):
            module = base.joinpath(*parts[:end])
            for source in (module.with_suffix(".py"), module / "__init__.py"):
                if source.is_file():
                    return source.read_text(encoding="utf-8"), parts[end:]
    return None


def _path_exists(span: str, here: Path) -> bool:
    app = next((p for p in here.parents if p.parent == ROOT / "backend" / "preau"), here.parent)
    bases = [ROOT, ROOT / "backend", ROOT / "backend" / "preau", ROOT / "frontend",
             ROOT / "frontend" / "src", here.parent, app]
    if any((base / span.rstrip("/")).exists() for base in bases):
        return True
    return "/" not in span and any(path.name == span for path in _files())


def _problem(span: str, here: Path) -> str | None:
    span = span.strip()
    if span in _known() or (FILE.search(span) and _path_exists(span, here)):
        return None
    if FILE.search(span) and not DOTTED.match(span):
        return f"`{span}`: no such file"
    if DOTTED.match(span):
        parts = span.removesuffix("()").split(".")
        missing = [p for p in parts if p not in _known() and p not in ELSEWHERE]
        if missing:
            return f"`{span}`: {', '.join(missing)} exists nowhere in the code"
        if len(parts) > 1:
            found = _module_source(parts, here)
            if found is not None and found[1]:
                source, rest = found
                if not re.search(rf"\b{re.escape(rest[0])}\b", source):
                    return f"`{span}`: {rest[0]} is not in that module"
            elif found is None and parts[0] == "preau":
                return f"`{span}`: no such module"
        return None
    if PATH.match(span) and not span.startswith(("/", "../")):
        if _path_exists(span, here):
            return None
        # a URL or a relative route (``overview/``, ``me/otp/confirm/``): its words must exist
        missing = [word for word in re.findall(r"[A-Za-z0-9_]+", span) if word not in _known()]
        return f"`{span}`: {', '.join(missing)} exists nowhere in the code" if missing else None
    return None


def _prose(text: str, tree: ast.AST | None) -> list[tuple[int, str]]:
    """The docstrings and the comments of one file, with their line."""
    out = [(doc.lineno, doc.value) for doc in (_docstrings(tree) if tree is not None else [])]
    for match in COMMENT.finditer(text):
        out.append((text.count("\n", 0, match.start()) + 1, match.group(1)))
    return out


def stale_names() -> list[str]:
    problems = []
    for path, (text, tree) in sorted(_parsed().items()):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in CHECKED or "migrations" in relative.parts:
            continue
        for line, prose in _prose(text, tree):
            for match in SPAN.finditer(prose):
                problem = _problem(match.group(1) or match.group(2), path)
                if problem:
                    problems.append(f"{relative}:{line}: {problem}")
    return problems


def stale_names_in_docs() -> list[str]:
    here = ROOT / "backend" / "preau" / "__init__.py"
    problems = []
    for page in sorted((ROOT / "docs").glob("*.md")):
        in_code = False
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                in_code = not in_code
            for match in [] if in_code else SPAN.finditer(line):
                problem = _problem(match.group(1) or match.group(2), here)
                if problem:
                    problems.append(f"docs/{page.name}:{number}: {problem}")
    return problems


def test_docstrings_and_comments_name_only_what_exists():
    assert stale_names() == []


def test_the_check_finds_a_renamed_name_a_missing_module_member_and_a_missing_file():
    here = ROOT / "backend" / "preau" / "people" / "selectors.py"
    assert _problem("family_pupil_ids", here) is None
    assert _problem("preau.people.selectors.pupil_list", here) is None
    assert _problem("selectors.pupil_list()", here) is None
    assert _problem("tests/contract/test_docstrings.py", here) is None
    assert _problem("family_pupil_ids_of_old", here) is not None
    assert _problem("preau.people.selectors.PreparedNothing", here) is not None
    assert _problem("selectors.recipient_rows", here) is not None  # messaging's, not people's
    assert _problem("tests/contract/test_nothing.py", here) is not None
