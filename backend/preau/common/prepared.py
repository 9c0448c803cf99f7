"""A queryset whose SQL is built once per shape, then run with new values.

Building a large queryset (a dozen annotated subqueries) costs the ORM far more CPU than
PostgreSQL spends running it: ``build_filter``, ``resolve_expression`` and ``compile``
run again on every request for a text that never changes, only its parameters do
(docs/benchmarks-profiles.md, scenario 1). ``PreparedQuery`` builds the queryset from a
function of named values, compiles it with stand-in values, remembers which SQL
parameter is which value, and then runs that SQL with the request's values and turns
the rows into model instances as the queryset would have (``select_related``,
annotations and their converters included).

It is safe by construction, and falls back to the plain queryset otherwise:

- The SQL is compiled twice, with two different sets of stand-ins. A parameter that is
  neither one of the named values nor the same in both compilations (a value computed
  from them, a clock read) makes the shape unpreparable: that shape always runs the plain
  queryset.
- The cache key holds the database alias, the shape (given by the caller: what changes
  the SQL text, such as the length of a list) and the local date, so that a date the
  builder reads itself (``timezone.localdate()``) is never reused the next day.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connections
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import get_related_populators
from django.utils import timezone

MAX_SHAPES = 256  # per query and process; beyond, the oldest shapes are forgotten


class _Unpreparable:
    pass


UNPREPARABLE = _Unpreparable()


@dataclass(frozen=True)
class _Slot:
    name: str
    index: int | None  # position in a tuple value, or None for a scalar
    as_text: bool = False  # a date the backend sends as ISO text (SQLite)


@dataclass
class _Prepared:
    compiler: Any
    sql: str
    slots: list[_Slot | tuple[Any]]  # a slot, or a 1-tuple holding a constant
    prefetch: tuple = ()  # the queryset's prefetch_related lookups, run on the instances


def _preparable(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(map(_preparable, value))
    return isinstance(value, int | date | str) and not isinstance(value, bool)


def _stand_in(value: Any, series: int, counter: list[int]) -> Any:
    counter[0] += 1
    n = counter[0]
    if isinstance(value, int) and not isinstance(value, bool):
        return -(series * 1_000_000_000) - n
    if isinstance(value, date):
        return date(1900 + series, 1, 1) + timedelta(days=n)
    if isinstance(value, str):
        return f"\x1fstand-in {series}.{n}"
    raise TypeError(f"no stand-in for {type(value).__name__}")


def _register(slots: dict, item: Any, name: str, index: int | None) -> None:
    slots[(type(item), item)] = _Slot(name, index)
    if isinstance(item, date):
        slots[(str, item.isoformat())] = _Slot(name, index, as_text=True)


class PreparedQuery:
    """``build(**fixed, **values)`` returns the queryset. ``values`` (ints, dates, strings
    and tuples of them) vary between calls; ``fixed`` (anything hashable, such as a flag
    that adds a condition) and ``shape`` (what else changes the SQL text, such as the
    length of a tuple) pick the SQL kept."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self._cache: dict[Hashable, _Prepared | _Unpreparable] = {}
        self._lock = threading.Lock()

    def run(self, *, shape: Hashable = None, fixed: dict | None = None,
            using: str = "default", **values: Any) -> list:
        fixed = fixed or {}
        if not all(map(_preparable, values.values())):
            return list(self.build(**fixed, **values).using(using))
        key = (using, connections[using].vendor, tuple(sorted(fixed.items())), shape,
               tuple(len(v) if isinstance(v, tuple) else None for v in values.values()),
               timezone.localdate())
        with self._lock:
            prepared = self._cache.get(key)
        if prepared is None:
            prepared = self._prepare(fixed, values, using)
            with self._lock:
                if len(self._cache) >= MAX_SHAPES:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[key] = prepared
        if prepared is UNPREPARABLE:
            return list(self.build(**fixed, **values).using(using))
        return self._execute(prepared, values, using)

    # --- preparing ------------------------------------------------------------------------

    def _stand_ins(self, values: dict, series: int) -> tuple[dict, dict]:
        """Stand-in values for one compilation, and the slot each stand-in stands for."""
        counter = [0]
        stand_ins, slots = {}, {}
        for name, value in values.items():
            if isinstance(value, tuple):
                items = tuple(_stand_in(item, series, counter) for item in value)
                stand_ins[name] = items
                for index, item in enumerate(items):
                    _register(slots, item, name, index)
            else:
                item = _stand_in(value, series, counter)
                stand_ins[name] = item
                _register(slots, item, name, None)
        return stand_ins, slots

    def _compile(self, fixed: dict, values: dict, series: int, using: str):
        stand_ins, slots = self._stand_ins(values, series)
        queryset = self.build(**fixed, **stand_ins)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        lookups = tuple(queryset._prefetch_related_lookups)
        # A prefetch runs its own query later: it may not depend on the values either.
        prefetch_sql = [
            lookup.queryset.query.sql_with_params() if getattr(lookup, "queryset", None)
            is not None else lookup for lookup in lookups]
        return compiler, sql, [slots.get((type(p), p), (p,)) for p in params], lookups, \
            prefetch_sql

    def _prepare(self, fixed: dict, values: dict, using: str) -> _Prepared | _Unpreparable:
        try:
            compiler, sql, first, lookups, prefetch = self._compile(fixed, values, 1, using)
            _, sql_again, second, _, prefetch_again = self._compile(fixed, values, 2, using)
        except Exception:  # an empty result, a value without a stand-in…
            return UNPREPARABLE
        if (sql != sql_again or first != second or prefetch != prefetch_again
                or compiler.has_extra_select):
            return UNPREPARABLE
        return _Prepared(compiler=compiler, sql=sql, slots=first, prefetch=lookups)

    # --- running --------------------------------------------------------------------------

    def _execute(self, prepared: _Prepared, values: dict, using: str) -> list:
        params = []
        for slot in prepared.slots:
            if isinstance(slot, _Slot):
                value = values[slot.name]
                value = value if slot.index is None else value[slot.index]
                params.append(value.isoformat() if slot.as_text else value)
            else:
                params.append(slot[0])
        with connections[using].cursor() as cursor:
            cursor.execute(prepared.sql, params)
            rows = cursor.fetchall()
        instances = _instances(prepared.compiler, rows, using)
        if prepared.prefetch and instances:
            prefetch_related_objects(instances, *prepared.prefetch)
        return instances


def _instances(compiler, rows: list, using: str) -> list:
    """Model instances from the rows, as ``ModelIterable`` builds them."""
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related_populators = get_related_populators(klass_info, select, using)
    out = []
    for row in compiler.results_iter([rows]):
        obj = model_cls.from_db(using, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for attr_name, col_pos in (annotation_col_map or {}).items():
            setattr(obj, attr_name, row[col_pos])
        out.append(obj)
    return out
