"""Access to the persons authorised to pick a pupil up: one rule, written once.

They are part of the pupil record (``Purpose.RECORD`` of ``preau.people.access``): whoever
teaches the pupil's current classroom or directs its school sees the list of that school;
a family, an authority or another teacher sees none of it (the same 404 as a missing row).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from preau.common.errors import NotFoundError
from preau.people.access import (
    Purpose,
    directed_classrooms,
    enrolments_active_on,
    taught_or_directed_classrooms,
    viewer_person_id,
)
from preau.pupil_record.models import PickupPerson


def pickup_persons_visible_to(viewer, *, purpose: Purpose,
                              on: date | None = None) -> QuerySet[PickupPerson]:
    """RECORD: those of the pupils enrolled today in a classroom one teaches or directs, at
    that classroom's school. MANAGE: the same, for the classrooms one directs."""
    if purpose not in (Purpose.RECORD, Purpose.MANAGE):
        raise ValueError(f"No pick-up person access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return PickupPerson.objects.none()
    classrooms = (taught_or_directed_classrooms(person_id=person_id)
                  if purpose == Purpose.RECORD else directed_classrooms(person_id=person_id))
    return PickupPerson.objects.filter(Exists(
        enrolments_active_on(on or timezone.localdate()).filter(
            pupil_id=OuterRef("pupil_id"), classroom__school_id=OuterRef("school_id"),
            classroom_id__in=classrooms.values("pk"))))


def pickup_person_get_for(viewer, pickup_person_id: int, *,
                          purpose: Purpose) -> PickupPerson:
    pickup_person = (pickup_persons_visible_to(viewer, purpose=purpose)
                     .filter(pk=pickup_person_id).select_related("pupil").first())
    if pickup_person is None:
        raise NotFoundError("Personne autorisée introuvable.")
    return pickup_person
