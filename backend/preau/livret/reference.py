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


def load_programme(domain_model, element_model) -> None:
    """Create the domains, sub-domains and national programme elements that are missing."""
    for cycle, domains in programme()["cycles"].items():
        position = 0
        for entry in domains:
            position += 1
            domain, _ = domain_model.objects.update_or_create(
                cycle=cycle, code=entry["code"],
                defaults={"label": entry["label"], "parent": None, "position": position})
            _load_elements(element_model, domain, entry.get("elements", []))
            for sub in entry.get("subdomains", []):
                position += 1
                subdomain, _ = domain_model.objects.update_or_create(
                    cycle=cycle, code=sub["code"],
                    defaults={"label": sub["label"], "parent": domain, "position": position})
                _load_elements(element_model, subdomain, sub["elements"])


def _load_elements(element_model, domain, labels: list[str]) -> None:
    for index, label in enumerate(labels, start=1):
        element_model.objects.update_or_create(
            domain=domain, school=None, label=label, defaults={"position": index})
