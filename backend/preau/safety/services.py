"""Writes of the muster: start, tap pupils as found (from a phone that may have been
offline), put a class in a colleague's charge, end it into the register (docs/safety.md)."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from preau.attendance.dates import current_half_day
from preau.attendance.models import Absence, AbsenceKind
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.people.access import enrolments_active_on
from preau.people.models import StaffAssignment, StaffRole
from preau.safety import events
from preau.safety.models import Muster, MusterClass, MusterPupil
from preau.safety.permissions import muster_rights
from preau.schools.calendar import school_year_on
from preau.schools.models import Classroom, School

# A phone's clock may be a little behind or ahead of the server's.
CLOCK_SKEW = timedelta(minutes=2)


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


def _under_way_refusal() -> ApplicationError:
    return ApplicationError("Un exercice ou une alerte est déjà en cours dans cette école.",
                            code="muster_under_way", status_code=409)


@transaction.atomic
def muster_start(*, actor, school: School, kind: str, is_drill: bool) -> Muster:
    """An alert or a drill of the school, by one of its staff (the caller checked it). Each
    class of the school year is listed with its teacher in charge and its pupils enrolled
    today; those the current half-day's roll call marked absent are set apart (a call not
    taken yet sets nobody apart). 409 while another is under way."""
    now = timezone.localtime()
    today = now.date()
    year = school_year_on(today)
    if year is None:
        raise _refuse("Aucune année scolaire en cours.", "kind")
    if Muster.objects.filter(school=school, ended_at__isnull=True).exists():
        raise _under_way_refusal()
    try:
        with transaction.atomic():
            muster = Muster.objects.create(school=school, school_year=year, kind=kind,
                                           is_drill=is_drill, started_at=now, started_by=actor)
    except IntegrityError:  # started at the same moment from another phone
        raise _under_way_refusal() from None
    classrooms = list(Classroom.objects.filter(school=school, school_year=year)
                      .values_list("pk", flat=True))
    teachers: dict[int, int] = {}
    for classroom_id, person_id in (StaffAssignment.objects
                                    .filter(classroom_id__in=classrooms, role=StaffRole.TEACHER)
                                    .order_by("pk").values_list("classroom_id", "person_id")):
        teachers.setdefault(classroom_id, person_id)
    MusterClass.objects.bulk_create([
        MusterClass(muster=muster, classroom_id=c, responsible_id=teachers.get(c))
        for c in classrooms])
    enrolled = list(enrolments_active_on(today).filter(classroom_id__in=classrooms)
                    .values_list("pupil_id", "classroom_id"))
    # The school's call of the half-day, whoever starts the muster: a teacher of one class
    # must see every class's absent pupils set apart (docs/safety.md).
    absent = set(Absence.objects.filter(
        pupil_id__in=[pupil for pupil, _ in enrolled], date=today, kind=AbsenceKind.ABSENT,
        half_day=current_half_day(school, now), roll_call__classroom_id__in=classrooms,
    ).values_list("pupil_id", flat=True))
    MusterPupil.objects.bulk_create([
        MusterPupil(muster=muster, pupil_id=pupil, classroom_id=classroom,
                    absent_today=pupil in absent) for pupil, classroom in enrolled])
    events.muster_started(muster)
    return muster


@transaction.atomic
def muster_mark(*, actor, muster: Muster, marks: list[dict]) -> list[MusterPupil]:
    """Pupils tapped as found (``found``) or the tap undone, each at the time the phone
    recorded it (``at``; now when absent): a phone that was offline sends its taps late, in
    any order. The earliest "found" wins; an undo counts only if tapped after the "found"
    it undoes. Taps are accepted after the end if made before it. 400 naming the mark: a
    pupil who is not in this muster, a time outside the muster."""
    now = timezone.now()
    rows = {row.pupil_id: row for row in MusterPupil.objects.select_for_update()
            .filter(muster=muster, pupil_id__in=[mark["pupil"] for mark in marks])}
    latest = min(now, muster.ended_at) if muster.ended_at else now
    changed: dict[int, MusterPupil] = {}
    for index, mark in enumerate(marks):
        row = rows.get(mark["pupil"])
        if row is None:
            raise _refuse("Cet·te élève n'est pas dans ce rassemblement.",
                          f"marks.{index}.pupil")
        at = mark.get("at") or now
        if not muster.started_at - CLOCK_SKEW <= at <= latest + CLOCK_SKEW:
            raise _refuse("Ce pointage est en dehors de l'exercice.", f"marks.{index}.at")
        at = max(min(at, latest), muster.started_at)
        if mark["found"] and (row.found_at is None or at < row.found_at):
            row.found_at, row.found_by = at, actor
            changed[row.pk] = row
        elif not mark["found"] and row.found_at is not None and at >= row.found_at:
            row.found_at = row.found_by = None
            changed[row.pk] = row
    MusterPupil.objects.bulk_update(changed.values(), ["found_at", "found_by"])
    events.pupils_marked(muster, changed.values())
    return list(rows.values())


def _refuse_unless_under_way(muster: Muster) -> None:
    if muster.ended_at is not None:
        raise ApplicationError("Cet exercice est terminé.", code="muster_ended")


@transaction.atomic
def muster_assign(*, actor, muster: Muster, classroom_id: int, responsible_id: int) -> MusterClass:
    """The director puts a class in a colleague's charge (its teacher is absent). 400
    naming the field: a class not in this muster, someone who is not of the school's staff."""
    _refuse_unless_under_way(muster)
    group = MusterClass.objects.filter(muster=muster, classroom_id=classroom_id).first()
    if group is None:
        raise _refuse("Cette classe n'est pas dans ce rassemblement.", "classroom")
    if not StaffAssignment.objects.filter(person_id=responsible_id, school_id=muster.school_id,
                                          school_year_id=muster.school_year_id).exists():
        raise _refuse("Choisissez un membre de l'équipe de l'école.", "responsible")
    group.responsible_id = responsible_id
    group.save(update_fields=["responsible"])
    events.muster_changed(muster)
    return group


@transaction.atomic
def muster_end(*, actor, muster: Muster, observations: str) -> Muster:
    """End it, with what went wrong, into the registre de sécurité: by the director or by
    whoever started it."""
    if not muster_rights(actor, muster).may_end:
        raise PermissionDeniedError("Seule la direction, ou qui l'a déclenché, termine "
                                    "l'exercice.")
    muster = Muster.objects.select_for_update().get(pk=muster.pk)
    _refuse_unless_under_way(muster)
    muster.ended_at, muster.ended_by = timezone.now(), actor
    muster.observations = observations.strip()
    muster.save(update_fields=["ended_at", "ended_by", "observations", "updated_at"])
    events.muster_changed(muster)
    return muster
