"""The school calendar: which half-days a school holds class.

A school half-day is a weekday of the school's week pattern (4 days: Monday, Tuesday,
Thursday, Friday; 4.5 days: plus Wednesday morning), that is not in its zone's school
holidays (``vacances-scolaires-france``), not a bank holiday (``jours-feries-france``,
with the Alsace-Moselle days where the département needs them), and not a closure the
director recorded. Every app asks here — the roll call, homework due dates, timetables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from jours_feries_france import JoursFeries
from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

from preau.schools.models import HalfDay, School, SchoolClosure, WeekPattern

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = 0, 1, 2, 3, 4
FOUR_DAY_WEEK = {MONDAY, TUESDAY, THURSDAY, FRIDAY}


class OffKind:
    WEEKEND = "weekend"  # no class that weekday for this school (incl. Wednesday)
    HOLIDAY = "holiday"
    BANK_HOLIDAY = "bank_holiday"
    CLOSURE = "closure"


@dataclass(frozen=True)
class DayOff:
    kind: str
    label: str


@dataclass(frozen=True)
class SchoolDay:
    date: date
    half_days: tuple[str, ...]  # the half-days with class, in order; empty if none
    off: DayOff | None  # why there is no class (for the whole day), if there is none
    half_day_off: dict[str, DayOff] | None = None  # a closure of one half-day only

    @property
    def is_school_day(self) -> bool:
        return bool(self.half_days)


@lru_cache(maxsize=1)
def _holiday_dates() -> SchoolHolidayDates:
    return SchoolHolidayDates()


@lru_cache(maxsize=64)
def zone_holidays(zone: str, year: int) -> dict[date, str]:
    """School-holiday dates of a zone in a calendar year, with the holiday's name."""
    try:
        rows = _holiday_dates().holidays_for_year_and_zone(year, zone)
    except UnsupportedYearException:
        return {}
    return {day: row["nom_vacances"] for day, row in rows.items()}


@lru_cache(maxsize=64)
def bank_holidays(year: int, alsace_moselle: bool) -> dict[date, str]:
    zone = "Alsace-Moselle" if alsace_moselle else "Métropole"
    return {day: name for name, day in JoursFeries.for_year(year, zone).items()}


def week_pattern_half_days(school: School, weekday: int) -> tuple[str, ...]:
    if weekday in FOUR_DAY_WEEK:
        return (HalfDay.MORNING, HalfDay.AFTERNOON)
    if weekday == WEDNESDAY and school.week_pattern == WeekPattern.FOUR_AND_HALF_DAYS:
        return (HalfDay.MORNING,)
    return ()


def _is_alsace_moselle(school: School) -> bool:
    return school.circonscription.departement.is_alsace_moselle


def school_days(
    *, school: School, start: date, end: date, closures: Iterable[SchoolClosure] | None = None
) -> list[SchoolDay]:
    """Every date from ``start`` to ``end`` (inclusive) with its half-days of class.

    ``closures`` may be given when the caller already loaded them (one query for many
    schools); otherwise they are read here in one query.
    """
    if closures is None:
        closures = SchoolClosure.objects.filter(
            school=school, start_date__lte=end, end_date__gte=start
        )
    closed_days: dict[date, DayOff] = {}
    closed_half_days: dict[date, dict[str, DayOff]] = {}
    for closure in closures:
        day = max(closure.start_date, start)
        while day <= min(closure.end_date, end):
            off = DayOff(OffKind.CLOSURE, closure.reason)
            if closure.half_day:
                closed_half_days.setdefault(day, {})[closure.half_day] = off
            else:
                closed_days[day] = off
            day += timedelta(days=1)

    alsace_moselle = _is_alsace_moselle(school)
    days = []
    day = start
    while day <= end:
        half_days = week_pattern_half_days(school, day.weekday())
        off = None
        holiday = zone_holidays(school.holiday_zone, day.year).get(day)
        bank_holiday = bank_holidays(day.year, alsace_moselle).get(day)
        if holiday:
            off = DayOff(OffKind.HOLIDAY, holiday)
        elif bank_holiday:
            off = DayOff(OffKind.BANK_HOLIDAY, bank_holiday)
        elif day in closed_days:
            off = closed_days[day]
        elif not half_days:
            off = DayOff(OffKind.WEEKEND, "Pas de classe")
        if off is not None:
            days.append(SchoolDay(day, (), off))
        else:
            half_closed = closed_half_days.get(day, {})
            open_half_days = tuple(h for h in half_days if h not in half_closed)
            off = next(iter(half_closed.values())) if not open_half_days else None
            days.append(SchoolDay(day, open_half_days, off, half_closed or None))
        day += timedelta(days=1)
    return days


def is_school_half_day(*, school: School, on: date, half_day: str) -> bool:
    """The one question every app asks: does this school hold class then?"""
    (day,) = school_days(school=school, start=on, end=on)
    return half_day in day.half_days


def is_school_day(*, school: School, on: date) -> bool:
    (day,) = school_days(school=school, start=on, end=on)
    return day.is_school_day


def week_start(on: date) -> date:
    """The Monday of the week that contains ``on``."""
    return on - timedelta(days=on.weekday())
