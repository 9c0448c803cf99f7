"""Months and half-days of the register, and the check that a half-day has class."""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, datetime, time, timedelta

from preau.common.errors import ApplicationError
from preau.schools.calendar import half_day_at, refuse_unless_calendar_known, school_days
from preau.schools.models import Classroom, HalfDay, School, SchoolClosure

MAX_RANGE_DAYS = 366
HALF_DAY_NAMES = {HalfDay.MORNING: "matin", HalfDay.AFTERNOON: "après-midi"}
MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"]


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    return first, last


def month_label(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def refuse_unless_school_half_day(*, classroom: Classroom, on: date, half_day: str,
                                  closures: list[SchoolClosure] | None = None) -> None:
    """400 naming ``date`` (no class that day: holidays, bank holiday, Wednesday, closure,
    another school year) or ``half_day`` (no class that half-day). ``closures``: the
    school's closures of that day when the caller read them already."""
    year = classroom.school_year
    if not (year.start_date <= on <= year.end_date):
        raise ApplicationError(
            f"Cette date n'est pas dans l'année scolaire {year.label} de la classe.",
            fields={"date": ["Hors de l'année scolaire de la classe."]})
    (day,) = school_days(school=classroom.school, start=on, end=on, closures=closures)
    refuse_unless_calendar_known(school=classroom.school, days=[day], field="date")
    if half_day in day.half_days:
        return
    if not day.is_school_day:
        message = f"Pas de classe le {on:%d/%m/%Y} ({day.off.label}) : pas d'appel."
        raise ApplicationError(message, fields={"date": [message]})
    message = f"Pas de classe le {on:%d/%m/%Y} {HALF_DAY_NAMES[half_day]} : pas d'appel."
    raise ApplicationError(message, fields={"half_day": [message]})


def half_day_start(school: School, half_day: str) -> time:
    return school.morning_start if half_day == HalfDay.MORNING else school.afternoon_start


def current_half_day(school: School, now: datetime | None = None) -> str:
    """The half-day whose call is due: the morning until the afternoon starts."""
    return half_day_at(school, now)


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
