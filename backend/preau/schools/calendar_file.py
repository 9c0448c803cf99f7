"""The ministry's school calendar file (``fr-en-calendrier-scolaire``, semicolon CSV).

The project carries an extract in that format (``data/fr-en-calendrier-scolaire.csv``:
zones A, B and C from 2015-2016, one row per zone); ``manage.py load_school_calendar``
loads a newer file of the dataset.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction

from preau.schools.models import HolidayZone, SchoolHoliday

SHIPPED_CALENDAR = Path(__file__).resolve().parent / "data" / "fr-en-calendrier-scolaire.csv"
MINISTRY_COLUMNS = ("Description", "Date de début", "Date de fin", "Zones", "annee_scolaire")
ZONES = {f"Zone {zone}": zone for zone in HolidayZone.values}
PARIS = ZoneInfo("Europe/Paris")


class CalendarFileError(ValueError):
    """The ministry file cannot be loaded; the message says where and why, in French."""


@dataclass(frozen=True)
class HolidayPeriod:
    school_year: str
    zone: str
    name: str
    start_date: date  # first day without class
    end_date: date  # last day without class


def _ministry_date(value: str) -> date:
    """A date of the ministry's file: ``2029-10-20``, or a timestamp such as
    ``2029-10-20T00:00:00+02:00`` / ``2029-10-19T22:00:00+00:00`` read in Paris time."""
    value = value.strip()
    if "T" not in value:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(PARIS).date()


def parse_ministry_csv(text: str) -> list[HolidayPeriod]:
    """The periods of zones A, B and C in a ``fr-en-calendrier-scolaire`` file.

    Rows of other zones (Corse, overseas) and rows for teachers only (``Population`` =
    ``Enseignants``) are left out; the file has one row per académie, so identical periods
    are kept once. ``Date de fin`` is the day classes resume. Raises ``CalendarFileError``
    naming the line.
    """
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    missing = [column for column in MINISTRY_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise CalendarFileError(
            "Ce fichier n'est pas le calendrier scolaire du ministère (colonnes séparées par "
            f"des points-virgules) : il manque {', '.join(missing)}.")
    periods: dict[tuple, HolidayPeriod] = {}
    for line, row in enumerate(reader, start=2):
        zone = ZONES.get((row.get("Zones") or "").strip())
        if zone is None or (row.get("Population") or "").strip() == "Enseignants":
            continue
        school_year = (row.get("annee_scolaire") or "").strip()
        name = (row.get("Description") or "").strip()
        try:
            start = _ministry_date(row["Date de début"] or "")
            resume = _ministry_date(row["Date de fin"] or "")
        except ValueError as error:
            raise CalendarFileError(f"Ligne {line} : date illisible ({error}).") from None
        first, _, second = school_year.partition("-")
        if not (first.isdigit() and second.isdigit() and len(first) == len(second) == 4
                and int(second) == int(first) + 1):
            raise CalendarFileError(
                f"Ligne {line} : année scolaire « {school_year} » illisible (ex. 2029-2030).")
        if not name:
            raise CalendarFileError(f"Ligne {line} : la description est vide.")
        if resume <= start:
            raise CalendarFileError(f"Ligne {line} : la reprise précède le début des vacances.")
        if not (date(int(first), 7, 1) <= start <= date(int(second), 8, 31)):
            raise CalendarFileError(
                f"Ligne {line} : {start:%d/%m/%Y} n'est pas dans l'année scolaire {school_year}.")
        period = HolidayPeriod(school_year, zone, name[:100], start, resume - timedelta(days=1))
        periods[(zone, school_year, period.name, start)] = period
    if not periods:
        raise CalendarFileError("Le fichier ne contient aucune période des zones A, B ou C.")
    return sorted(periods.values(), key=lambda p: (p.zone, p.start_date))


def school_calendar_load_shipped(*, using: str = "default") -> None:
    """The calendar the project carries, loaded into an empty table (after ``migrate`` or a
    ``flush``; on first use otherwise)."""
    periods = parse_ministry_csv(SHIPPED_CALENDAR.read_text(encoding="utf-8"))
    with transaction.atomic(using=using):
        SchoolHoliday.objects.using(using).bulk_create(
            [SchoolHoliday(school_year=p.school_year, zone=p.zone, name=p.name,
                           start_date=p.start_date, end_date=p.end_date) for p in periods],
            ignore_conflicts=True)
