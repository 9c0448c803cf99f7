"""The school calendar: which half-days a school holds class.

A school half-day is a weekday of the school's week pattern (4 days: Monday, Tuesday,
Thursday, Friday; 4.5 days: plus Wednesday morning), that is not in its zone's school
holidays (the ``SchoolHoliday`` table: the ministry's published calendar, or what the
DASEN entered for the département for a year the ministry has not published), not a bank
holiday (``jours-feries-france``, with the Alsace-Moselle days where the département needs
them), and not a closure the director recorded. Every app asks here — the roll call,
homework due dates, timetables.

The calendar knows where its knowledge ends: a weekday of a school year whose holidays
are unknown for the school's zone is not a day of class but an ``unknown`` day, labelled
"calendrier scolaire non publié pour 2029-2030"; writes on it are refused
(``refuse_unless_calendar_known``) and the pages show the label as a notice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as data_field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from uuid import uuid4

from django.db import transaction
from django.utils import timezone
from jours_feries_france import JoursFeries

from preau.common.errors import ApplicationError
from preau.common.shared_cache import shared_cache
from preau.schools.calendar_file import school_calendar_load_shipped
from preau.schools.models import (
    HalfDay,
    School,
    SchoolClosure,
    SchoolHoliday,
    SchoolYear,
    WeekPattern,
)

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = 0, 1, 2, 3, 4
FOUR_DAY_WEEK = {MONDAY, TUESDAY, THURSDAY, FRIDAY}


class OffKind:
    WEEKEND = "weekend"  # no class that weekday for this school (incl. Wednesday)
    HOLIDAY = "holiday"
    BANK_HOLIDAY = "bank_holiday"
    CLOSURE = "closure"
    UNKNOWN = "unknown"  # the school year's holidays are not known for the zone yet


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


# --- The holiday table, read once per change -------------------------------------------
#
# The table is small (a few hundred rows). Each process keeps it in memory under a version
# token held in the shared cache (Redis in production; while Redis is away, each process's
# own: ``preau.common.shared_cache``); a write deletes the token (at once
# and after commit), so every process reads the table again on its next question. The
# token expires after a few minutes, which bounds any race between a read and a write.

CALENDAR_VERSION_KEY = "schools:calendar-version"
CALENDAR_VERSION_SECONDS = 300


@dataclass(frozen=True)
class ZoneCalendar:
    """The holidays a school of a zone (and département) has, and the school years known."""

    days: dict[date, str]
    known_years: frozenset[str]


@dataclass
class CalendarData:
    ministry: dict[str, list[SchoolHoliday]] = data_field(default_factory=dict)
    departement: dict[tuple[int, str], list[SchoolHoliday]] = data_field(default_factory=dict)
    zones: dict[tuple[str, int | None], ZoneCalendar] = data_field(default_factory=dict)

    def ministry_years(self, zone: str) -> frozenset[str]:
        return frozenset(h.school_year for h in self.ministry.get(zone, []))

    def zone_calendar(self, zone: str, departement_id: int | None) -> ZoneCalendar:
        key = (zone, departement_id)
        if key not in self.zones:
            published = self.ministry_years(zone)
            holidays = list(self.ministry.get(zone, []))
            entered = [h for h in self.departement.get((departement_id, zone), [])
                       if h.school_year not in published] if departement_id else []
            days: dict[date, str] = {}
            for holiday in holidays + entered:
                day = holiday.start_date
                while day <= holiday.end_date:
                    days.setdefault(day, holiday.name)
                    day += timedelta(days=1)
            self.zones[key] = ZoneCalendar(
                days, published | frozenset(h.school_year for h in entered))
        return self.zones[key]


_loaded: dict[str, CalendarData] = {}


def _read_table() -> CalendarData:
    holidays = list(SchoolHoliday.objects.order_by("start_date", "pk"))
    if not any(h.departement_id is None for h in holidays):
        school_calendar_load_shipped()
        holidays = list(SchoolHoliday.objects.order_by("start_date", "pk"))
    data = CalendarData()
    for holiday in holidays:
        if holiday.departement_id is None:
            data.ministry.setdefault(holiday.zone, []).append(holiday)
        else:
            data.departement.setdefault((holiday.departement_id, holiday.zone),
                                        []).append(holiday)
    return data


def calendar_data() -> CalendarData:
    version = shared_cache.get(CALENDAR_VERSION_KEY)
    if version is not None and version in _loaded:
        return _loaded[version]
    data = _read_table()
    if version is None:
        version = uuid4().hex
        if not shared_cache.add(CALENDAR_VERSION_KEY, version, CALENDAR_VERSION_SECONDS):
            version = shared_cache.get(CALENDAR_VERSION_KEY) or version
    _loaded.clear()
    _loaded[version] = data
    return data


def calendar_changed() -> None:
    """Every process reads the holiday table again (now, and once the write commits)."""
    shared_cache.delete(CALENDAR_VERSION_KEY)
    transaction.on_commit(lambda: shared_cache.delete(CALENDAR_VERSION_KEY))


def published_school_years(*, zone: str) -> frozenset[str]:
    """The school years whose calendar the ministry published for the zone (loaded)."""
    return calendar_data().ministry_years(zone)


def known_until(*, zone: str) -> date | None:
    """The last day the ministry's calendar of the zone covers: the end of its last
    published school year (31 August), ``None`` if nothing is loaded."""
    years = published_school_years(zone=zone)
    if not years:
        return None
    return date(int(max(years)[5:]), 8, 31)


def zone_holidays(zone: str, year: int) -> dict[date, str]:
    """School-holiday dates of a zone in a calendar year (the ministry's), with the name."""
    days = calendar_data().zone_calendar(zone, None).days
    return {day: name for day, name in days.items() if day.year == year}


def unknown_calendar_label(school_year: str) -> str:
    return f"calendrier scolaire non publié pour {school_year}"


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
    zone = calendar_data().zone_calendar(school.holiday_zone,
                                         school.circonscription.departement_id)
    days = []
    day = start
    while day <= end:
        half_days = week_pattern_half_days(school, day.weekday())
        off = None
        holiday = zone.days.get(day)
        bank_holiday = bank_holidays(day.year, alsace_moselle).get(day)
        if holiday:
            off = DayOff(OffKind.HOLIDAY, holiday)
        elif bank_holiday:
            off = DayOff(OffKind.BANK_HOLIDAY, bank_holiday)
        elif half_days and SchoolYear.label_for(day) not in zone.known_years:
            off = DayOff(OffKind.UNKNOWN, unknown_calendar_label(SchoolYear.label_for(day)))
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


def calendar_notices(days: Iterable[SchoolDay]) -> list[str]:
    """The notices a page shows for these days: one per school year not yet known."""
    notices: list[str] = []
    for day in days:
        if day.off is not None and day.off.kind == OffKind.UNKNOWN:
            notice = day.off.label[:1].upper() + day.off.label[1:]
            if notice not in notices:
                notices.append(notice)
    return notices


def refuse_unless_calendar_known(*, school: School, days: Iterable[SchoolDay],
                                 field: str) -> None:
    """400 naming ``field`` when one of ``days`` falls in a school year whose holidays are
    not known for the school's zone: whether there is class then cannot be told."""
    for day in days:
        if day.off is not None and day.off.kind == OffKind.UNKNOWN:
            school_year = SchoolYear.label_for(day.date)
            message = (
                f"Le calendrier scolaire {school_year} de la zone {school.holiday_zone} n'est "
                f"pas encore publié : impossible de dire si le {day.date:%d/%m/%Y} est un jour "
                "de classe. En attendant le ministère, le DASEN peut saisir les vacances du "
                "département.")
            raise ApplicationError(message, code="calendar_unknown", fields={field: [message]})


# --- Which half-day: the one of now, the last one, the next one ----------------------------


def half_day_end(school: School, half_day: str) -> time:
    return school.morning_end if half_day == HalfDay.MORNING else school.afternoon_end


def half_day_is_over(*, school: School, on: date, half_day: str,
                     now: datetime | None = None) -> bool:
    """A half-day is over once its last hour of class has passed (``morning_end``,
    ``afternoon_end``): a day before today, or today's half-day after its end. Only a
    half-day that is over can be a call "not taken" in the register."""
    local = timezone.localtime(now or timezone.now())
    if on != local.date():
        return on < local.date()
    return local.time() >= half_day_end(school, half_day)


def half_day_at(school: School, now: datetime | None = None) -> str:
    """The half-day of the clock: the morning until the afternoon starts."""
    local = timezone.localtime(now or timezone.now()).time()
    return HalfDay.MORNING if local < school.afternoon_start else HalfDay.AFTERNOON


class DayPurpose:
    """What a page shows, which decides the half-day it opens on (``default_half_day``)."""

    RECORDS = "records"  # the roll call, the register, the calls not taken
    HOMEWORK = "homework"  # homework and the cahier de textes: what comes next


@dataclass(frozen=True)
class HalfDayRef:
    date: date
    half_day: str


DEFAULT_DAY_SEARCH_DAYS = 120  # beyond the summer holidays


def default_half_day(*, school: School, purpose: str,
                     now: datetime | None = None) -> HalfDayRef | None:
    """The school half-day a page opens on when none is asked — one rule for every page.

    - **Records** (roll call, register, calls not taken): the half-day of the clock
      (``half_day_at``) when the school holds class then, else the last school half-day
      before it (a Saturday: Friday afternoon; a Wednesday without class: Tuesday
      afternoon; the holidays: the last day before them).
    - **Homework**: the first school half-day that is not over (``half_day_is_over``):
      the one under way or about to start, else the next one (a Saturday, or Friday after
      class: Monday morning, or the day class resumes).

    ``None`` when there is none within ``DEFAULT_DAY_SEARCH_DAYS`` (a calendar not known
    yet counts no day of class). One query (the closures of the range).
    """
    local = timezone.localtime(now or timezone.now())
    today = local.date()
    search = timedelta(days=DEFAULT_DAY_SEARCH_DAYS)
    if purpose == DayPurpose.RECORDS:
        clock = half_day_at(school, local)
        for day in reversed(school_days(school=school, start=today - search, end=today)):
            for half_day in reversed(day.half_days):
                if day.date == today and clock == HalfDay.MORNING \
                        and half_day == HalfDay.AFTERNOON:
                    continue
                return HalfDayRef(day.date, half_day)
        return None
    for day in school_days(school=school, start=today, end=today + search):
        for half_day in day.half_days:
            if not half_day_is_over(school=school, on=day.date, half_day=half_day, now=local):
                return HalfDayRef(day.date, half_day)
    return None


def school_year_on(on: date | None = None) -> SchoolYear | None:
    """The national school year holding ``on`` (today), if the school years hold it."""
    on = on or timezone.localdate()
    return SchoolYear.objects.filter(start_date__lte=on, end_date__gte=on).first()
