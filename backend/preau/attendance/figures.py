"""Counts of absences: the L131-8 rule and the aggregates the authority app shows."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from preau.attendance.dates import month_bounds
from preau.attendance.models import (
    LEGITIMATE_REASONS,
    Absence,
    AbsenceKind,
    JustificationStatus,
    RollCall,
)
from preau.people.models import Enrolment
from preau.schools.models import School


def unjustified_absences() -> Q:
    """Absent half-days that count for L131-8: not late, and not justified by an accepted,
    legitimate reason ("other" reasons are for the DASEN to weigh: they count)."""
    return Q(kind=AbsenceKind.ABSENT) & ~Q(justification_status=JustificationStatus.ACCEPTED,
                                           reason__in=LEGITIMATE_REASONS)


def unjustified_half_day_counts(*, pupil_ids, month: date) -> dict[int, int]:
    first, last = month_bounds(month)
    rows = (Absence.objects.filter(unjustified_absences(), pupil_id__in=pupil_ids,
                                   date__range=(first, last))
            .values("pupil_id").annotate(count=Count("pk")).order_by())
    return {row["pupil_id"]: row["count"] for row in rows}


def attendance_rates(*, schools: QuerySet[School], start: date, end: date) -> list[dict]:
    """Per school, over the calls taken in ``[start, end]``: expected pupil half-days (the
    pupils enrolled in the classroom on each call's date), absent half-days, unjustified
    absent half-days, late arrivals, and the attendance rate (None if no call).

    Aggregates only — no pupil is named; the caller masks small counts ("<5"). Two queries.
    """
    enrolled = (Enrolment.objects
                .filter(classroom_id=OuterRef("classroom_id"), start_date__lte=OuterRef("date"))
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date")))
                .order_by().values("classroom_id").annotate(n=Count("pk")).values("n"))
    expected = {
        row["classroom__school_id"]: row["expected"]
        for row in RollCall.objects.filter(classroom__school__in=schools,
                                           date__range=(start, end))
        .annotate(enrolled=Coalesce(Subquery(enrolled), 0))
        .values("classroom__school_id").annotate(expected=Sum("enrolled")).order_by()
    }
    absences = {
        row["roll_call__classroom__school_id"]: row
        for row in Absence.objects.filter(roll_call__classroom__school__in=schools,
                                          date__range=(start, end))
        .values("roll_call__classroom__school_id")
        .annotate(absent=Count("pk", filter=Q(kind=AbsenceKind.ABSENT)),
                  unjustified=Count("pk", filter=unjustified_absences()),
                  late=Count("pk", filter=Q(kind=AbsenceKind.LATE)))
        .order_by()
    }
    result = []
    for school_id in sorted(set(expected) | set(absences)):
        counts = absences.get(school_id, {})
        total = expected.get(school_id, 0)
        absent = counts.get("absent", 0)
        result.append({
            "school_id": school_id, "expected_half_days": total, "absent_half_days": absent,
            "unjustified_half_days": counts.get("unjustified", 0),
            "late_arrivals": counts.get("late", 0),
            "attendance_rate": round(1 - absent / total, 4) if total else None,
        })
    return result
