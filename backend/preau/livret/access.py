"""Access to the livret: periods, programme, evaluations, bilans.

Gates raise the same 404 for "missing" and "not yours" (docs/access-control.md).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from preau.common.errors import NotFoundError
from preau.livret.models import BilanState, CycleBilan, Period, PeriodicBilan
from preau.people.access import (
    Purpose,
    children_ids,
    directed_classrooms,
    taught_or_directed_classrooms,
    viewer_person_id,
)
from preau.people.models import StaffAssignment, StaffRole

# --- bilans (periodic and end-of-cycle) ---
#
# READ: the pupil's teachers and the school's director see every bilan of their classrooms;
# each legal guardian sees the *communicated* bilans of their children. MANAGE (the LSU
# export): the director of the classroom's school. Authorities see no bilan here (their
# counts come through the authority app); the commune sees nothing of the livret.


def periodic_bilans_visible_to(viewer, *, purpose: Purpose) -> QuerySet[PeriodicBilan]:
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return PeriodicBilan.objects.none()
    if purpose == Purpose.MANAGE:
        return PeriodicBilan.objects.filter(
            classroom_id__in=directed_classrooms(person_id=person_id).values("pk"))
    if purpose != Purpose.READ:
        raise ValueError(f"No periodic bilan access for {purpose!r}.")
    return PeriodicBilan.objects.filter(
        Q(classroom_id__in=taught_or_directed_classrooms(person_id=person_id).values("pk"))
        | Q(state=BilanState.COMMUNICATED, pupil_id__in=children_ids(person_id=person_id)))


def periodic_bilan_get_for(viewer, bilan_id: int, *, purpose: Purpose) -> PeriodicBilan:
    bilan = periodic_bilans_visible_to(viewer, purpose=purpose).filter(pk=bilan_id).first()
    if bilan is None:
        raise NotFoundError("Bilan introuvable.")
    return bilan


def cycle_bilans_visible_to(viewer, *, purpose: Purpose) -> QuerySet[CycleBilan]:
    """The same rules as the periodic bilans."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return CycleBilan.objects.none()
    if purpose == Purpose.MANAGE:
        return CycleBilan.objects.filter(
            classroom_id__in=directed_classrooms(person_id=person_id).values("pk"))
    if purpose != Purpose.READ:
        raise ValueError(f"No end-of-cycle bilan access for {purpose!r}.")
    return CycleBilan.objects.filter(
        Q(classroom_id__in=taught_or_directed_classrooms(person_id=person_id).values("pk"))
        | Q(state=BilanState.COMMUNICATED, pupil_id__in=children_ids(person_id=person_id)))


def sees_accompaniments(viewer, bilan: PeriodicBilan) -> bool:
    """The accompaniment modalities are for the pupil's teachers and the school's director
    only: never a family (a teacher who is also a guardian sees them as a teacher)."""
    person_id = viewer_person_id(viewer)
    return person_id is not None and taught_or_directed_classrooms(
        person_id=person_id).filter(pk=bilan.classroom_id).exists()


def bilan_periods_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Period]:
    """MANAGE: the periods of the schools the viewer directs, that school year (what the
    LSU export is made of)."""
    if purpose != Purpose.MANAGE:
        raise ValueError(f"No bilan period access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Period.objects.none()
    return Period.objects.filter(Exists(StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR, school_id=OuterRef("school_id"),
        school_year_id=OuterRef("school_year_id"))))


def bilan_period_get_for(viewer, period_id: int, *, purpose: Purpose) -> Period:
    period = (bilan_periods_visible_to(viewer, purpose=purpose).filter(pk=period_id)
              .select_related("school", "school_year").first())
    if period is None:
        raise NotFoundError("Période introuvable.")
    return period
