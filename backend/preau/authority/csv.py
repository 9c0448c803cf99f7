"""CSV export of every authority table: the same rows as the JSON, flattened, masked
figures (and rates computed from them) written "moins de 5 élèves", the rate of a period
with too few calls "couverture insuffisante". Written by the spreadsheet writer of ``preau.common.csv`` (its
``CsvRenderer`` and ``csv_response``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

SUPPRESSED = "moins de 5 élèves"
INSUFFICIENT = "couverture insuffisante"


def cell(row: dict, name: str):
    if name in row.get("suppressed", []):
        return SUPPRESSED
    value = row.get(name)
    return "" if value is None else value


def rate_cell(row: dict, name: str):
    """A rate: masked like a count, and words, never a number, when too few calls cover it."""
    if name in row.get("suppressed", []):
        return SUPPRESSED
    if row.get("coverage_sufficient") is False:
        return INSUFFICIENT
    return cell(row, name)


def school_cells(school) -> list:
    return [school.uai, school.name, school.commune.name, school.circonscription.name]


SCHOOL_HEADER = ["UAI", "École", "Commune", "Circonscription"]

RowsToCells = Callable[[list[dict]], Iterable[list]]
