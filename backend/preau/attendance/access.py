"""Access to the register: roll calls, absences, notices, L131-8 cases, and the classrooms
whose call one takes.

Who sees what:
- who teaches or directs the classroom (``Purpose.REGISTER`` of ``preau.people.access``):
  the classroom's calls, absences, notices and register; a replacement teacher, the calls
  of the days of the replacement;
- a guardian: the absences and notices of their own children (each guardian alike);
- the director: the L131-8 cases of the school (``Purpose.MANAGE``); the inspector and the
  DASEN, read-only, those of the schools they oversee (``Purpose.INSPECT``, for the
  authority app);
- pupils and the commune: nothing individual here (the authority app shows them
  aggregates only).

Gates raise the same 404 for "missing" and "not yours".
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from preau.attendance.models import Absence, AbsenceNotice, AbsenteeismCase, RollCall
from preau.common.errors import NotFoundError
from preau.people.access import (
    CLASSROOM_RELATED,
    Purpose,
    children_ids,
    classrooms_visible_to,
    register_classroom_arms,
    taught_or_directed_classrooms,
    viewer_person_id,
)
from preau.people.models import Enrolment, StaffAssignment, StaffRole
from preau.schools.models import Classroom
from preau.timetable.access import replacements_of
from preau.timetable.models import ExceptionKind


def _only(purpose: Purpose, expected: Purpose, kind: str) -> None:
    if purpose != expected:
        raise ValueError(f"No {kind} access for {purpose!r}.")


# --- Classrooms whose call one takes ------------------------------------------------------


def roll_call_classrooms_of(person_id: int, *, on: date | None) -> QuerySet[Classroom]:
    """Where the person may open the call of ``on``: teaches or directs, or replaces a
    teacher that day (any day when ``on`` is not known yet: the service then checks the
    date)."""
    return Classroom.objects.filter(
        Q(pk__in=taught_or_directed_classrooms(person_id=person_id).values("pk"))
        | Q(pk__in=replacements_of(person_id=person_id, on=on).values("classroom_id"))
    )


def roll_call_classrooms_visible_to(viewer, *, purpose: Purpose,
                                    on: date | None) -> QuerySet[Classroom]:
    """ROLL_CALL: ``classrooms_visible_to(purpose=REGISTER)`` and, as a replacement teacher,
    the classrooms the timetable puts the viewer in on ``on``."""
    _only(purpose, Purpose.ROLL_CALL, "roll-call classroom")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Classroom.objects.none()
    return roll_call_classrooms_of(person_id, on=on)


def roll_call_classroom_get_for(viewer, classroom_id: int, *, purpose: Purpose,
                                on: date | None) -> Classroom:
    """The classroom gate for ``Purpose.ROLL_CALL`` (the other purposes are
    ``preau.people.access.classroom_get_for``): the replacement of the day is a timetable
    fact, which the people app does not know."""
    classroom = (roll_call_classrooms_visible_to(viewer, purpose=purpose, on=on)
                 .filter(pk=classroom_id).select_related(*CLASSROOM_RELATED).first())
    if classroom is None:
        raise NotFoundError("Classe introuvable.")
    return classroom


# --- Roll calls, absences, notices --------------------------------------------------------


def _replaced_calls(person_id: int) -> QuerySet[RollCall]:
    """The calls of the days the person replaced a teacher in the classroom. Narrowed first
    to the classrooms of those replacements (an index), then to their days."""
    replacements = replacements_of(person_id=person_id)
    replaced_that_day = replacements.filter(classroom_id=OuterRef("classroom_id"),
                                            date=OuterRef("date"))
    return (RollCall.objects.filter(classroom_id__in=replacements.values("classroom_id"))
            .filter(Exists(replaced_that_day)))


def roll_calls_visible_to(viewer, *, purpose: Purpose) -> QuerySet[RollCall]:
    """READ: the calls of the classrooms one teaches or directs, and those of the days one
    replaced a teacher there (a ``UNION`` of the two arms' ids, see
    ``absences_visible_to``)."""
    _only(purpose, Purpose.READ, "roll-call")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return RollCall.objects.none()
    register = RollCall.objects.filter(
        classroom_id__in=classrooms_visible_to(viewer, purpose=Purpose.REGISTER).values("pk"))
    return RollCall.objects.filter(pk__in=_ids(register).union(
        _ids(_replaced_calls(person_id)), all=True))


def roll_call_get_for(viewer, roll_call_id: int, *, purpose: Purpose) -> RollCall:
    roll_call = (roll_calls_visible_to(viewer, purpose=purpose).filter(pk=roll_call_id)
                 .select_related("taken_by", *[f"classroom__{r}" for r in CLASSROOM_RELATED])
                 .first())
    if roll_call is None:
        raise NotFoundError("Appel introuvable.")
    return roll_call


def _ids(qs: QuerySet) -> QuerySet:
    """The arm of a rule as the ids it lets through, for a ``UNION`` of arms."""
    return qs.order_by().values("pk")


def _children_absences(person_id: int) -> Q:
    return Q(pupil_id__in=children_ids(person_id=person_id))


def _arms_held(person_id: int) -> set[str]:
    """The arms of the absences' rule that can let anything through for the person, in one
    query: ``teacher``, ``director`` (a staff assignment of that role, any year) and
    ``replaced`` (a replacement in the timetable). The family arm is always read."""
    roles = StaffAssignment.objects.filter(
        person_id=person_id, role__in=(StaffRole.TEACHER, StaffRole.DIRECTOR)
    ).order_by().values_list("role", flat=True)
    return set(roles.union(
        replacements_of(person_id=person_id).order_by().values_list("kind", flat=True)))


def absences_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Absence]:
    """READ: the absences of the calls one sees (the classrooms one teaches, those one
    directs, the classrooms and days one replaced a teacher in), and those of one's
    children.

    Only the arms the viewer holds are read (``_arms_held``), joined as a ``UNION`` of
    their ids when there are several, never an ``OR``: PostgreSQL cannot turn
    ``roll_call_id IN (…) OR pupil_id IN (…)`` into a join, and read every roll call of the
    département for each list (a guardian's: 7 to 10 s at the département's scale,
    docs/benchmarks.md); and an arm that lets nothing through still weighs on its
    estimates. Each arm alone is read by its index. The set is the same as the ``OR``'s:
    an arm left out is one that is empty for the viewer."""
    _only(purpose, Purpose.READ, "absence")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Absence.objects.none()
    held = _arms_held(person_id)
    taught, directed = register_classroom_arms(person_id=person_id)
    arms = [Absence.objects.filter(roll_call__classroom_id__in=classrooms.values("pk"))
            for role, classrooms in ((StaffRole.TEACHER, taught), (StaffRole.DIRECTOR, directed))
            if role in held]
    if ExceptionKind.REPLACED in held:
        arms.append(Absence.objects.filter(
            roll_call_id__in=_replaced_calls(person_id).order_by().values("pk")))
    family = Absence.objects.filter(_children_absences(person_id))
    if not arms:
        return family
    return Absence.objects.filter(
        pk__in=_ids(family).union(*(_ids(arm) for arm in arms), all=True))


def children_absences_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Absence]:
    """READ: the absences of one's children alone, the family arm of ``absences_visible_to``
    (the same rule), for a page that shows only those (the family home page).

    One query without the ``UNION``: read by the pupil's index (docs/benchmarks.md,
    scenario 8)."""
    _only(purpose, Purpose.READ, "absence")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Absence.objects.none()
    return Absence.objects.filter(_children_absences(person_id))


def absence_details(qs: QuerySet[Absence]) -> QuerySet[Absence]:
    """The rows an absence is shown with. The document (most absences have none) in a
    query of its own: joined too, it made nine relations with the rule's subquery, past
    PostgreSQL's ``join_collapse_limit`` (8), which then joins the rule last, after the
    département's absences (docs/benchmarks.md, the guardian's absence list)."""
    return (qs.select_related("pupil", "roll_call__classroom__school", "justified_by",
                              "reviewed_by")
            .prefetch_related("document"))


def absence_get_for(viewer, absence_id: int, *, purpose: Purpose) -> Absence:
    absence = absence_details(absences_visible_to(viewer, purpose=purpose)
                              .filter(pk=absence_id)).first()
    if absence is None:
        raise NotFoundError("Absence introuvable.")
    return absence


def notices_visible_to(viewer, *, purpose: Purpose) -> QuerySet[AbsenceNotice]:
    """READ: guardians, their children's; who teaches or directs a classroom, the notices
    of its pupils (enrolled there at some time of the notice)."""
    _only(purpose, Purpose.READ, "notice")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return AbsenceNotice.objects.none()
    enrolled = Enrolment.objects.filter(
        pupil_id=OuterRef("pupil_id"),
        classroom_id__in=classrooms_visible_to(viewer, purpose=Purpose.REGISTER).values("pk"),
        start_date__lte=OuterRef("end_date"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")))
    return AbsenceNotice.objects.filter(
        Q(pupil_id__in=children_ids(person_id=person_id)) | Exists(enrolled))


def notice_get_for(viewer, notice_id: int, *, purpose: Purpose) -> AbsenceNotice:
    notice = notices_visible_to(viewer, purpose=purpose).filter(pk=notice_id).first()
    if notice is None:
        raise NotFoundError("Absence annoncée introuvable.")
    return notice


# --- L131-8 cases ---------------------------------------------------------------------------


def cases_visible_to(viewer, *, purpose: Purpose) -> QuerySet[AbsenteeismCase]:
    """MANAGE: the L131-8 cases of the classrooms one directs. INSPECT: those of the schools
    an IEN or a DASEN oversees, read-only (commune officers get none: the law gives them
    no individual absence)."""
    if purpose not in (Purpose.MANAGE, Purpose.INSPECT):
        raise ValueError(f"No case access for {purpose!r}.")
    return AbsenteeismCase.objects.filter(
        classroom_id__in=classrooms_visible_to(viewer, purpose=purpose).values("pk"))


def case_get_for(viewer, case_id: int, *, purpose: Purpose) -> AbsenteeismCase:
    case = (cases_visible_to(viewer, purpose=purpose).filter(pk=case_id)
            .select_related("pupil", "classroom__school").first())
    if case is None:
        raise NotFoundError("Dossier introuvable.")
    return case
