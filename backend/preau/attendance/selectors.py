"""Reads of the register, scoped to the viewer in SQL.

Who sees what:
- the classroom's teachers and the school's director: the classroom's calls, absences,
  notices and register; a replacement teacher, the calls of the days of the replacement;
- a guardian: the absences and notices of their own children (each guardian alike);
- the director alone: the justification queue's decisions, the calls not taken, the
  L131-8 cases;
- pupils and the authority roles: nothing individual here. The inspector and the DASEN
  see L131-8 cases through ``l1318_cases_visible_to_authority`` and everyone in the
  authority app sees only ``attendance_rates`` aggregates (commune officers included).
"""

from __future__ import annotations

import calendar as month_calendar
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from preau.accounts.models import User
from preau.attendance.models import (
    LEGITIMATE_REASONS,
    Absence,
    AbsenceKind,
    AbsenceNotice,
    AbsenteeismCase,
    JustificationStatus,
    RegisterSignOff,
    RollCall,
    RollCallCorrection,
)
from preau.common.errors import ApplicationError, NotFoundError
from preau.people.models import (
    AuthorityMembership,
    AuthorityRole,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
    StaffRole,
)
from preau.people.selectors import enrolments_active_on
from preau.schools.calendar import refuse_unless_calendar_known, school_days
from preau.schools.models import (
    Circonscription,
    Classroom,
    Departement,
    HalfDay,
    School,
    SchoolClosure,
    SchoolYear,
)
from preau.timetable.models import ExceptionKind, TimetableException

MAX_RANGE_DAYS = 366
HALF_DAY_NAMES = {HalfDay.MORNING: "matin", HalfDay.AFTERNOON: "après-midi"}
MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"]


def _person_id(viewer) -> int | None:
    return getattr(viewer, "person_id", None) if viewer.is_authenticated else None


# --- Months and half-days ----------------------------------------------------------------


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
    local = timezone.localtime(now or timezone.now()).time()
    return HalfDay.MORNING if local < school.afternoon_start else HalfDay.AFTERNOON


# --- Scopes ------------------------------------------------------------------------------


def staff_classrooms(*, person_id: int | None) -> QuerySet[Classroom]:
    """Classrooms the person teaches, or whose school the person directs that school year."""
    if person_id is None:
        return Classroom.objects.none()
    directs = StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR,
        school_id=OuterRef("school_id"), school_year_id=OuterRef("school_year_id"),
    )
    teaches = StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER).values("classroom_id")
    return Classroom.objects.filter(Q(pk__in=teaches) | Exists(directs))


def directed_classrooms(*, person_id: int | None) -> QuerySet[Classroom]:
    if person_id is None:
        return Classroom.objects.none()
    return Classroom.objects.filter(Exists(StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR,
        school_id=OuterRef("school_id"), school_year_id=OuterRef("school_year_id"))))


def _replacing(person_id: int) -> QuerySet[TimetableException]:
    return TimetableException.objects.filter(kind=ExceptionKind.REPLACED,
                                             replacement_teacher_id=person_id)


def roll_call_classrooms_for(*, viewer, on: date | None) -> QuerySet[Classroom]:
    """Where the viewer may open the call of ``on``: staff, or replacing that day (any day
    when ``on`` is not known yet: the service then checks the date)."""
    person_id = _person_id(viewer)
    if person_id is None:
        return Classroom.objects.none()
    return _roll_call_classrooms_of(person_id, on=on)


def _roll_call_classrooms_of(person_id: int, *, on: date | None) -> QuerySet[Classroom]:
    replacing = _replacing(person_id)
    if on is not None:
        replacing = replacing.filter(date=on)
    return Classroom.objects.filter(
        Q(pk__in=staff_classrooms(person_id=person_id).values("pk"))
        | Q(pk__in=replacing.values("classroom_id"))
    )


def _children(person_id: int):
    return Guardianship.objects.filter(guardian_id=person_id).values("pupil_id")


def roll_calls_visible_to(*, viewer) -> QuerySet[RollCall]:
    person_id = _person_id(viewer)
    if person_id is None:
        return RollCall.objects.none()
    replaced = _replacing(person_id).filter(classroom_id=OuterRef("classroom_id"),
                                            date=OuterRef("date"))
    return RollCall.objects.filter(
        Q(classroom_id__in=staff_classrooms(person_id=person_id).values("pk")) | Exists(replaced)
    )


def absences_visible_to(*, viewer) -> QuerySet[Absence]:
    person_id = _person_id(viewer)
    if person_id is None:
        return Absence.objects.none()
    return Absence.objects.filter(
        Q(roll_call_id__in=roll_calls_visible_to(viewer=viewer).values("pk"))
        | Q(pupil_id__in=_children(person_id))
    )


def notices_visible_to(*, viewer) -> QuerySet[AbsenceNotice]:
    """Guardians: their children's. Staff: the notices of pupils of their classrooms."""
    person_id = _person_id(viewer)
    if person_id is None:
        return AbsenceNotice.objects.none()
    enrolled = Enrolment.objects.filter(
        pupil_id=OuterRef("pupil_id"),
        classroom_id__in=staff_classrooms(person_id=person_id).values("pk"),
        start_date__lte=OuterRef("end_date"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")))
    return AbsenceNotice.objects.filter(Q(pupil_id__in=_children(person_id)) | Exists(enrolled))


def attendance_pupils_visible_to(*, viewer, on: date | None = None) -> QuerySet[Person]:
    """Pupils whose attendance the viewer may see: own children, pupils of staff classrooms."""
    person_id = _person_id(viewer)
    if person_id is None:
        return Person.objects.none()
    on = on or timezone.localdate()
    return Person.objects.filter(
        Q(pk__in=_children(person_id))
        | Q(pk__in=enrolments_active_on(on).filter(
            classroom_id__in=staff_classrooms(person_id=person_id).values("pk"))
            .values("pupil_id"))
    )


def cases_visible_to(*, viewer) -> QuerySet[AbsenteeismCase]:
    """L131-8 cases: the director of the school."""
    return AbsenteeismCase.objects.filter(
        classroom_id__in=directed_classrooms(person_id=_person_id(viewer)).values("pk"))


def l1318_cases_visible_to_authority(*, viewer) -> QuerySet[AbsenteeismCase]:
    """For the authority app: the L131-8 cases of the schools an IEN or a DASEN oversees.

    Commune officers get none (the law gives them no individual absence). Read-only: the
    authority app must not write through it. Each row: ``pupil``, ``classroom__school``,
    ``month``, ``unjustified_half_days``, ``status`` and its dates.
    """
    person_id = _person_id(viewer)
    if person_id is None:
        return AbsenteeismCase.objects.none()
    memberships = AuthorityMembership.objects.filter(person_id=person_id)
    schools = School.objects.filter(
        Q(circonscription_id__in=memberships.filter(role=AuthorityRole.INSPECTOR)
          .values("circonscription_id"))
        | Q(circonscription__departement_id__in=memberships.filter(role=AuthorityRole.DASEN)
            .values("departement_id"))
    )
    return AbsenteeismCase.objects.filter(classroom__school_id__in=schools.values("pk"))


# --- Gates: one per type, the same 404 for "missing" and "not yours" ---------------------

CLASSROOM_RELATED = ("school__circonscription__departement", "school_year")


def _json_rows(subquery: str, columns: int, vendor: str) -> str:
    """The rows of a plain-SQL subquery whose columns are named ``c0``, ``c1``…, each a JSON
    array of its columns, as one JSON array (``[]`` when none): a short list read in the
    same query as the row it belongs to. Only this aggregate is spelled per database."""
    row = ", ".join(f"r.c{index}" for index in range(columns))
    template = _JSON_ROWS["postgresql" if vendor == "postgresql" else "sqlite"]
    return template.format(row=row, subquery=subquery)


_JSON_ROWS = {
    "postgresql": ("(SELECT COALESCE(JSONB_AGG(JSONB_BUILD_ARRAY({row})), '[]')::text "
                   "FROM ({subquery}) r)"),
    "sqlite": "(SELECT COALESCE(JSON_GROUP_ARRAY(JSON_ARRAY({row})), '[]') FROM ({subquery}) r)",
}


def _aware(value: str) -> datetime:
    """A timestamp read inside JSON: ISO with an offset (PostgreSQL), naive UTC (SQLite)."""
    moment = parse_datetime(value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


@dataclass
class SubmitFacts:
    """What the submit of a call must know, read in one query (see ``roll_call_submit_facts``)."""

    on: date
    half_day: str
    pupil_ids: tuple[int, ...]
    person_id: int | None
    may_take: bool
    register_signed: bool
    existing_call_id: int | None
    closures: list[SchoolClosure]
    enrolled_ids: set[int]
    notices: dict[int, AbsenceNotice]  # per listed pupil, the latest active notice
    staff_user_ids: list[int]
    guardians: dict[int, list[dict]]  # as ``guardian_recipients``
    l1318_recount_needed: bool
    taker: Person | None

    def answers(self, *, on: date, half_day: str, pupil_ids, person_id) -> bool:
        return (self.on, self.half_day, self.pupil_ids, self.person_id) == (
            on, half_day, tuple(pupil_ids), person_id)


# The facts of a submit, in plain SQL that PostgreSQL and SQLite both run, correlated to the
# classroom row (``schools_classroom``): the ORM spent more CPU building this query on
# every call than the databases spend running it (docs/benchmarks-profiles.md, scenario 1),
# so the cursor runs it.
# Each one is the SQL of the named rule it mirrors; ``tests/attendance/test_submit_facts.py``
# compares them with the querysets of those rules.
_IN_VIEWER_SCOPE = """
    EXISTS (SELECT 1 FROM people_staffassignment a WHERE a.person_id = %s
            AND ((a.role = %s AND a.classroom_id = schools_classroom.id)
                 OR (a.role = %s AND a.school_id = schools_classroom.school_id
                     AND a.school_year_id = schools_classroom.school_year_id)))
    OR EXISTS (SELECT 1 FROM timetable_timetableexception x WHERE x.kind = %s
               AND x.replacement_teacher_id = %s AND x.classroom_id = schools_classroom.id)
"""  # ``roll_call_classrooms_for(on=None)``: staff, or replacing any day
_IS_TEACHER = """EXISTS (SELECT 1 FROM people_staffassignment a WHERE a.person_id = %s
    AND a.role = %s AND a.classroom_id = schools_classroom.id)"""
_IS_DIRECTOR = """EXISTS (SELECT 1 FROM people_staffassignment a WHERE a.person_id = %s
    AND a.role = %s AND a.school_id = schools_classroom.school_id
    AND a.school_year_id = schools_classroom.school_year_id)"""
_IS_REPLACING = """EXISTS (SELECT 1 FROM timetable_timetableexception x WHERE x.kind = %s
    AND x.replacement_teacher_id = %s AND x.classroom_id = schools_classroom.id
    AND x.date = %s)"""  # ``_replacing`` that day
_REGISTER_SIGNED = """EXISTS (SELECT 1 FROM attendance_registersignoff s
    WHERE s.classroom_id = schools_classroom.id AND s.month = %s)"""
_EXISTING_CALL_ID = """SELECT c.id FROM attendance_rollcall c
    WHERE c.classroom_id = schools_classroom.id AND c.date = %s AND c.half_day = %s"""
_CLOSURES = """SELECT k.start_date AS c0, k.end_date AS c1, k.half_day AS c2, k.reason AS c3
    FROM schools_schoolclosure k WHERE k.school_id = schools_classroom.school_id
    AND k.start_date <= %s AND k.end_date >= %s"""
_ENROLLED = """SELECT e.pupil_id AS c0 FROM people_enrolment e
    WHERE e.classroom_id = schools_classroom.id
    AND e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s)"""  # enrolments_active_on
_STAFF_USERS = """SELECT u.id AS c0 FROM accounts_user u
    JOIN people_staffassignment a ON a.person_id = u.person_id
    WHERE u.is_active AND (a.classroom_id = schools_classroom.id
        OR (a.role = %s AND a.school_id = schools_classroom.school_id
            AND a.school_year_id = schools_classroom.school_year_id))"""
_TAKER = """SELECT p.id AS c0, p.first_name AS c1, p.last_name AS c2 FROM people_person p
    WHERE p.id = %s"""
_NOTICES = """SELECT n.id AS c0, n.pupil_id AS c1, n.reason AS c2, n.comment AS c3,
        n.declared_by_id AS c4, n.created_at AS c5
    FROM attendance_absencenotice n
    WHERE n.start_date <= %s AND n.end_date >= %s AND n.cancelled_at IS NULL
    AND (n.half_day = '' OR n.half_day = %s) AND n.pupil_id IN ({pupils})"""  # notices_active_on
_GUARDIANS = """SELECT u.id AS c0, u.email AS c1, g.email AS c2,
        u.notify_absence_by_email AS c3, w.pupil_id AS c4, p.first_name AS c5,
        p.last_name AS c6
    FROM accounts_user u JOIN people_person g ON g.id = u.person_id
    JOIN people_guardianship w ON w.guardian_id = g.id
    JOIN people_person p ON p.id = w.pupil_id
    WHERE u.is_active AND w.pupil_id IN ({pupils})"""
_HAS_CASE = """EXISTS (SELECT 1 FROM attendance_absenteeismcase a
    WHERE a.month = %s AND a.pupil_id IN ({pupils}))"""
_MOST_UNJUSTIFIED = """SELECT COUNT(*) FROM attendance_absence a
    WHERE a.kind = %s AND NOT (a.justification_status = %s AND a.reason IN ({reasons}))
    AND a.date BETWEEN %s AND %s AND a.pupil_id IN ({pupils})
    GROUP BY a.pupil_id ORDER BY 1 DESC LIMIT 1"""  # unjustified_absences


# The classroom, its school (with its circonscription and département) and its school year:
# every concrete column, in the order ``Model.from_db`` takes them.
_ROW_MODELS = (Classroom, School, Circonscription, Departement, SchoolYear)
_ROW_JOINS = """
    FROM schools_classroom
    JOIN schools_school ON schools_school.id = schools_classroom.school_id
    JOIN schools_schoolyear ON schools_schoolyear.id = schools_classroom.school_year_id
    JOIN schools_circonscription
        ON schools_circonscription.id = schools_school.circonscription_id
    JOIN schools_departement ON schools_departement.id = schools_circonscription.departement_id
    WHERE schools_classroom.id = %s"""


def _columns(model) -> str:
    table = model._meta.db_table
    return ", ".join(f'{table}."{field.column}"' for field in model._meta.concrete_fields)


def _instance(model, values: list):
    """A model instance from its concrete columns as the cursor gave them (what the ORM's
    converters do for these field types)."""
    converted = []
    for field, value in zip(model._meta.concrete_fields, values, strict=True):
        if value is not None:
            if hasattr(field, "from_db_value"):
                value = field.from_db_value(value, None, connection)
            elif isinstance(field, DateTimeField):  # SQLite keeps UTC without its offset
                value = value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
            else:
                value = field.to_python(value)
        converted.append(value)
    return model.from_db(connection.alias,
                         [field.attname for field in model._meta.concrete_fields], converted)


def _submit_facts_row(*, classroom_id: int, person_id: int, viewer_person_id: int | None,
                      on: date, half_day: str, first: date, last: date,
                      pupil_ids: tuple[int, ...]) -> Classroom | None:
    """The query of ``roll_call_submit_facts``, one plain SQL statement run by the cursor:
    the classroom with its school and school year, and its facts as attributes."""
    day, first_day, last_day = (DateField().get_db_prep_value(value, connection)
                                for value in (on, first, last))
    vendor = connection.vendor
    facts: list[tuple[str, str, list, str]] = [  # name, SQL, parameters, kind
        ("is_teacher", _IS_TEACHER, [person_id, StaffRole.TEACHER], "bool"),
        ("is_director", _IS_DIRECTOR, [person_id, StaffRole.DIRECTOR], "bool"),
        ("is_replacing", _IS_REPLACING, [ExceptionKind.REPLACED, person_id, day], "bool"),
        ("register_signed", _REGISTER_SIGNED, [first_day], "bool"),
        ("existing_call_id", _EXISTING_CALL_ID, [day, half_day], "int"),
        ("closure_rows", _json_rows(_CLOSURES, 4, vendor), [day, day], "json"),
        ("enrolled_rows", _json_rows(_ENROLLED, 1, vendor), [day, day], "json"),
        ("staff_user_rows", _json_rows(_STAFF_USERS, 1, vendor), [StaffRole.DIRECTOR],
         "json"),
        ("taker_rows", _json_rows(_TAKER, 3, vendor), [person_id], "json"),
    ]
    if viewer_person_id is not None:
        facts.append(("in_viewer_scope", _IN_VIEWER_SCOPE,
                      [viewer_person_id, StaffRole.TEACHER, StaffRole.DIRECTOR,
                       ExceptionKind.REPLACED, viewer_person_id], "bool"))
    if pupil_ids:
        pupils = ", ".join(["%s"] * len(pupil_ids))
        legitimate = sorted(LEGITIMATE_REASONS)
        reasons = ", ".join(["%s"] * len(legitimate))
        facts += [
            ("notice_rows", _json_rows(_NOTICES.format(pupils=pupils), 6, vendor),
             [day, day, half_day, *pupil_ids], "json"),
            ("guardian_rows", _json_rows(_GUARDIANS.format(pupils=pupils), 7, vendor),
             list(pupil_ids), "json"),
            ("has_case", _HAS_CASE.format(pupils=pupils), [first_day, *pupil_ids], "bool"),
            ("most_unjustified", _MOST_UNJUSTIFIED.format(pupils=pupils, reasons=reasons),
             [AbsenceKind.ABSENT, JustificationStatus.ACCEPTED, *legitimate, first_day,
              last_day, *pupil_ids], "int"),
        ]
    sql = ("SELECT " + ", ".join(_columns(model) for model in _ROW_MODELS) + ", "
           + ", ".join(f"({fact_sql}) AS {name}" for name, fact_sql, _, _ in facts)
           + _ROW_JOINS)
    params = [value for _, _, fact_params, _ in facts for value in fact_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, classroom_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    classroom, school, circonscription, departement, school_year = (
        _instance(model, [values.pop(0) for _ in model._meta.concrete_fields])
        for model in _ROW_MODELS)
    circonscription.departement = departement
    school.circonscription = circonscription
    classroom.school, classroom.school_year = school, school_year
    for (name, _, _, kind), value in zip(facts, values, strict=True):
        if kind == "bool":
            value = bool(value)
        elif kind == "json":
            value = json.loads(value)
        setattr(classroom, name, value)
    return classroom


def roll_call_submit_facts(*, actor, classroom_id: int, on: date, half_day: str, pupil_ids,
                           viewer=None, l1318_threshold: int) -> Classroom:
    """The classroom of a call to submit, with its ``submit_facts``, in one query: whether
    the actor takes its call that day, the school's closures that day, the month's
    signature, the pupils enrolled that day, the call already taken, the families' notices
    and the guardians of the listed pupils, the staff to tell, whether an L131-8 recount
    can change anything (a listed pupil has a case this month, or one absence more brings
    a listed pupil to ``l1318_threshold``), the taker's name.

    With ``viewer``: only a classroom where the viewer may open calls (404 otherwise)."""
    pupil_ids = tuple(pupil_ids)
    person_id = _person_id(actor)
    first, last = month_bounds(on)
    viewer_person_id = _person_id(viewer) if viewer is not None else None
    if viewer is not None and viewer_person_id is None:
        raise NotFoundError("Classe introuvable.")
    classroom = _submit_facts_row(
        classroom_id=classroom_id, person_id=person_id or 0,
        viewer_person_id=viewer_person_id, on=on, half_day=half_day, first=first,
        last=last, pupil_ids=pupil_ids)
    if classroom is None or not getattr(classroom, "in_viewer_scope", True):
        raise NotFoundError("Classe introuvable.")
    notices: dict[int, AbsenceNotice] = {}
    for pk, pupil_id, reason, comment, declared_by_id, created_at in sorted(
            getattr(classroom, "notice_rows", [])):
        notices[pupil_id] = AbsenceNotice(pk=pk, pupil_id=pupil_id, reason=reason,
                                          comment=comment, declared_by_id=declared_by_id,
                                          created_at=_aware(created_at))
    guardians: dict[int, list[dict]] = defaultdict(list)
    for user_id, email, person_email, by_email, pupil_id, first_name, last_name in sorted(
            getattr(classroom, "guardian_rows", []), key=lambda row: row[0]):
        guardians[pupil_id].append({"user_id": user_id, "email": email or person_email,
                                    "by_email": bool(by_email),
                                    "pupil_name": f"{first_name} {last_name}"})
    most_unjustified = getattr(classroom, "most_unjustified", None) or 0
    classroom.submit_facts = SubmitFacts(
        on=on, half_day=half_day, pupil_ids=pupil_ids, person_id=person_id,
        may_take=person_id is not None and (classroom.is_teacher or classroom.is_director
                                            or classroom.is_replacing),
        register_signed=classroom.register_signed,
        existing_call_id=classroom.existing_call_id,
        closures=[SchoolClosure(school_id=classroom.school_id,
                                start_date=date.fromisoformat(start),
                                end_date=date.fromisoformat(end), half_day=closed_half_day,
                                reason=reason)
                  for start, end, closed_half_day, reason in classroom.closure_rows],
        enrolled_ids={pupil_id for (pupil_id,) in classroom.enrolled_rows},
        notices=notices,
        staff_user_ids=list(dict.fromkeys(pk for (pk,) in classroom.staff_user_rows)),
        guardians=guardians,
        l1318_recount_needed=bool(getattr(classroom, "has_case", False))
        or most_unjustified + 1 >= l1318_threshold,
        taker=next((Person(pk=pk, first_name=first_name, last_name=last_name)
                    for pk, first_name, last_name in classroom.taker_rows), None),
    )
    return classroom


def roll_call_classroom_get_for(*, viewer, classroom_id: int, on: date | None) -> Classroom:
    classroom = (roll_call_classrooms_for(viewer=viewer, on=on).filter(pk=classroom_id)
                 .select_related(*CLASSROOM_RELATED).first())
    if classroom is None:
        raise NotFoundError("Classe introuvable.")
    return classroom


def register_classroom_get_for(*, viewer, classroom_id: int) -> Classroom:
    classroom = (staff_classrooms(person_id=_person_id(viewer)).filter(pk=classroom_id)
                 .select_related(*CLASSROOM_RELATED).first())
    if classroom is None:
        raise NotFoundError("Classe introuvable.")
    return classroom


def directed_school_get_for(*, viewer, school_id: int) -> School:
    school = (School.objects.filter(
        pk=school_id, pk__in=directed_classrooms(person_id=_person_id(viewer)).values("school_id"))
        .select_related("circonscription__departement").first())
    if school is None:
        raise NotFoundError("École introuvable.")
    return school


def roll_call_get_for(*, viewer, roll_call_id: int) -> RollCall:
    roll_call = (roll_calls_visible_to(viewer=viewer).filter(pk=roll_call_id)
                 .select_related("taken_by", *[f"classroom__{r}" for r in CLASSROOM_RELATED])
                 .first())
    if roll_call is None:
        raise NotFoundError("Appel introuvable.")
    return roll_call


def _absence_details(qs: QuerySet[Absence]) -> QuerySet[Absence]:
    return qs.select_related("pupil", "roll_call__classroom__school", "justified_by",
                             "reviewed_by", "document")


def absence_get_for(*, viewer, absence_id: int) -> Absence:
    absence = _absence_details(absences_visible_to(viewer=viewer).filter(pk=absence_id)).first()
    if absence is None:
        raise NotFoundError("Absence introuvable.")
    return absence


def attendance_pupil_get_for(*, viewer, pupil_id: int) -> Person:
    pupil = attendance_pupils_visible_to(viewer=viewer).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotFoundError("Élève introuvable.")
    return pupil


def notice_get_for(*, viewer, notice_id: int) -> AbsenceNotice:
    notice = notices_visible_to(viewer=viewer).filter(pk=notice_id).first()
    if notice is None:
        raise NotFoundError("Absence annoncée introuvable.")
    return notice


def case_get_for(*, viewer, case_id: int) -> AbsenteeismCase:
    case = (cases_visible_to(viewer=viewer).filter(pk=case_id)
            .select_related("pupil", "classroom__school").first())
    if case is None:
        raise NotFoundError("Dossier introuvable.")
    return case


# --- Lists -------------------------------------------------------------------------------


def absence_list(*, viewer, filters: dict) -> QuerySet[Absence]:
    qs = absences_visible_to(viewer=viewer)
    if filters.get("pupil"):
        qs = qs.filter(pupil_id=filters["pupil"])
    if filters.get("classroom"):
        qs = qs.filter(roll_call__classroom_id=filters["classroom"])
    if filters.get("school"):
        qs = qs.filter(roll_call__classroom__school_id=filters["school"])
    if filters.get("start"):
        qs = qs.filter(date__gte=filters["start"])
    if filters.get("end"):
        qs = qs.filter(date__lte=filters["end"])
    if filters.get("absence_kind"):
        qs = qs.filter(kind=filters["absence_kind"])
    if filters.get("justification_status"):
        qs = qs.filter(justification_status=filters["justification_status"])
    return _absence_details(qs).order_by("-date", "half_day", "pupil__last_name", "pk")


def notice_list(*, viewer, pupil: Person) -> QuerySet[AbsenceNotice]:
    return (notices_visible_to(viewer=viewer).filter(pupil=pupil)
            .select_related("pupil", "declared_by").order_by("-start_date", "-pk"))


def correction_list(*, roll_call: RollCall) -> QuerySet[RollCallCorrection]:
    return (RollCallCorrection.objects.filter(roll_call=roll_call)
            .select_related("corrected_by").order_by("corrected_at", "pk"))


def case_list(*, viewer, filters: dict) -> QuerySet[AbsenteeismCase]:
    qs = cases_visible_to(viewer=viewer)
    if filters.get("case_status"):
        qs = qs.filter(status=filters["case_status"])
    if filters.get("month"):
        qs = qs.filter(month=filters["month"])
    if filters.get("school"):
        qs = qs.filter(classroom__school_id=filters["school"])
    return qs.select_related("pupil", "classroom__school").order_by("-month", "pupil__last_name",
                                                                   "pk")


# --- The roll-call sheet -----------------------------------------------------------------


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


# --- Calls not taken ------------------------------------------------------------------------


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


# --- The monthly register ---------------------------------------------------------------------


def monthly_register(*, classroom: Classroom, month: date) -> dict:
    """The legal register of a classroom for a month: pupils × school half-days.

    Each cell: the call's state for the pupil (not enrolled that day, call not taken,
    present, absent, late) and the absence's justification. Totals per pupil. A fixed number of queries: closures, enrolments,
    calls, absences, sign-off.
    """
    first, last = month_bounds(month)
    days = [day for day in school_days(school=classroom.school, start=first, end=last)
            if day.is_school_day]
    half_days = [(day.date, half_day) for day in days for half_day in day.half_days]
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
                       "roll_call_taken": (on, half_day) in calls} for on, half_day in half_days],
        "rows": rows, "sign_off": sign_off,
    }


NOT_ENROLLED = {"presence": "not_enrolled", "minutes_late": None, "absence_id": None,
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


# --- L131-8 --------------------------------------------------------------------------------


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


# --- Aggregates for the authority app --------------------------------------------------------


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


# --- Recipients of live events -----------------------------------------------------------------


def guardian_recipients(*, pupil_ids) -> dict[int, list[dict]]:
    """Per pupil, the active logins of each guardian: user id, e-mail, e-mail opt-in."""
    rows = (User.objects.filter(is_active=True, person__wards__pupil_id__in=pupil_ids)
            .values("pk", "email", "person__email", "notify_absence_by_email",
                    "person__wards__pupil_id", "person__wards__pupil__first_name",
                    "person__wards__pupil__last_name")
            .order_by("pk"))
    recipients: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        recipients[row["person__wards__pupil_id"]].append({
            "user_id": row["pk"], "email": row["email"] or row["person__email"],
            "by_email": row["notify_absence_by_email"],
            "pupil_name": f"{row['person__wards__pupil__first_name']} "
                          f"{row['person__wards__pupil__last_name']}"})
    return recipients


def director_user_ids(*, classroom: Classroom) -> list[int]:
    return list(User.objects.filter(
        is_active=True, person__assignments__role=StaffRole.DIRECTOR,
        person__assignments__school_id=classroom.school_id,
        person__assignments__school_year_id=classroom.school_year_id,
    ).values_list("pk", flat=True).distinct())


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
