"""The national reference data of the livret, carried in ``data/programme.json``.

Loaded by the migration ``0002_programme`` (with the historical models it is given) and
idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

PROGRAMME_FILE = Path(__file__).with_name("data") / "programme.json"


def programme() -> dict:
    return json.loads(PROGRAMME_FILE.read_text(encoding="utf-8"))


def load_programme(domain_model, element_model, *, using: str = "default") -> None:
    """Create the domains, sub-domains and national programme elements that are missing
    (update those whose label or position changed). Into an empty table, in bulk."""
    if not domain_model.objects.using(using).exists():
        _load_into_empty(domain_model, element_model, using=using)
        return
    domains = domain_model.objects.using(using)
    for cycle, entries in programme()["cycles"].items():
        for entry, parent, position in _walk(entries):
            domain, _ = domains.update_or_create(
                cycle=cycle, code=entry["code"],
                defaults={"label": entry["label"], "position": position,
                          "parent": parent and domains.get(cycle=cycle, code=parent)})
            for index, label in enumerate(entry.get("elements", []), start=1):
                element_model.objects.using(using).update_or_create(
                    domain=domain, school=None, label=label, defaults={"position": index})


def _walk(entries: list[dict]):
    """Each domain then its sub-domains, with its parent's code and its position."""
    position = 0
    for entry in entries:
        position += 1
        yield entry, None, position
        for sub in entry.get("subdomains", []):
            position += 1
            yield sub, entry["code"], position


def _load_into_empty(domain_model, element_model, *, using: str) -> None:
    for cycle, entries in programme()["cycles"].items():
        walked = list(_walk(entries))
        tops = domain_model.objects.using(using).bulk_create([
            domain_model(cycle=cycle, code=entry["code"], label=entry["label"],
                         position=position)
            for entry, parent, position in walked if parent is None])
        by_code = {domain.code: domain for domain in tops}
        subs = domain_model.objects.using(using).bulk_create([
            domain_model(cycle=cycle, code=entry["code"], label=entry["label"],
                         position=position, parent=by_code[parent])
            for entry, parent, position in walked if parent is not None])
        by_code |= {domain.code: domain for domain in subs}
        element_model.objects.using(using).bulk_create([
            element_model(domain=by_code[entry["code"]], school=None, label=label,
                          position=index)
            for entry, _, _ in walked
            for index, label in enumerate(entry.get("elements", []), start=1)])
