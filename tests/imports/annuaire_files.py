"""Small Annuaire de l'éducation files, written by the tests themselves.

The header is the one of the official export (taken from the bundled demo extract);
rows start from a valid école élémentaire of Saint-Mandé and override a few columns.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from preau.imports.demo import DEMO_ANNUAIRE_FILE

FULL_FILES = Path(__file__).resolve().parent / "data"
FULL_094 = FULL_FILES / "annuaire_ecoles_094_val-de-marne_public.csv"
FULL_035 = FULL_FILES / "annuaire_ecoles_035_ille-et-vilaine.csv"

UAI_KEY_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai(number: int, *, departement: str = "094") -> str:
    """A well-formed UAI with its control letter, e.g. ``uai(1)`` → ``0940001S``."""
    digits = f"{departement}{number:04d}"
    return digits + UAI_KEY_LETTERS[int(digits) % 23]


def _demo_rows() -> tuple[list[str], dict[str, str]]:
    with DEMO_ANNUAIRE_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        first = next(reader)
        return list(reader.fieldnames or []), first


HEADER, BASE_ROW = _demo_rows()


def school_row(number: int, **overrides: str) -> dict[str, str]:
    """A valid open école élémentaire of Saint-Mandé (circonscription de Vincennes)."""
    row = dict(BASE_ROW)
    row.update(
        {
            "Identifiant_de_l_etablissement": uai(number),
            "Nom_etablissement": f"Ecole élémentaire numéro {number}",
        }
    )
    row.update(overrides)
    return row


def write_annuaire(
    path: Path,
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    bom: bool = False,
) -> Path:
    header = header or HEADER
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=header, delimiter=";", lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in header})
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path
