"""Coverage of an attendance rate: the calls taken against the calls due.

A rate computed from the calls taken says nothing about the half-days nobody called: one
classroom's call is not a school's week. Every rate the authorities read therefore comes
with its coverage, and a school (or classroom) whose calls taken are under
``COVERAGE_THRESHOLD`` of its calls due in a period is "couverture insuffisante": its row
gives no rate, and it is left out of the rates of a wider scope (docs/authority.md).

Calls due: for each classroom with a pupil enrolled in the period (from the first
enrolment to the last, within its school year), one call per school half-day of its
school (``preau.schools.calendar``: the week pattern, the zone's holidays, bank holidays,
the closures the director recorded) that has begun — never a half-day still to come.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from preau.schools.calendar import school_days, week_start
from preau.schools.models import Classroom, HalfDay, School, SchoolClosure

# Under 80 % of the calls due taken, a school's (or classroom's) figures of the period are
# not representative: shown as "couverture insuffisante" and not folded into wider rates.
COVERAGE_THRESHOLD = 0.8


def bucket_of(day: date, period: str) -> date | None:
    """The period a day falls in: the day, its week's Monday, its month's first day, or
    ``None`` for one bucket over the whole range (``period="range"``)."""
    if period == "day":
        return day
    if period == "week":
        return week_start(day)
    if period == "month":
        return day.replace(day=1)
    return None


def is_sufficient(*, taken: int, due: int) -> bool:
    """Enough calls taken for the period's figures to stand for it."""
    if due == 0:
        return taken > 0
    return min(taken, due) >= COVERAGE_THRESHOLD * due


def coverage_ratio(*, taken: int, due: int) -> float | None:
    return round(min(taken, due) / due, 4) if due else None


def _begun_half_days(*, schools: list[School], start: date, end: date,
                     now: datetime) -> dict[int, dict[date, int]]:
    """Per school, the days from ``start`` to ``end`` with the number of their half-days of
    class already begun at ``now``. One query (the closures); schools with the same
    calendar and hours and no closure share one computation."""
    closures = defaultdict(list)
    for closure in SchoolClosure.objects.filter(school_id__in=[s.pk for s in schools],
                                                start_date__lte=end, end_date__gte=start):
        closures[closure.school_id].append(closure)
    local_now = timezone.localtime(now)
    end = min(end, local_now.date())
    shared: dict[tuple, dict[date, int]] = {}
    result: dict[int, dict[date, int]] = {}
    for school in schools:
        key = (school.holiday_zone, school.circonscription.departement_id,
               school.circonscription.departement.is_alsace_moselle, school.week_pattern,
               school.morning_start, school.afternoon_start)
        if not closures[school.pk] and key in shared:
            result[school.pk] = shared[key]
            continue
        days: dict[date, int] = {}
        if start <= end:
            for day in school_days(school=school, start=start, end=end,
                                   closures=closures[school.pk]):
                begun = 0
                for half_day in day.half_days:
                    begins = (school.morning_start if half_day == HalfDay.MORNING
                              else school.afternoon_start)
                    if day.date < local_now.date() or local_now.time() >= begins:
                        begun += 1
                if begun:
                    days[day.date] = begun
        result[school.pk] = days
        if not closures[school.pk]:
            shared[key] = days
    return result


@dataclass
class CallsDue:
    due: dict[tuple, int]  # per (school, bucket), or (school, classroom, bucket)
    classrooms: dict[int, list[int]]  # per school, its classrooms with pupils in the range


def calls_due(*, schools: list[School], start: date, end: date, now: datetime | None = None,
              period: str, by: str) -> CallsDue:
    """The calls due per (school, bucket) — or per (school, classroom, bucket) with
    ``by="classroom"`` — from ``start`` to ``end``, up to ``now``; and the classrooms
    that had pupils then. Two queries."""
    now = now or timezone.now()
    begun = _begun_half_days(schools=schools, start=start, end=end, now=now)
    far = date(9999, 12, 31)
    overlaps = (Q(enrolments__start_date__lte=end)
                & (Q(enrolments__end_date__isnull=True) | Q(enrolments__end_date__gte=start)))
    windows = (Classroom.objects
               .filter(school_id__in=[s.pk for s in schools],
                       school_year__start_date__lte=end, school_year__end_date__gte=start)
               .values("pk", "school_id", "school_year__start_date", "school_year__end_date")
               .annotate(first=Min("enrolments__start_date", filter=overlaps),
                         last=Max(Coalesce("enrolments__end_date", far), filter=overlaps))
               .filter(first__isnull=False)
               .order_by())
    # Classrooms of a school with the same window (most of them) share one count.
    groups: dict[tuple, list[int]] = defaultdict(list)
    classrooms: dict[int, list[int]] = defaultdict(list)
    for window in windows:
        classrooms[window["school_id"]].append(window["pk"])
        first = max(start, window["first"], window["school_year__start_date"])
        last = min(end, window["last"], window["school_year__end_date"])
        groups[(window["school_id"], first, last)].append(window["pk"])
    due: dict[tuple, int] = defaultdict(int)
    for (school_id, first, last), members in groups.items():
        per_bucket: dict[date | None, int] = defaultdict(int)
        for day, half_days in begun.get(school_id, {}).items():
            if first <= day <= last:
                per_bucket[bucket_of(day, period)] += half_days
        for bucket, half_days in per_bucket.items():
            if by == "classroom":
                for pk in members:
                    due[(school_id, pk, bucket)] += half_days
            else:
                due[(school_id, bucket)] += half_days * len(members)
    return CallsDue(dict(due), dict(classrooms))


def bucket_range(bucket: date | None, period: str, *, start: date, end: date
                 ) -> tuple[date, date]:
    """The days of a bucket within ``start``…``end``."""
    if bucket is None:
        return start, end
    if period == "day":
        return bucket, bucket
    if period == "week":
        return max(start, bucket), min(end, bucket + timedelta(days=6))
    next_month = (bucket.replace(day=28) + timedelta(days=4)).replace(day=1)
    return max(start, bucket), min(end, next_month - timedelta(days=1))
