"""Read-only views of the territory for commune officers, inspectors (IEN) and the DASEN.

Scopes (DESIGN §5, §8), from ``preau.people.access``:
- ``Purpose.OVERSEE`` — every school a viewer oversees: the commune's schools (RPI schools
  shared with it included), the circonscription's, the département's;
- ``Purpose.INSPECT`` — the part an IEN or a DASEN oversees: the schools where the
  inspection views (roll calls not taken, L131-8 cases, cahier de textes recap, timetable
  volume) and exact figures are owed. A commune officer's inspection scope is empty.
The gates of one school, classroom or case are ``preau.authority.access``.

A school in the authority scope but outside the inspection scope is seen as a commune
sees it: aggregates only, with every figure about fewer than 5 pupils masked
(``SMALL_COUNT``): the figure is ``None`` and its name is listed in ``suppressed``.

Every aggregate is computed by the database (``annotate`` / ``aggregate`` with
conditional counts); Python only reshapes the aggregated rows. Each function runs a fixed
number of queries whatever the number of schools, classrooms or pupils.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils import timezone

from preau.attendance.access import cases_visible_to
from preau.attendance.dates import month_bounds
from preau.attendance.figures import unjustified_absences
from preau.attendance.models import (
    Absence,
    AbsenceKind,
    AbsenceNotice,
    AbsenteeismCase,
    CaseStatus,
    RollCall,
)
from preau.authority.access import with_full_figures
from preau.authority.coverage import (
    COVERAGE_THRESHOLD,
    bucket_range,
    calls_due,
    coverage_ratio,
    is_sufficient,
)
from preau.authority.models import AccessLog
from preau.homework.models import Homework, HomeworkStatus, LessonEntry
from preau.people.access import (
    Purpose,
    authority_scope,
    enrolments_active_on,
    schools_visible_to,
    viewer_person_id,
)
from preau.people.models import (
    AuthorityMembership,
    AuthorityRole,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
    StaffRole,
)
from preau.people.selectors import SMALL_COUNT
from preau.schools.calendar import school_days, week_start
from preau.schools.models import (
    LEVEL_ORDER,
    Circonscription,
    Classroom,
    HalfDay,
    School,
    SchoolClosure,
)
from preau.timetable.models import ExceptionKind, TimetableException
from preau.timetable.selectors import NATIONAL_WEEKLY_MINUTES, weekly_teaching_minutes

# A pupil who left a school and comes back within this many days (the summer holidays
# between two classrooms of the same school) has not moved.
SAME_SCHOOL_GAP_DAYS = 92


# --- Scopes -----------------------------------------------------------------------------


def viewer_authority_roles(*, viewer) -> list[str]:
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return []
    roles = authority_scope(person_id=person_id).roles
    return [role for role in AuthorityRole.values if role in roles]


def scope_schools(*, viewer, filters: dict | None = None) -> QuerySet[School]:
    filters = filters or {}
    qs = with_full_figures(schools_visible_to(viewer, purpose=Purpose.OVERSEE), viewer=viewer)
    if filters.get("commune"):
        qs = qs.filter(Q(commune__insee_code=filters["commune"])
                       | Q(rpi_communes__insee_code=filters["commune"])).distinct()
    if filters.get("circonscription"):
        qs = qs.filter(circonscription__code=filters["circonscription"])
    if filters.get("school"):
        qs = qs.filter(pk=filters["school"])
    if filters.get("search"):
        term = filters["search"]
        qs = qs.filter(Q(name__icontains=term) | Q(uai__iexact=term)
                       | Q(commune__name__icontains=term))
    return qs.select_related("commune", "circonscription__departement").order_by("name", "pk")


def inspected_schools(*, viewer, filters: dict | None = None) -> QuerySet[School]:
    return scope_schools(viewer=viewer, filters=filters).filter(
        pk__in=schools_visible_to(viewer, purpose=Purpose.INSPECT).values("pk"))


# --- Small-count suppression ---------------------------------------------------------------


def mask(row: dict, *, full: bool, counts: list[str],
         dependent: dict[str, list[str]] | None = None) -> dict:
    """Mask, for a commune, every pupil count under ``SMALL_COUNT`` (0 included), and every
    figure that depends on a masked count (a rate computed from it)."""
    row["suppressed"] = []
    if full:
        return row
    for name in counts:
        if row.get(name) is not None and row[name] < SMALL_COUNT:
            row[name] = None
            row["suppressed"].append(name)
    for name, sources in (dependent or {}).items():
        if any(source in row["suppressed"] for source in sources) and row.get(name) is not None:
            row[name] = None
            row["suppressed"].append(name)
    return row


# --- Schools, classrooms, key figures ---------------------------------------------------------


def _pupil_count(on: date, *, outer: str) -> Subquery:
    return Coalesce(Subquery(
        enrolments_active_on(on).filter(**{outer: OuterRef("pk")})
        .order_by().values(outer).annotate(n=Count("pk")).values("n")), 0)


def school_rows(*, viewer, schools: list[School], on: date) -> list[dict]:
    """Per school of a page: classrooms, pupils, calls not taken this morning, open cases."""
    ids = [school.pk for school in schools]
    figures = {row["pk"]: row for row in School.objects.filter(pk__in=ids).annotate(
        pupils=_pupil_count(on, outer="classroom__school"),
        classrooms_count=Count("classrooms", filter=Q(
            classrooms__school_year__start_date__lte=on,
            classrooms__school_year__end_date__gte=on), distinct=True),
    ).values("pk", "pupils", "classrooms_count")}
    cases = dict(AbsenteeismCase.objects.filter(classroom__school_id__in=ids)
                 .exclude(status=CaseStatus.CLOSED).values("classroom__school_id")
                 .annotate(n=Count("pk")).order_by().values_list("classroom__school_id", "n"))
    rows = []
    for school in schools:
        counts = figures.get(school.pk, {})
        row = {"school": school, "classrooms": counts.get("classrooms_count", 0),
               "pupils": counts.get("pupils", 0),
               "open_l1318_cases": cases.get(school.pk, 0) if school.full_figures else None}
        rows.append(mask(row, full=school.full_figures, counts=["pupils"]))
    return rows


def classroom_rows(*, school: School, on: date) -> list[dict]:
    """The classrooms of a school this school year, with pupils per level."""
    classrooms = list(Classroom.objects.filter(
        school=school, school_year__start_date__lte=on, school_year__end_date__gte=on)
        .annotate(pupils=_pupil_count(on, outer="classroom")).select_related("school_year")
        .order_by("name", "pk"))
    levels = defaultdict(dict)
    for row in (enrolments_active_on(on).filter(classroom__in=[c.pk for c in classrooms])
                .values("classroom_id", "level").annotate(n=Count("pk")).order_by()):
        levels[row["classroom_id"]][row["level"]] = row["n"]
    teachers = defaultdict(list)
    for assignment in (StaffAssignment.objects.filter(
            classroom__in=[c.pk for c in classrooms], role=StaffRole.TEACHER)
            .select_related("person").order_by("person__last_name", "person__first_name")):
        teachers[assignment.classroom_id].append(assignment.person.full_name)
    result = []
    for classroom in classrooms:
        result.append(classroom_row(classroom, full=school.full_figures,
                                    levels=levels[classroom.pk], teachers=teachers[classroom.pk]))
    return result


def classroom_row(classroom: Classroom, *, full: bool, levels: dict, teachers: list) -> dict:
    level_rows = [mask({"level": level, "pupils": levels.get(level, 0)}, full=full,
                       counts=["pupils"]) for level in classroom.levels]
    row = {"id": classroom.pk, "name": classroom.name, "levels": classroom.levels,
           "school_year": classroom.school_year.label, "teachers": teachers,
           "pupils": classroom.pupils, "pupils_per_level": level_rows}
    return mask(row, full=full, counts=["pupils"])


def classroom_detail(*, classroom: Classroom, on: date) -> dict:
    classroom.pupils = enrolments_active_on(on).filter(classroom=classroom).count()
    levels = dict(enrolments_active_on(on).filter(classroom=classroom).values("level")
                  .annotate(n=Count("pk")).order_by().values_list("level", "n"))
    teachers = [a.person.full_name for a in StaffAssignment.objects.filter(
        classroom=classroom, role=StaffRole.TEACHER).select_related("person")
        .order_by("person__last_name")]
    row = classroom_row(classroom, full=classroom.full_figures, levels=levels, teachers=teachers)
    row["school"] = classroom.school
    return row


def overview(*, viewer, on: date) -> dict:
    scope = schools_visible_to(viewer, purpose=Purpose.OVERSEE)
    inspected = schools_visible_to(viewer, purpose=Purpose.INSPECT)
    totals = scope.aggregate(schools=Count("pk", distinct=True))
    pupils = enrolments_active_on(on).filter(classroom__school__in=scope).count()
    classrooms = Classroom.objects.filter(
        school__in=scope, school_year__start_date__lte=on, school_year__end_date__gte=on).count()
    full = not scope.exclude(pk__in=inspected.values("pk")).exists()
    first, _last = month_bounds(on)
    rates = attendance_table(viewer=viewer, schools=scope, start=first, end=on,
                             period="month", by="scope")
    memberships = AuthorityMembership.objects.filter(
        person_id=viewer_person_id(viewer)).select_related(
        "commune", "circonscription", "departement")
    row = {
        "date": on,
        "authority_roles": viewer_authority_roles(viewer=viewer),
        "scopes": [{"role": m.role, "code": (m.commune.insee_code if m.commune else
                                             m.circonscription.code if m.circonscription
                                             else m.departement.code),
                    "name": str(m.commune or m.circonscription or m.departement)}
                   for m in memberships],
        "schools": totals["schools"], "classrooms": classrooms, "pupils": pupils,
        "attendance_rate_this_month": rates[0]["attendance_rate"] if rates else None,
        "attendance_rate_this_month_suppressed": bool(
            rates and "attendance_rate" in rates[0]["suppressed"]),
        "attendance_coverage": _coverage_summary(rates[0] if rates else None),
        "open_l1318_cases": (AbsenteeismCase.objects.filter(classroom__school__in=inspected)
                             .exclude(status=CaseStatus.CLOSED).count()
                             if inspected.exists() else None),
    }
    row = mask(row, full=full, counts=["pupils"])
    if row.pop("attendance_rate_this_month_suppressed"):
        row["suppressed"].append("attendance_rate_this_month")
    return row


# What changed is read against the week before: sessions end at sign-out, so no earlier
# visit is on record, and an authority reads its figures week by week (docs/today.md).
NEW_CASE_DAYS = 7


def week_summary(*, viewer, on: date, now: datetime | None = None) -> dict:
    """The few figures of the week for an authority's home page, with what changed since
    the week before: the attendance rate of this week and of last week, each with its
    coverage (the same ``attendance_table`` as the dashboards: masked under 5 pupils for a
    commune, no rate under the coverage threshold), and for an IEN or a DASEN the open
    L131-8 cases and those opened in the last seven days. A fixed number of queries
    (``attendance_table``'s for the scope, and two)."""
    now = now or timezone.now()
    scope = schools_visible_to(viewer, purpose=Purpose.OVERSEE)
    inspected = schools_visible_to(viewer, purpose=Purpose.INSPECT)
    this_monday = week_start(on)
    last_monday = this_monday - timedelta(days=7)
    rows = {row["period_start"]: row for row in attendance_table(
        viewer=viewer, schools=scope, start=last_monday, end=on, period="week", by="scope",
        now=now)}
    cases = (AbsenteeismCase.objects.filter(classroom__school__in=inspected).aggregate(
        open=Count("pk", filter=~Q(status=CaseStatus.CLOSED)),
        new=Count("pk", filter=Q(opened_at__gte=now - timedelta(days=NEW_CASE_DAYS)))))
    inspects = inspected.exists()

    def week(monday: date) -> dict:
        row = rows.get(monday)
        return {"start": monday, "attendance_rate": row["attendance_rate"] if row else None,
                "coverage": _coverage_summary(row),
                "suppressed": list(row["suppressed"]) if row else []}

    return {
        "this_week": week(this_monday),
        "last_week": week(last_monday),
        "open_l1318_cases": cases["open"] if inspects else None,
        "new_l1318_cases": cases["new"] if inspects else None,
    }


def _coverage_summary(row: dict | None) -> dict:
    """What a scope's rate covers: calls taken / due, schools counted and left out."""
    row = row or {}
    return {"calls_due": row.get("calls_due", 0), "calls_taken": row.get("roll_calls", 0),
            "coverage": row.get("coverage"), "threshold": COVERAGE_THRESHOLD,
            "schools": row.get("schools", 0), "schools_covered": row.get("schools_covered", 0),
            "schools_left_out": row.get("schools_left_out", 0),
            "schools_without_calls": row.get("schools_without_calls", 0)}


def inspected_circonscriptions(*, viewer) -> QuerySet[Circonscription]:
    """The circonscriptions with a school in the viewer's inspection scope."""
    return (Circonscription.objects
            .filter(pk__in=schools_visible_to(viewer, purpose=Purpose.INSPECT).values("circonscription_id"))
            .select_related("departement").order_by("name", "pk"))


def circonscription_rows(*, viewer, circonscriptions: list[Circonscription], on: date,
                         month: date | None = None, now: datetime | None = None) -> list[dict]:
    """Per circonscription of a page: schools, classrooms and pupils on ``on``, attendance
    of ``month`` up to ``on`` with its coverage, open L131-8 cases (the DASEN's drill-down:
    each row leads to ``/schools/?circonscription=<code>``).

    The attendance rate is computed over the schools whose calls cover the month
    (``preau.authority.coverage``); the others are counted in ``attendance_coverage``.
    Each other figure is one ``GROUP BY`` circonscription over the page's
    circonscriptions. Ten queries.
    """
    first, last = month_bounds(month or on)
    on = min(on, last)
    ids = [circonscription.pk for circonscription in circonscriptions]

    def per_circonscription(qs, path: str, **figures) -> dict[int, dict]:
        return {row[path]: row for row in qs.values(path).annotate(**figures).order_by()}

    inspected = School.objects.filter(
        circonscription_id__in=ids,
        pk__in=schools_visible_to(viewer, purpose=Purpose.INSPECT).values("pk"))
    circonscription_of = dict(inspected.values_list("pk", "circonscription_id"))
    classrooms = per_circonscription(
        Classroom.objects.filter(school__circonscription_id__in=ids,
                                 school_year__start_date__lte=on, school_year__end_date__gte=on),
        "school__circonscription_id", classrooms=Count("pk"))
    pupils = per_circonscription(
        enrolments_active_on(on).filter(classroom__school__circonscription_id__in=ids),
        "classroom__school__circonscription_id", pupils=Count("pk"))
    attendance = defaultdict(lambda: {"expected": 0, "absent": 0, "late": 0, "calls_due": 0,
                                      "roll_calls": 0, "schools": 0, "schools_covered": 0,
                                      "schools_without_calls": 0})
    for row in attendance_table(viewer=viewer, schools=inspected, start=first, end=on,
                                period="month", by="school", now=now, pupils_concerned=False):
        sums = attendance[circonscription_of[row["school_id"]]]
        sums["calls_due"] += row["calls_due"]
        sums["roll_calls"] += row["roll_calls"]
        sums["schools"] += 1
        sums["schools_without_calls"] += row["roll_calls"] == 0
        if row["coverage_sufficient"] and row["expected_half_days"]:
            sums["schools_covered"] += 1
            sums["expected"] += row["expected_half_days"]
            sums["absent"] += row["absent_half_days"]
            sums["late"] += row["late_arrivals"]
    cases = per_circonscription(
        AbsenteeismCase.objects.filter(classroom__school__circonscription_id__in=ids)
        .exclude(status=CaseStatus.CLOSED),
        "classroom__school__circonscription_id", cases=Count("pk"))
    rows = []
    for circonscription in circonscriptions:
        key = circonscription.pk
        sums = attendance[key]
        expected, absent, late = sums["expected"], sums["absent"], sums["late"]
        rows.append({
            "code": circonscription.code, "name": circonscription.name,
            "departement": circonscription.departement,
            "schools": sum(1 for c in circonscription_of.values() if c == key),
            "classrooms": classrooms.get(key, {}).get("classrooms", 0),
            "pupils": pupils.get(key, {}).get("pupils", 0),
            "expected_half_days": expected, "absent_half_days": absent, "late_arrivals": late,
            "attendance_rate": round(1 - absent / expected, 4) if expected else None,
            "lateness_rate": round(late / expected, 4) if expected else None,
            "attendance_coverage": _coverage_summary({
                **sums, "coverage": coverage_ratio(taken=sums["roll_calls"],
                                                   due=sums["calls_due"]),
                "schools_left_out": sums["schools"] - sums["schools_covered"]}),
            "open_l1318_cases": cases.get(key, {}).get("cases", 0),
        })
    return rows


# --- Commune: headcounts, movements, pupils (R131-3), canteen ---------------------------------


def headcount_rows(*, schools: list[School], on: date) -> list[dict]:
    """Per school: pupils enrolled on ``on``, per level and per classroom. Three queries."""
    ids = [school.pk for school in schools]
    per_level = defaultdict(dict)
    for row in (enrolments_active_on(on).filter(classroom__school_id__in=ids)
                .values("classroom__school_id", "level").annotate(n=Count("pk")).order_by()):
        per_level[row["classroom__school_id"]][row["level"]] = row["n"]
    per_classroom = defaultdict(list)
    for classroom in (Classroom.objects.filter(school_id__in=ids, school_year__start_date__lte=on,
                                               school_year__end_date__gte=on)
                      .annotate(pupils=_pupil_count(on, outer="classroom"))
                      .order_by("name", "pk")):
        per_classroom[classroom.school_id].append(classroom)
    rows = []
    for school in schools:
        full = school.full_figures
        levels = per_level[school.pk]
        row = {
            "school": school, "date": on, "pupils": sum(levels.values()),
            "levels": [mask({"level": level, "pupils": count}, full=full, counts=["pupils"])
                       for level, count in sorted(levels.items(), key=_level_order)],
            "classrooms": [mask({"id": c.pk, "name": c.name, "levels": c.levels,
                                 "pupils": c.pupils}, full=full, counts=["pupils"])
                           for c in per_classroom[school.pk]],
        }
        rows.append(mask(row, full=full, counts=["pupils"]))
    return rows


def _level_order(item) -> int:
    return LEVEL_ORDER.index(item[0]) if item[0] in LEVEL_ORDER else len(LEVEL_ORDER)


def movement_rows(*, schools: list[School], month: date) -> list[dict]:
    """Per school, the arrivals and departures of a calendar month. One query.

    An arrival is an enrolment starting in the month with no enrolment of the same pupil in
    the same school ending in the ``SAME_SCHOOL_GAP_DAYS`` before (a change of classroom,
    the next school year in the same school, is not a movement); a departure, the reverse.
    """
    first, last = month_bounds(month)
    ids = [school.pk for school in schools]
    gap = timedelta(days=SAME_SCHOOL_GAP_DAYS)
    came_from_same_school = Enrolment.objects.filter(
        pupil_id=OuterRef("pupil_id"), classroom__school_id=OuterRef("classroom__school_id"),
        start_date__lt=OuterRef("start_date"), end_date__isnull=False,
        end_date__gte=ExpressionWrapper(OuterRef("start_date") - gap, output_field=DateField()))
    stays_in_same_school = Enrolment.objects.filter(
        pupil_id=OuterRef("pupil_id"), classroom__school_id=OuterRef("classroom__school_id"),
        start_date__gt=OuterRef("end_date"),
        start_date__lte=ExpressionWrapper(OuterRef("end_date") + gap, output_field=DateField()))
    counts = {row["classroom__school_id"]: row for row in (
        Enrolment.objects.filter(classroom__school_id__in=ids)
        .filter(Q(start_date__range=(first, last)) | Q(end_date__range=(first, last)))
        .values("classroom__school_id")
        .annotate(arrivals=Count("pk", filter=Q(start_date__range=(first, last))
                                 & ~Q(Exists(came_from_same_school))),
                  departures=Count("pk", filter=Q(end_date__range=(first, last))
                                   & ~Q(Exists(stays_in_same_school))))
        .order_by())}
    rows = []
    for school in schools:
        row = counts.get(school.pk, {})
        rows.append(mask({"school": school, "month": first,
                          "arrivals": row.get("arrivals", 0),
                          "departures": row.get("departures", 0)},
                         full=school.full_figures, counts=["arrivals", "departures"]))
    return rows


def residing_pupils_q(*, viewer, school: School) -> Q:
    """R131-3 gives the mayor the children of school age *residing in the commune*. In an
    RPI each commune sees the pupils whose legal guardians live in it (their address, from
    ONDE); the school's own commune also sees the pupils who live outside the RPI's
    communes, or whose commune is unknown."""
    communes = AuthorityMembership.objects.filter(
        person_id=viewer_person_id(viewer), role=AuthorityRole.COMMUNE).values("commune_id")
    legal = Guardianship.objects.filter(pupil_id=OuterRef("pk"), is_legal=True)
    rpi_communes = School.rpi_communes.through.objects.filter(school_id=school.pk).values(
        "commune_id")
    lives_in_the_rpi = Exists(legal.filter(
        Q(guardian__residence_commune_id=school.commune_id)
        | Q(guardian__residence_commune_id__in=rpi_communes)))
    is_the_school_commune = Exists(AuthorityMembership.objects.filter(
        person_id=viewer_person_id(viewer), role=AuthorityRole.COMMUNE,
        commune_id=school.commune_id))
    return (Exists(legal.filter(guardian__residence_commune_id__in=communes))
            | (is_the_school_commune & ~lives_in_the_rpi))


def pupils_of_school(*, viewer, school: School, on: date) -> QuerySet[Person]:
    """R131-3: the pupils enrolled in the school, with their legal guardians; for a
    commune, those residing in it (``residing_pupils_q``). Two queries."""
    enrolled = enrolments_active_on(on).filter(classroom__school=school).values("pupil_id")
    pupils = Person.objects.filter(pk__in=enrolled)
    if not school.full_figures:
        pupils = pupils.filter(residing_pupils_q(viewer=viewer, school=school))
    return (pupils
            .prefetch_related(Prefetch(
                "guardianships",
                queryset=Guardianship.objects.filter(is_legal=True).select_related("guardian")
                .order_by("guardian__last_name", "guardian__first_name", "pk"),
                to_attr="legal_guardianships"))
            .order_by("last_name", "first_name", "pk"))


def _open_days(*, school: School, start: date, count: int, horizon: date,
               closures: list[SchoolClosure]) -> list[date]:
    """The first ``count`` days of class from ``start``: the calendar of the next week and a
    half first (enough outside the holidays), up to ``horizon`` only when it is not."""
    end = min(horizon, start + timedelta(days=count + count // 2 + 3))
    while True:
        open_days = [d.date for d in school_days(school=school, start=start, end=end,
                                                 closures=closures)
                     if HalfDay.MORNING in d.half_days or HalfDay.AFTERNOON in d.half_days]
        if len(open_days) >= count or end >= horizon:
            return open_days[:count]
        end = horizon


def canteen_rows(*, schools: list[School], today: date, days: int) -> list[dict]:
    """Per school and coming school day: pupils enrolled minus declared absences (morning or
    whole day); for today, also what the morning calls already taken say. Five queries."""
    ids = [school.pk for school in schools]
    horizon = today + timedelta(days=days * 2 + 14)
    closures = defaultdict(list)
    for closure in SchoolClosure.objects.filter(school_id__in=ids, start_date__lte=horizon,
                                                end_date__gte=today):
        closures[closure.school_id].append(closure)
    calendars = {}
    dates: set[date] = set()
    for school in schools:
        calendars[school.pk] = _open_days(school=school, start=today, count=days,
                                          horizon=horizon, closures=closures[school.pk])
        dates.update(calendars[school.pk])
    dates_list = sorted(dates)
    morning_call = RollCall.objects.filter(classroom_id=OuterRef("classroom_id"), date=today,
                                           half_day=HalfDay.MORNING)
    annotations = {}
    for index, day in enumerate(dates_list):
        active = Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
        notice = AbsenceNotice.objects.filter(
            pupil_id=OuterRef("pupil_id"), start_date__lte=day, end_date__gte=day,
            cancelled_at__isnull=True).filter(Q(half_day="") | Q(half_day=HalfDay.MORNING))
        annotations[f"enrolled_{index}"] = Count("pk", filter=active)
        annotations[f"announced_{index}"] = Count("pk", filter=active & Q(Exists(notice)))
        if day == today:
            annotations["uncalled_enrolled"] = Count("pk", filter=active & ~Q(Exists(morning_call)))
            annotations["uncalled_announced"] = Count(
                "pk", filter=active & Q(Exists(notice)) & ~Q(Exists(morning_call)))
    figures = {}
    if dates_list:
        figures = {row["classroom__school_id"]: row for row in (
            Enrolment.objects.filter(classroom__school_id__in=ids, start_date__lte=dates_list[-1])
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .values("classroom__school_id").annotate(**annotations).order_by())}
    calls = {row["classroom__school_id"]: row for row in (
        RollCall.objects.filter(classroom__school_id__in=ids, date=today,
                                half_day=HalfDay.MORNING)
        .values("classroom__school_id")
        .annotate(calls=Count("pk"), called_enrolled=Sum("pupil_count")).order_by())}
    absent = dict(Absence.objects.filter(roll_call__classroom__school_id__in=ids, date=today,
                                         half_day=HalfDay.MORNING, kind=AbsenceKind.ABSENT,
                                         roll_call__date=today)
                  .values("roll_call__classroom__school_id").annotate(n=Count("pk"))
                  .order_by().values_list("roll_call__classroom__school_id", "n"))
    classrooms = dict(Classroom.objects.filter(
        school_id__in=ids, school_year__start_date__lte=today, school_year__end_date__gte=today)
        .filter(Exists(enrolments_active_on(today).filter(classroom_id=OuterRef("pk"))))
        .values("school_id").annotate(n=Count("pk")).order_by().values_list("school_id", "n"))
    rows = []
    for school in schools:
        full = school.full_figures
        figure = figures.get(school.pk, {})
        forecast = []
        for day in calendars[school.pk]:
            index = dates_list.index(day)
            enrolled = figure.get(f"enrolled_{index}", 0)
            announced = figure.get(f"announced_{index}", 0)
            forecast.append(mask({"date": day, "enrolled": enrolled,
                                  "announced_absent": announced,
                                  "expected": enrolled - announced},
                                 full=full, counts=["enrolled", "announced_absent", "expected"]))
        today_row = None
        if calendars[school.pk] and calendars[school.pk][0] == today:
            call = calls.get(school.pk, {})
            present_called = (call.get("called_enrolled") or 0) - absent.get(school.pk, 0)
            expected_uncalled = (figure.get("uncalled_enrolled", 0)
                                 - figure.get("uncalled_announced", 0))
            today_row = mask({
                "date": today, "classrooms": classrooms.get(school.pk, 0),
                "morning_roll_calls_taken": call.get("calls", 0),
                "present_in_called_classrooms": present_called,
                "expected_in_other_classrooms": expected_uncalled,
                "estimate": present_called + expected_uncalled,
            }, full=full, counts=["present_in_called_classrooms", "expected_in_other_classrooms",
                                  "estimate"])
        rows.append({"school": school, "has_canteen": school.has_canteen, "days": forecast,
                     "today": today_row})
    return rows


# --- Attendance aggregates ------------------------------------------------------------------


def attendance_table(*, viewer, schools: QuerySet[School], start: date, end: date,
                     period: str, by: str, now: datetime | None = None,
                     pupils_concerned: bool = True) -> list[dict]:
    """Attendance per school (or classroom, or the whole scope) and per day, week or month,
    with its coverage.

    Expected pupil half-days: for each call taken, the pupils enrolled in its classroom that
    day (``RollCall.pupil_count``, stored with the call). Absent and late half-days, and
    the distinct pupils they concern, from the exceptions recorded. Coverage: the calls
    taken against the calls due (``preau.authority.coverage``); a school or classroom with
    calls due and none taken has a row too (no rate), and a row under the threshold gives
    no rate (``coverage_sufficient: false``). The scope's rows (``by="scope"``) are computed
    over the covered schools only and say how many were left out. Figures of schools
    outside the inspection scope are masked under 5 pupils. ``pupils_concerned=False``
    skips the distinct pupils absent or late (only the masking needs them: for a caller
    that sums exact figures). Six queries (seven for the scope: its first pass reads the
    calls per school only, to know which are covered).
    """
    now = now or timezone.now()
    school_list = list(School.objects.filter(pk__in=schools.values("pk"))
                       .select_related("circonscription__departement").order_by("pk"))
    group_by = "classroom" if by == "classroom" else "school"
    # The scope's classrooms with pupils in the range, as a list of ids (read with the calls
    # due): with the scope's subquery, PostgreSQL could not tell how many schools it keeps
    # and joined the whole département's month before filtering; with the ids it reads the
    # calls of those classrooms that month through the (classroom, date) index, so that the
    # cost follows the scope and not the years kept (docs/benchmarks-profiles.md, scenario 6).
    found = calls_due(schools=school_list, start=start, end=end, now=now, period=period,
                      by=group_by)
    due = found.due
    classroom_ids = [pk for ids in found.classrooms.values() for pk in ids]
    figures = _attendance_figures(classroom_ids=classroom_ids, start=start, end=end,
                                  period=period, group_by=group_by,
                                  absences=by != "scope", pupils_concerned=pupils_concerned)
    inspected = set(schools_visible_to(viewer, purpose=Purpose.INSPECT)
                    .filter(pk__in=[s.pk for s in school_list]).values_list("pk", flat=True))
    rows = []
    for key in sorted(set(figures) | {k for k, n in due.items() if n}):
        rows.append(_attendance_row(figures.get(key), key=key, group_by=group_by,
                                    calls_due=due.get(key, 0)))
    if by != "scope":
        if not pupils_concerned and {s.pk for s in school_list} - inspected:
            raise ValueError("Masked figures need the pupils concerned.")
        return [_mask_attendance(row, full=row["school_id"] in inspected) for row in rows]

    # The scope: the covered schools' figures, per bucket, and who was left out.
    covered: dict = defaultdict(list)
    summary: dict = defaultdict(lambda: {"calls_due": 0, "roll_calls": 0, "schools": 0,
                                         "schools_covered": 0, "schools_without_calls": 0})
    for row in rows:
        bucket = row["period_start"]
        counts = summary[bucket]
        counts["calls_due"] += row["calls_due"]
        counts["roll_calls"] += row["roll_calls"]
        counts["schools"] += 1
        counts["schools_without_calls"] += row["roll_calls"] == 0
        if row["coverage_sufficient"]:
            counts["schools_covered"] += 1
            covered[bucket].append(row["school_id"])
    def classrooms_of(school_ids) -> list[int]:
        return [pk for school_id in school_ids for pk in found.classrooms.get(school_id, [])]

    covered_ids = {school_id for ids in covered.values() for school_id in ids}
    calls_filter = None
    if len({frozenset(ids) for ids in covered.values()}) > 1:
        # Different schools covered in different buckets: each bucket its own.
        calls_filter = Q(pk__in=[])
        for bucket, ids in covered.items():
            first, last = bucket_range(bucket, period, start=start, end=end)
            calls_filter |= Q(classroom_id__in=classrooms_of(ids), date__range=(first, last))
    scope_figures = _attendance_figures(
        classroom_ids=classrooms_of(covered_ids), start=start, end=end, period=period,
        group_by="scope", calls_filter=calls_filter)
    full = not {s.pk for s in school_list} - inspected
    scope_rows = []
    for bucket in sorted(summary):
        counts = summary[bucket]
        row = _attendance_row(scope_figures.get((bucket,)), key=(bucket,),
                              group_by="scope", calls_due=counts["calls_due"])
        row.update(roll_calls=counts["roll_calls"], schools=counts["schools"],
                   schools_covered=counts["schools_covered"],
                   schools_left_out=counts["schools"] - counts["schools_covered"],
                   schools_without_calls=counts["schools_without_calls"],
                   coverage=coverage_ratio(taken=counts["roll_calls"], due=counts["calls_due"]),
                   coverage_sufficient=counts["schools_covered"] > 0)
        scope_rows.append(_mask_attendance(row, full=full))
    return scope_rows


def _attendance_figures(*, classroom_ids: list[int], start: date, end: date, period: str,
                        group_by: str, calls_filter: Q | None = None, absences: bool = True,
                        pupils_concerned: bool = True) -> dict[tuple, dict]:
    """Calls and absences of the classrooms, per group and bucket. Two queries (one
    without the absences)."""
    bucket = {"day": "date", "week": "week", "month": "month"}[period]
    call_group = {"scope": [], "school": ["classroom__school_id"],
                  "classroom": ["classroom__school_id", "classroom_id"]}[group_by]
    absence_group = {"scope": [], "school": ["roll_call__classroom__school_id"],
                     "classroom": ["roll_call__classroom__school_id",
                                   "roll_call__classroom_id"]}[group_by]
    calls_in_scope = RollCall.objects.filter(classroom_id__in=classroom_ids,
                                             date__range=(start, end))
    if calls_filter is not None:
        calls_in_scope = calls_in_scope.filter(calls_filter)
    calls = (calls_in_scope
             .annotate(month=TruncMonth("date"), week=TruncWeek("date"))
             .values(*call_group, bucket)
             .annotate(expected=Sum("pupil_count"), pupils=Max("pupil_count"),
                       calls=Count("pk"))
             .order_by())
    counts = {"absent": Count("pk", filter=Q(kind=AbsenceKind.ABSENT)),
              "unjustified": Count("pk", filter=unjustified_absences()),
              "late": Count("pk", filter=Q(kind=AbsenceKind.LATE))}
    if pupils_concerned:
        counts.update(absent_pupils=Count("pupil", filter=Q(kind=AbsenceKind.ABSENT),
                                          distinct=True),
                      late_pupils=Count("pupil", filter=Q(kind=AbsenceKind.LATE),
                                        distinct=True))

    def key(row, names):
        return (*[row[name] for name in names], _as_date(row[bucket]))

    absence_by_key = {}
    if absences:
        absence_by_key = {key(row, absence_group): row for row in (
            Absence.objects.filter(roll_call_id__in=calls_in_scope.values("pk"))
            .annotate(month=TruncMonth("date"), week=TruncWeek("date"))
            .values(*absence_group, bucket).annotate(**counts).order_by())}
    return {key(call, call_group): {**call, **absence_by_key.get(key(call, call_group), {})}
            for call in calls}


def _attendance_row(figures: dict | None, *, key: tuple, group_by: str,
                    calls_due: int) -> dict:
    """One row of figures; without any call taken, no figure (``None``) but the coverage."""
    called = figures is not None
    figures = figures or {}
    expected = figures.get("expected") or 0
    absent = figures.get("absent", 0)
    late = figures.get("late", 0)
    taken = figures.get("calls", 0)
    sufficient = is_sufficient(taken=taken, due=calls_due)
    rated = bool(expected)
    return {
        "school_id": key[0] if group_by != "scope" else None,
        "classroom_id": key[1] if group_by == "classroom" else None,
        "period_start": key[-1],
        "roll_calls": taken,
        "calls_due": calls_due,
        "coverage": coverage_ratio(taken=taken, due=calls_due),
        "coverage_sufficient": sufficient,
        "pupils": (figures.get("pupils") or 0) if called else None,
        "expected_half_days": expected if called else None,
        "absent_half_days": absent if called else None,
        "unjustified_half_days": figures.get("unjustified", 0) if called else None,
        "late_arrivals": late if called else None,
        "absent_pupils": figures.get("absent_pupils", 0) if called else None,
        "late_pupils": figures.get("late_pupils", 0) if called else None,
        "attendance_rate": round(1 - absent / expected, 4) if rated else None,
        "lateness_rate": round(late / expected, 4) if rated else None,
    }


def _mask_attendance(row: dict, *, full: bool) -> dict:
    """Mask the small counts and the rates computed from them; then, where too few calls
    cover the period, give no rate (a masked rate stays masked: it reads "moins de 5
    élèves" either way)."""
    mask(row, full=full, counts=["pupils", "absent_pupils", "late_pupils"],
         dependent={
             "expected_half_days": ["pupils"],
             "absent_half_days": ["absent_pupils", "pupils"],
             "unjustified_half_days": ["absent_pupils", "pupils"],
             "attendance_rate": ["absent_pupils", "pupils"],
             "late_arrivals": ["late_pupils", "pupils"],
             "lateness_rate": ["late_pupils", "pupils"],
         })
    if not row["coverage_sufficient"]:
        row["attendance_rate"] = row["lateness_rate"] = None
    return row


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


# --- Inspection: roll calls not taken, L131-8, cahier de textes, timetable volume -----------


def period_bounds(*, period: str, on: date) -> tuple[date, date]:
    if period == "today":
        return on, on
    if period == "week":
        return week_start(on), on
    return on.replace(day=1), on


def roll_calls_missing_rows(*, schools: list[School], start: date, end: date,
                            now: datetime) -> list[dict]:
    """Per school and classroom, the school half-days from ``start`` to ``end`` whose call
    was not taken (today's half-days count once they have begun). Three queries."""
    ids = [school.pk for school in schools]
    closures = defaultdict(list)
    for closure in SchoolClosure.objects.filter(school_id__in=ids, start_date__lte=end,
                                                end_date__gte=start):
        closures[closure.school_id].append(closure)
    local_now = timezone.localtime(now)
    classrooms = defaultdict(list)
    for classroom in (Classroom.objects.filter(
            school_id__in=ids, school_year__start_date__lte=end, school_year__end_date__gte=start)
            .filter(Exists(Enrolment.objects.filter(classroom_id=OuterRef("pk"),
                                                    start_date__lte=end)
                           .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))))
            .annotate(taken=Coalesce(Subquery(
                RollCall.objects.filter(classroom_id=OuterRef("pk"), date__range=(start, end))
                .order_by().values("classroom_id").annotate(n=Count("pk")).values("n")), 0))
            .order_by("name", "pk")):
        classrooms[classroom.school_id].append(classroom)
    rows = []
    for school in schools:
        half_days = 0
        for day in school_days(school=school, start=start, end=end, closures=closures[school.pk]):
            for half_day in day.half_days:
                begins = school.morning_start if half_day == HalfDay.MORNING \
                    else school.afternoon_start
                if day.date < local_now.date() or (
                        day.date == local_now.date() and local_now.time() >= begins):
                    half_days += 1
        classroom_list = [{"id": c.pk, "name": c.name, "expected": half_days,
                           "taken": min(c.taken, half_days),
                           "missing": max(half_days - c.taken, 0)}
                          for c in classrooms[school.pk]]
        rows.append({
            "school": school, "start": start, "end": end, "school_half_days": half_days,
            "calls_expected": half_days * len(classroom_list),
            "calls_taken": sum(c["taken"] for c in classroom_list),
            "calls_missing": sum(c["missing"] for c in classroom_list),
            "classrooms": classroom_list,
        })
    return rows


def _cases(qs: QuerySet[AbsenteeismCase]) -> QuerySet[AbsenteeismCase]:
    return qs.select_related("pupil", "classroom__school").order_by("-month", "pk")


def l1318_case_list(*, viewer, filters: dict) -> QuerySet[AbsenteeismCase]:
    qs = _cases(cases_visible_to(viewer, purpose=Purpose.INSPECT))
    if filters.get("school"):
        qs = qs.filter(classroom__school_id=filters["school"])
    if filters.get("circonscription"):
        qs = qs.filter(classroom__school__circonscription__code=filters["circonscription"])
    if filters.get("month"):
        qs = qs.filter(month=filters["month"])
    if filters.get("case_status"):
        qs = qs.filter(status=filters["case_status"])
    return qs


def cahier_recap(*, classroom: Classroom, start: date, end: date) -> dict:
    """Entries per week, subjects covered, homework volume per day. Three queries."""
    entries = LessonEntry.objects.filter(classroom=classroom, date__range=(start, end))
    homework = Homework.objects.filter(classroom=classroom, due_date__range=(start, end),
                                       status=HomeworkStatus.ACTIVE)
    weeks = [{"week_start": _as_date(row["week"]), "lesson_entries": row["n"],
              "subjects": row["subjects"]}
             for row in entries.annotate(week=TruncWeek("date")).values("week")
             .annotate(n=Count("pk"), subjects=Count("subject", distinct=True))
             .order_by("week")]
    subjects = [{"subject": row["subject"], "lesson_entries": row["n"], "last_date": row["last"]}
                for row in entries.values("subject").annotate(n=Count("pk"), last=Max("date"))
                .order_by("-n", "subject")]
    days = [{"date": row["due_date"], "homework": row["n"], "minutes": row["minutes"] or 0}
            for row in homework.values("due_date")
            .annotate(n=Count("pk"), minutes=Sum("estimated_minutes")).order_by("due_date")]
    return {"classroom": classroom, "start": start, "end": end, "weeks": weeks,
            "subjects": subjects, "homework_per_day": days}


def timetable_volume_rows(*, classrooms: list[Classroom], on: date, start: date,
                          end: date) -> list[dict]:
    """Per classroom: weekly teaching minutes of the timetable valid on ``on`` (récréations
    counted, as the texts do: ``timetable.selectors.weekly_teaching_minutes``) against the
    national 24 hours, and the lessons cancelled (without a replacement) in the range.
    Two queries."""
    ids = [c.pk for c in classrooms]
    minutes = weekly_teaching_minutes(classroom_ids=ids, on=on)
    cancelled = dict(TimetableException.objects.filter(
        classroom_id__in=ids, kind=ExceptionKind.CANCELLED, date__range=(start, end))
        .values("classroom_id").annotate(n=Count("pk")).order_by()
        .values_list("classroom_id", "n"))
    rows = []
    for classroom in classrooms:
        weekly = minutes.get(classroom.pk, 0)
        rows.append({"classroom": classroom, "weekly_minutes": weekly,
                     "national_weekly_minutes": NATIONAL_WEEKLY_MINUTES,
                     "difference_minutes": weekly - NATIONAL_WEEKLY_MINUTES,
                     "cancelled_without_replacement": cancelled.get(classroom.pk, 0)})
    return rows


def inspected_classrooms(*, viewer, filters: dict, on: date) -> QuerySet[Classroom]:
    qs = Classroom.objects.filter(
        school__in=inspected_schools(viewer=viewer, filters=filters).values("pk"),
        school_year__start_date__lte=on, school_year__end_date__gte=on)
    return qs.select_related("school__commune", "school__circonscription").order_by(
        "school__name", "name", "pk")


# --- The director's view of the access log --------------------------------------------------


def access_log_for_director(*, viewer, filters: dict) -> QuerySet[AccessLog]:
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return AccessLog.objects.none()
    directed = StaffAssignment.objects.filter(person_id=person_id, role=StaffRole.DIRECTOR)
    schools = School.objects.filter(pk__in=directed.values("school_id"))
    if filters.get("school"):
        schools = schools.filter(pk=filters["school"])
    qs = AccessLog.objects.filter(
        pk__in=AccessLog.schools.through.objects.filter(school__in=schools)
        .values("access_log_id"))
    if filters.get("date_from"):
        qs = qs.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(created_at__date__lte=filters["date_to"])
    return qs.prefetch_related(Prefetch("schools", queryset=School.objects.filter(
        pk__in=schools.values("pk")).order_by("name"), to_attr="directed_schools")
    ).order_by("-created_at", "-pk")
