"""Reads of the register, scoped to the viewer: the lists, and the facts a roll-call
submit reads in one query.

Who sees what is ``preau.attendance.access``; the months and half-days are
``preau.attendance.dates``, the sheets and registers ``preau.attendance.registers``, the
L131-8 counts and aggregates ``preau.attendance.figures``, the recipients of events
``preau.attendance.recipients``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Count, Exists, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONArray
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from preau.accounts.models import User
from preau.attendance.access import (
    CLASSROOM_RELATED,
    absence_details,
    absences_visible_to,
    cases_visible_to,
    notices_visible_to,
)
from preau.attendance.access import roll_call_classrooms_of as _roll_call_classrooms_of
from preau.attendance.dates import month_bounds
from preau.attendance.figures import unjustified_absences
from preau.attendance.models import (
    Absence,
    AbsenceNotice,
    AbsenteeismCase,
    RegisterSignOff,
    RollCall,
    RollCallCorrection,
)
from preau.attendance.registers import notices_active_on
from preau.common.errors import NotFoundError
from preau.common.prepared import PreparedQuery
from preau.people.access import Purpose, enrolments_active_on
from preau.people.access import viewer_person_id as _person_id
from preau.people.models import Person, StaffAssignment, StaffRole
from preau.schools.models import Classroom, SchoolClosure
from preau.timetable.access import replacements_of


def _replacing(person_id: int):
    return replacements_of(person_id=person_id)


class JSONRows(Subquery):
    """The rows of a queryset, each a JSON array of ``fields``, as one JSON array (``[]``
    when none): a short list read in the same query as the row it belongs to."""

    output_field = JSONField()

    def __init__(self, queryset: QuerySet, *fields) -> None:
        super().__init__(queryset.order_by().annotate(json_row=JSONArray(*fields))
                         .values("json_row"))

    def as_sql(self, compiler, connection, template=None, **extra_context):
        template = (self.postgresql_template if connection.vendor == "postgresql"
                    else self.sqlite_template)
        return super().as_sql(compiler, connection, template=template, **extra_context)

    postgresql_template = ("(SELECT COALESCE(JSONB_AGG(r.json_row), '[]')::text "
                           "FROM (%(subquery)s) r)")
    sqlite_template = "(SELECT COALESCE(JSON_GROUP_ARRAY(JSON(r.json_row)), '[]') FROM (%(subquery)s) r)"


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


def _submit_facts_queryset(*, classroom_id: int, person_id: int, viewer_person_id: int,
                           on: date, half_day: str, first: date, last: date,
                           pupil_ids: tuple[int, ...], with_viewer: bool) -> QuerySet[Classroom]:
    """The query of ``roll_call_submit_facts``: built from its values only (no clock, no
    value computed here), so that ``PreparedQuery`` can keep its SQL."""
    classrooms = (_roll_call_classrooms_of(viewer_person_id, on=None) if with_viewer
                  else Classroom.objects.all())
    teaches = StaffAssignment.objects.filter(person_id=person_id, role=StaffRole.TEACHER,
                                             classroom_id=OuterRef("pk"))
    directs = StaffAssignment.objects.filter(person_id=person_id, role=StaffRole.DIRECTOR,
                                             school_id=OuterRef("school_id"),
                                             school_year_id=OuterRef("school_year_id"))
    staff_users = User.objects.filter(is_active=True).filter(
        Q(person__assignments__classroom_id=OuterRef("pk"))
        | Q(person__assignments__role=StaffRole.DIRECTOR,
            person__assignments__school_id=OuterRef("school_id"),
            person__assignments__school_year_id=OuterRef("school_year_id")))
    facts = {
        "is_teacher": Exists(teaches),
        "is_director": Exists(directs),
        "is_replacing": Exists(_replacing(person_id).filter(classroom_id=OuterRef("pk"),
                                                            date=on)),
        "register_signed": Exists(RegisterSignOff.objects.filter(classroom_id=OuterRef("pk"),
                                                                 month=first)),
        "existing_call_id": Subquery(RollCall.objects.filter(
            classroom_id=OuterRef("pk"), date=on, half_day=half_day).values("pk")[:1]),
        "closure_rows": JSONRows(SchoolClosure.objects.filter(
            school_id=OuterRef("school_id"), start_date__lte=on, end_date__gte=on),
            "start_date", "end_date", "half_day", "reason"),
        "enrolled_rows": JSONRows(enrolments_active_on(on).filter(classroom_id=OuterRef("pk")),
                                  "pupil_id"),
        "staff_user_rows": JSONRows(staff_users, "pk"),
        "taker_rows": JSONRows(Person.objects.filter(pk=person_id),
                               "pk", "first_name", "last_name"),
    }
    if pupil_ids:
        facts |= {
            "notice_rows": JSONRows(
                notices_active_on(on=on, half_day=half_day).filter(pupil_id__in=pupil_ids),
                "pk", "pupil_id", "reason", "comment", "declared_by_id", "created_at"),
            "guardian_rows": JSONRows(
                User.objects.filter(is_active=True, person__wards__pupil_id__in=pupil_ids),
                "pk", "email", "person__email", "notify_absence_by_email",
                "person__wards__pupil_id", "person__wards__pupil__first_name",
                "person__wards__pupil__last_name"),
            "has_case": Exists(AbsenteeismCase.objects.filter(pupil_id__in=pupil_ids,
                                                              month=first)),
            "most_unjustified": Subquery(
                Absence.objects.filter(unjustified_absences(), pupil_id__in=pupil_ids,
                                       date__range=(first, last))
                .values("pupil_id").annotate(count=Count("pk")).order_by("-count")
                .values("count")[:1]),
        }
    return (classrooms.filter(pk=classroom_id).select_related(*CLASSROOM_RELATED)
            .annotate(**facts).order_by("pk")[:1])


_SUBMIT_FACTS = PreparedQuery(_submit_facts_queryset)


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
    found = _SUBMIT_FACTS.run(
        fixed={"with_viewer": viewer is not None},
        classroom_id=classroom_id, person_id=person_id or 0,
        viewer_person_id=viewer_person_id or 0, on=on, half_day=half_day, first=first,
        last=last, pupil_ids=pupil_ids)
    classroom = found[0] if found else None
    if classroom is None:
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
