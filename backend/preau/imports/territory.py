"""Reference tables the annuaire importer needs and the ministry file does not carry.

- the académie → holiday zone table (the ``vacances-scolaires-france`` package gives the
  holiday dates per zone but not which académie belongs to which zone);
- the départements of Alsace-Moselle (two extra bank holidays);
- the circonscriptions of the bundled extract (``data/circonscriptions.csv``), to find the
  code of a circonscription when an older export gives only its name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from preau.schools.models import HolidayZone

DATA_DIR = Path(__file__).resolve().parent / "data"
CIRCONSCRIPTIONS_FILE = DATA_DIR / "circonscriptions.csv"

ALSACE_MOSELLE_DEPARTEMENTS = frozenset({"057", "067", "068"})


@dataclass(frozen=True)
class AcademieInfo:
    code: str
    name: str
    # None: the académie sets its own calendar (Corse, overseas), outside zones A/B/C.
    zone: HolidayZone | None


_A, _B, _C = HolidayZone.A, HolidayZone.B, HolidayZone.C

# Codes of the ministry (``Code_academie`` of the Annuaire de l'éducation). Zones as set
# by the national calendar since 2016; Caen and Rouen (05, 21) still appear in older
# exports, merged into Normandie (70) since 2020.
ACADEMIES: dict[str, AcademieInfo] = {
    info.code: info
    for info in (
        AcademieInfo("01", "Paris", _C),
        AcademieInfo("02", "Aix-Marseille", _B),
        AcademieInfo("03", "Besançon", _A),
        AcademieInfo("04", "Bordeaux", _A),
        AcademieInfo("05", "Caen", _B),
        AcademieInfo("06", "Clermont-Ferrand", _A),
        AcademieInfo("07", "Dijon", _A),
        AcademieInfo("08", "Grenoble", _A),
        AcademieInfo("09", "Lille", _B),
        AcademieInfo("10", "Lyon", _A),
        AcademieInfo("11", "Montpellier", _C),
        AcademieInfo("12", "Nancy-Metz", _B),
        AcademieInfo("13", "Poitiers", _A),
        AcademieInfo("14", "Rennes", _B),
        AcademieInfo("15", "Strasbourg", _B),
        AcademieInfo("16", "Toulouse", _C),
        AcademieInfo("17", "Nantes", _B),
        AcademieInfo("18", "Orléans-Tours", _B),
        AcademieInfo("19", "Reims", _B),
        AcademieInfo("20", "Amiens", _B),
        AcademieInfo("21", "Rouen", _B),
        AcademieInfo("22", "Limoges", _A),
        AcademieInfo("23", "Nice", _B),
        AcademieInfo("24", "Créteil", _C),
        AcademieInfo("25", "Versailles", _C),
        AcademieInfo("27", "Corse", None),
        AcademieInfo("28", "La Réunion", None),
        AcademieInfo("31", "Martinique", None),
        AcademieInfo("32", "Guadeloupe", None),
        AcademieInfo("33", "Guyane", None),
        AcademieInfo("40", "Nouvelle-Calédonie", None),
        AcademieInfo("41", "Polynésie française", None),
        AcademieInfo("42", "Wallis-et-Futuna", None),
        AcademieInfo("43", "Mayotte", None),
        AcademieInfo("44", "Saint-Pierre-et-Miquelon", None),
        AcademieInfo("70", "Normandie", _B),
    )
}


def normalize_label(value: str) -> str:
    """Compare labels without case, accents, punctuation or doubled spaces."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", " ", ascii_only.casefold()).strip()


_ACADEMIES_BY_LABEL = {normalize_label(info.name): info for info in ACADEMIES.values()}
_ACADEMIES_BY_LABEL[normalize_label("Réunion")] = ACADEMIES["28"]


def normalize_academie_code(raw: str) -> str:
    raw = raw.strip()
    return f"{int(raw):02d}" if raw.isdigit() else raw.upper()


def academie_info(*, code: str, label: str = "") -> AcademieInfo | None:
    """The académie of a row: by its code, else by its label; None if unknown."""
    info = ACADEMIES.get(normalize_academie_code(code)) if code else None
    if info is None and label:
        info = _ACADEMIES_BY_LABEL.get(normalize_label(label))
    return info


@cache
def reference_circonscriptions() -> dict[tuple[str, str], tuple[str, str]]:
    """(département code, normalized name) → (code, name), from the bundled extract."""
    table: dict[tuple[str, str], tuple[str, str]] = {}
    with CIRCONSCRIPTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            key = (row["code_departement"], normalize_label(row["nom_circonscription"]))
            table[key] = (row["code_circonscription"], row["nom_circonscription"])
    return table
