"""The registers: the roll-call sheet of a half-day, the calls not taken, the monthly
register (R131-5)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from preau.attendance.dates import month_bounds
from preau.attendance.models import (
    Absence,
    AbsenceKind,
    AbsenceNotice,
    RegisterSignOff,
    RollCall,
)
from preau.people.access import enrolments_active_on
from preau.people.models import Enrolment, Person, StaffAssignment, StaffRole
from preau.schools.calendar import half_day_at, half_day_is_over, school_days, week_start
from preau.schools.models import Classroom, HalfDay, School, SchoolClosure

HALF_DAY_ORDER = {HalfDay.MORNING: 0, HalfDay.AFTERNOON: 1}


def notices_active_on(*, on: date, half_day: str) -> QuerySet[AbsenceNotice]:
    return AbsenceNotice.objects.filter(
        start_date__lte=on, end_date__gte=on, cancelled_at__isnull=True,
    ).filter(Q(half_day="") | Q(half_day=half_day))


def roll_call_sheet(*, classroom: Classroom, on: date, half_day: str) -> dict:
    """Who is in the classroom that day, who was announced absent, and the call if taken.

    Four queries whatever the size of the class: enrolments, the call, its absences, the
    notices.
    """
    enrolled = enrolments_active_on(on).filter(classroom=classroom)
    pupils = list(
        enrolled.order_by("pupil__last_name", "pupil__first_name", "pupil_id")
        .values("pupil_id", "pupil__first_name", "pupil__last_name", "pupil__usage_name",
                "level")
    )
    roll_call = (RollCall.objects.filter(classroom=classroom, date=on, half_day=half_day)
                 .select_related("taken_by").first())
    absences = {}
    if roll_call is not None:
        absences = {row["pupil_id"]: row for row in Absence.objects.filter(roll_call=roll_call)
                    .values("id", "pupil_id", "kind", "minutes_late", "justification_status")}
    notices = {}
    for row in (notices_active_on(on=on, half_day=half_day)
                .filter(pupil_id__in=enrolled.values("pupil_id")).order_by("pk")
                .values("id", "pupil_id", "reason", "comment", "start_date", "end_date",
                        "half_day")):
        notices.setdefault(row["pupil_id"], row)
    rows = []
    for pupil in pupils:
        absence = absences.get(pupil["pupil_id"])
        notice = notices.get(pupil["pupil_id"])
        if roll_call is not None:
            presence = absence["kind"] if absence else "present"
        else:
            presence = AbsenceKind.ABSENT if notice else "present"
        rows.append({
            "pupil": {"id": pupil["pupil_id"], "first_name": pupil["pupil__first_name"],
                      "last_name": pupil["pupil__usage_name"] or pupil["pupil__last_name"]},
            "level": pupil["level"],
            "presence": presence,
            "minutes_late": absence["minutes_late"] if absence else None,
            "absence_id": absence["id"] if absence else None,
            "justification_status": absence["justification_status"] if absence else None,
            "notice": notice,
        })
    return {"classroom": classroom, "date": on, "half_day": half_day, "roll_call": roll_call,
            "pupils": rows}


@dataclass
class NotTaken:
    school: School
    date: date
    half_day: str
    is_school_half_day: bool
    classrooms: list[Classroom]


def roll_calls_not_taken(*, schools: list[School], on: date, half_day: str) -> list[NotTaken]:
    """Per school, the classrooms of the school year whose call of that half-day is missing.

    A fixed number of queries for any number of schools (the authority app reuses it for a
    circonscription) when the schools come with ``select_related("circonscription__
    departement")`` (the calendar needs the département). A school with no class that
    half-day lists nothing; nor does a classroom with no pupil enrolled that day.
    """
    school_ids = [school.pk for school in schools]
    closures = defaultdict(list)
    for closure in SchoolClosure.objects.filter(school_id__in=school_ids, start_date__lte=on,
                                                end_date__gte=on):
        closures[closure.school_id].append(closure)
    missing = defaultdict(list)
    taken = RollCall.objects.filter(classroom_id=OuterRef("pk"), date=on, half_day=half_day)
    for classroom in (Classroom.objects.filter(
            school_id__in=school_ids, school_year__start_date__lte=on,
            school_year__end_date__gte=on)
            .filter(~Exists(taken))
            .filter(Exists(enrolments_active_on(on).filter(classroom_id=OuterRef("pk"))))
            .order_by("name", "pk")):
        missing[classroom.school_id].append(classroom)
    result = []
    for school in schools:
        (day,) = school_days(school=school, start=on, end=on, closures=closures[school.pk])
        is_open = half_day in day.half_days
        result.append(NotTaken(school, on, half_day, is_open,
                               missing[school.pk] if is_open else []))
    return result


def teachers_of(*, classroom_ids) -> dict[int, list[Person]]:
    teachers: dict[int, list[Person]] = defaultdict(list)
    for assignment in (StaffAssignment.objects.filter(classroom_id__in=classroom_ids,
                                                      role=StaffRole.TEACHER)
                       .select_related("person").order_by("created_at", "pk")):
        teachers[assignment.classroom_id].append(assignment.person)
    return teachers


def monthly_register(*, classroom: Classroom, month: date, now: datetime | None = None) -> dict:
    """The legal register of a classroom for a month: pupils × school half-days.

    Each cell: the call's state for the pupil (not enrolled that day, call not taken,
    present, absent, late, or upcoming) and the absence's justification. Totals per pupil.
    The register never accuses the future: a half-day that is not over yet (``now``
    before its end, ``half_day_is_over``) without a call is ``upcoming``, not
    ``not_taken``. A fixed number of queries: closures, enrolments, calls, absences,
    sign-off.
    """
    first, last = month_bounds(month)
    school = classroom.school
    days = [day for day in school_days(school=school, start=first, end=last)
            if day.is_school_day]
    half_days = [(day.date, half_day) for day in days for half_day in day.half_days]
    over = {(on, half_day): half_day_is_over(school=school, on=on, half_day=half_day, now=now)
            for on, half_day in half_days}
    enrolments = list(
        Enrolment.objects.filter(classroom=classroom, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("pupil")
        .order_by("pupil__last_name", "pupil__first_name", "pupil_id", "start_date")
    )
    calls = {(call.date, call.half_day): call for call in RollCall.objects.filter(
        classroom=classroom, date__range=(first, last)).select_related("taken_by")}
    absences = {(a.pupil_id, a.date, a.half_day): a for a in Absence.objects.filter(
        roll_call__classroom=classroom, date__range=(first, last))}
    sign_off = (RegisterSignOff.objects.filter(classroom=classroom, month=first)
                .select_related("signed_by").first())

    periods: dict[int, list[Enrolment]] = defaultdict(list)
    pupils: dict[int, Person] = {}
    for enrolment in enrolments:
        periods[enrolment.pupil_id].append(enrolment)
        pupils.setdefault(enrolment.pupil_id, enrolment.pupil)

    rows = []
    for pupil_id, pupil in pupils.items():
        cells, totals = [], {"absent": 0, "absent_justified": 0, "absent_unjustified": 0,
                             "late": 0, "minutes_late": 0}
        for on, half_day in half_days:
            enrolled = any(e.start_date <= on and (e.end_date is None or on <= e.end_date)
                           for e in periods[pupil_id])
            if not enrolled:
                cells.append(NOT_ENROLLED)
                continue
            call = calls.get((on, half_day))
            if call is None and not over[(on, half_day)]:
                cells.append(UPCOMING)
                continue
            absence = absences.get((pupil_id, on, half_day))
            cells.append(_cell(call, absence))
            if absence is not None and absence.kind == AbsenceKind.ABSENT:
                totals["absent"] += 1
                totals["absent_justified" if absence.is_justified else "absent_unjustified"] += 1
            elif absence is not None:
                totals["late"] += 1
                totals["minutes_late"] += absence.minutes_late or 0
        rows.append({"pupil": pupil, "level": periods[pupil_id][-1].level, "cells": cells,
                     "totals": totals})
    return {
        "classroom": classroom, "month": first,
        "half_days": [{"date": on, "half_day": half_day,
                       "roll_call_taken": (on, half_day) in calls,
                       "is_over": over[(on, half_day)]} for on, half_day in half_days],
        "rows": rows, "sign_off": sign_off,
    }


NOT_ENROLLED = {"presence": "not_enrolled", "minutes_late": None, "absence_id": None,
                "justification_status": None, "absence_reason": ""}
UPCOMING = {"presence": "upcoming", "minutes_late": None, "absence_id": None,
            "justification_status": None, "absence_reason": ""}


def _cell(call: RollCall | None, absence: Absence | None) -> dict:
    if call is None:
        return {"presence": "not_taken", "minutes_late": None, "absence_id": None,
                "justification_status": None, "absence_reason": ""}
    if absence is None:
        return {"presence": "present", "minutes_late": None, "absence_id": None,
                "justification_status": None, "absence_reason": ""}
    return {"presence": absence.kind, "minutes_late": absence.minutes_late,
            "absence_id": absence.pk, "justification_status": absence.justification_status,
            "absence_reason": absence.reason}


@dataclass
class HalfDayNotTaken:
    date: date
    half_day: str
    classrooms: list[dict]  # {"id", "name", "teachers"}


def roll_calls_not_taken_in_week(*, school: School, on: date,
                                 now: datetime | None = None) -> list[HalfDayNotTaken]:
    """The school half-days of the week of ``on`` whose call is due — those of days before
    today, and today's up to the half-day of the clock (a call is due once its half-day
    has begun) — each with the classrooms whose call is missing and their teachers.

    Six queries whatever the week and the school: closures, classrooms, enrolments, calls,
    teachers (and the school's département for the calendar when not loaded).
    """
    start = week_start(on)
    end = start + timedelta(days=6)
    local = timezone.localtime(now or timezone.now())
    clock = (local.date(), HALF_DAY_ORDER[half_day_at(school, local)])
    due = [(day.date, half_day) for day in school_days(school=school, start=start, end=end)
           for half_day in day.half_days
           if (day.date, HALF_DAY_ORDER[half_day]) <= clock]
    if not due:
        return []
    classrooms = list(Classroom.objects.filter(
        school=school, school_year__start_date__lte=end, school_year__end_date__gte=start)
        .select_related("school_year").order_by("name", "pk"))
    ids = [classroom.pk for classroom in classrooms]
    enrolled: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for classroom_id, first, last in (
            Enrolment.objects.filter(classroom_id__in=ids, start_date__lte=end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
            .values_list("classroom_id", "start_date", "end_date")):
        enrolled[classroom_id].append((first, last))
    taken = set(RollCall.objects.filter(classroom_id__in=ids, date__range=(start, end))
                .values_list("classroom_id", "date", "half_day"))
    teachers = teachers_of(classroom_ids=ids)
    result = []
    for day, half_day in due:
        missing = [
            {"id": classroom.pk, "name": classroom.name,
             "teachers": teachers.get(classroom.pk, [])}
            for classroom in classrooms
            if classroom.school_year.start_date <= day <= classroom.school_year.end_date
            and (classroom.pk, day, half_day) not in taken
            and any(first <= day and (last is None or day <= last)
                    for first, last in enrolled[classroom.pk])]
        result.append(HalfDayNotTaken(day, half_day, missing))
    return result
