"""Reads of the register, scoped to the viewer: the lists, and the facts a roll-call
submit reads in one query.

Who sees what is ``preau.attendance.access``; the months and half-days are
``preau.attendance.dates``, the sheets and registers ``preau.attendance.registers``, the
L131-8 counts and aggregates ``preau.attendance.figures``, the recipients of events
``preau.attendance.recipients``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import (
    DateField,
    DateTimeField,
    QuerySet,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from preau.attendance.access import (
    absence_details,
    absences_visible_to,
    cases_visible_to,
    notices_visible_to,
)
from preau.attendance.dates import month_bounds
from preau.attendance.models import (
    LEGITIMATE_REASONS,
    Absence,
    AbsenceKind,
    AbsenceNotice,
    AbsenteeismCase,
    JustificationStatus,
    RollCall,
    RollCallCorrection,
)
from preau.common.errors import NotFoundError
from preau.people.access import Purpose
from preau.people.access import viewer_person_id as _person_id
from preau.people.models import Person, StaffRole
from preau.schools.models import (
    Circonscription,
    Classroom,
    Departement,
    School,
    SchoolClosure,
    SchoolYear,
)
from preau.timetable.models import ExceptionKind


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
"""  # ``roll_call_classrooms_visible_to(on=None)``: staff, or replacing any day
_IS_TEACHER = """EXISTS (SELECT 1 FROM people_staffassignment a WHERE a.person_id = %s
    AND a.role = %s AND a.classroom_id = schools_classroom.id)"""
_IS_DIRECTOR = """EXISTS (SELECT 1 FROM people_staffassignment a WHERE a.person_id = %s
    AND a.role = %s AND a.school_id = schools_classroom.school_id
    AND a.school_year_id = schools_classroom.school_year_id)"""
_IS_REPLACING = """EXISTS (SELECT 1 FROM timetable_timetableexception x WHERE x.kind = %s
    AND x.replacement_teacher_id = %s AND x.classroom_id = schools_classroom.id
    AND x.date = %s)"""  # ``replacements_of`` that day
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


# --- Lists -------------------------------------------------------------------------------


def absence_list(*, viewer, filters: dict) -> QuerySet[Absence]:
    qs = absences_visible_to(viewer, purpose=Purpose.READ)
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
    return absence_details(qs).order_by("-date", "half_day", "pupil__last_name", "pk")


def notice_list(*, viewer, pupil: Person) -> QuerySet[AbsenceNotice]:
    return (notices_visible_to(viewer, purpose=Purpose.READ).filter(pupil=pupil)
            .select_related("pupil", "declared_by").order_by("-start_date", "-pk"))


def correction_list(*, roll_call: RollCall) -> QuerySet[RollCallCorrection]:
    return (RollCallCorrection.objects.filter(roll_call=roll_call)
            .select_related("corrected_by").order_by("corrected_at", "pk"))


def case_list(*, viewer, filters: dict) -> QuerySet[AbsenteeismCase]:
    qs = cases_visible_to(viewer, purpose=Purpose.MANAGE)
    if filters.get("case_status"):
        qs = qs.filter(status=filters["case_status"])
    if filters.get("month"):
        qs = qs.filter(month=filters["month"])
    if filters.get("school"):
        qs = qs.filter(classroom__school_id=filters["school"])
    return qs.select_related("pupil", "classroom__school").order_by("-month", "pupil__last_name",
                                                                   "pk")
