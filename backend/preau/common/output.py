"""Output serializers for hot read pages, rendered without DRF's per-request field set-up.

A DRF serializer builds its fields for every instance (a deep copy of the declared ones)
and reads each value through ``Field.get_attribute``; on the family home page, the
busiest request of the morning, that was about a tenth of the CPU (docs/benchmarks.md,
scenario 8). ``PlainOutput`` keeps the declared fields — the OpenAPI schema and the
field types stay DRF's — but builds them once per class and reads each value with one
lookup: the answer is the one DRF gives (tests/today/test_today.py compares both on every
section of the page).

Only for output, and only for plain sources: a field whose ``source`` is dotted is read
through DRF's ``get_attribute``.
"""

from __future__ import annotations

from collections.abc import Mapping
from threading import Lock

from rest_framework import serializers

_PLANS: dict[type, list[tuple[str, str, serializers.Field]]] = {}
_LOCK = Lock()


class PlainOutput(serializers.Serializer):
    # No docstring: drf-spectacular describes a schema component with its serializer's
    # docstring, inherited ones included; a subclass documents itself or stays bare.

    @classmethod
    def plan(cls) -> list[tuple[str, str, serializers.Field]]:
        """(name, source, field) of each readable field, from an instance made once."""
        plan = _PLANS.get(cls)
        if plan is None:
            with _LOCK:
                plan = _PLANS.get(cls)
                if plan is None:
                    plan = [(name, field.source, field)
                            for name, field in cls().fields.items() if not field.write_only]
                    _PLANS[cls] = plan
        return plan

    def to_representation(self, instance) -> dict:
        mapping = isinstance(instance, Mapping)
        out = {}
        for name, source, field in self.plan():
            if source == "*":
                value = instance
            elif "." in source:
                value = field.get_attribute(instance)
            else:
                value = instance[source] if mapping else getattr(instance, source)
            out[name] = None if value is None else field.to_representation(value)
        return out
