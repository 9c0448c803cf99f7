"""Writes of the schools app: the school-holiday calendar.

Two sources fill ``SchoolHoliday``:

- the ministry's open dataset ``fr-en-calendrier-scolaire`` (semicolon CSV), shipped as
  ``data/fr-en-calendrier-scolaire.csv`` and loaded on first use, or a newer file loaded
  with ``manage.py load_school_calendar <file.csv>``;
- for a school year the ministry has not published, the DASEN of a département (or the
  operator in the Django admin) enters the zone's holidays for the département.

A write tells the calendar (``preau.schools.calendar``) to read the table again, after
commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from preau.common.errors import ApplicationError
from preau.schools.calendar import calendar_changed, published_school_years
from preau.schools.calendar_file import HolidayPeriod
from preau.schools.holiday_calendar import departement_zones
from preau.schools.models import Departement, SchoolHoliday, SchoolYear

MAX_PERIODS = 20


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int
    school_years: dict[str, list[str]]  # zone → the school years the file gives


@transaction.atomic
def school_calendar_load(*, periods: Iterable[HolidayPeriod]) -> LoadReport:
    """Load the ministry's periods; idempotent. A (zone, school year) the file gives is
    replaced by the file's periods, so a corrected date moves rather than duplicates; other
    years stay as they are. Entries of the départements stay too (the ministry's calendar
    takes precedence over them as soon as it exists)."""
    periods = list(periods)
    given = sorted({(p.zone, p.school_year) for p in periods})
    existing = {}
    for holiday in SchoolHoliday.objects.select_for_update().filter(departement__isnull=True):
        if (holiday.zone, holiday.school_year) in given:
            existing[(holiday.zone, holiday.school_year, holiday.name,
                      holiday.start_date)] = holiday
    created = updated = unchanged = 0
    to_create = []
    for period in periods:
        holiday = existing.pop((period.zone, period.school_year, period.name,
                                period.start_date), None)
        if holiday is None:
            to_create.append(SchoolHoliday(school_year=period.school_year, zone=period.zone,
                                           name=period.name, start_date=period.start_date,
                                           end_date=period.end_date))
            created += 1
        elif holiday.end_date != period.end_date:
            holiday.end_date = period.end_date
            holiday.save(update_fields=["end_date"])
            updated += 1
        else:
            unchanged += 1
    if existing:
        SchoolHoliday.objects.filter(pk__in=[h.pk for h in existing.values()]).delete()
        updated += len(existing)
    SchoolHoliday.objects.bulk_create(to_create)
    calendar_changed()
    years: dict[str, list[str]] = {}
    for zone, school_year in given:
        years.setdefault(zone, []).append(school_year)
    return LoadReport(created, updated, unchanged, years)


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


@transaction.atomic
def departement_holidays_set(*, actor, departement: Departement, school_year: str, zone: str,
                             periods: list[dict]) -> list[SchoolHoliday]:
    """The DASEN (or the operator) enters the zone's holidays of a school year for the
    département, replacing what was entered before. Only for a year the ministry has not
    published: once published, the ministry's calendar is the one that counts."""
    first, _, second = school_year.partition("-")
    if not (first.isdigit() and second.isdigit() and int(second) == int(first) + 1):
        raise _refuse("Année scolaire attendue sous la forme 2029-2030.", "school_year")
    if zone not in departement_zones(departement=departement):
        raise _refuse(f"Aucune école du département n'est en zone {zone}.", "zone")
    if school_year in published_school_years(zone=zone):
        raise _refuse(f"Le ministère a publié le calendrier scolaire {school_year} de la zone "
                      f"{zone} : c'est lui qui s'applique.", "school_year")
    if not periods:
        raise _refuse("Indiquez au moins une période de vacances.", "periods")
    if len(periods) > MAX_PERIODS:
        raise _refuse(f"Au plus {MAX_PERIODS} périodes.", "periods")
    year_start, _ = SchoolYear.bounds_for(date(int(first), 9, 1))
    # The summer holidays of the year end at the next rentrée, early in September.
    latest = date(int(second), 9, 15)
    ordered = sorted(enumerate(periods), key=lambda item: item[1]["start_date"])
    previous_end = None
    for index, period in ordered:
        start, end = period["start_date"], period["end_date"]
        if not period["name"].strip():
            raise _refuse("Nommez la période.", f"periods.{index}.name")
        if end < start:
            raise _refuse("La fin précède le début.", f"periods.{index}.end_date")
        if not (year_start <= start and end <= latest):
            raise _refuse(f"Cette période n'est pas dans l'année scolaire {school_year}.",
                          f"periods.{index}.start_date")
        if previous_end is not None and start <= previous_end:
            raise _refuse("Cette période chevauche une autre.", f"periods.{index}.start_date")
        previous_end = end
    SchoolHoliday.objects.filter(departement=departement, zone=zone,
                                 school_year=school_year).delete()
    holidays = SchoolHoliday.objects.bulk_create(
        SchoolHoliday(school_year=school_year, zone=zone, departement=departement,
                      name=period["name"].strip(), start_date=period["start_date"],
                      end_date=period["end_date"], entered_by=actor)
        for _index, period in ordered)
    calendar_changed()
    return holidays
