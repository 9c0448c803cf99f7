"""Reads of the pupil record (fiche élève), from a pupil the gate let through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from preau.people.models import Enrolment, Guardianship, Person
from preau.pupil_record.models import PickupPerson
from preau.pupil_record.permissions import can_edit_pupil_record


@dataclass(frozen=True)
class PupilRecord:
    pupil: Person
    enrolments: list[Enrolment]  # newest first
    current_enrolment: Enrolment | None
    guardianships: list[Guardianship]  # legal guardians first
    pickup_persons: list[PickupPerson]  # at the school of the current enrolment
    can_edit: bool


def _enrolments(pupil: Person) -> list[Enrolment]:
    return list(Enrolment.objects.filter(pupil=pupil)
                .select_related("classroom__school", "classroom__school_year")
                .order_by("-start_date"))


def pupil_record(*, viewer, pupil: Person, on: date | None = None) -> PupilRecord:
    """The record of a pupil read through ``pupil_get_for(purpose=RECORD)``: five queries
    whatever the number of enrolments, guardians and pick-up persons (with the gate's)."""
    on = on or timezone.localdate()
    enrolments = _enrolments(pupil)
    current = next((e for e in enrolments if e.start_date <= on
                    and (e.end_date is None or e.end_date >= on)), None)
    guardianships = list(Guardianship.objects.filter(pupil=pupil).select_related("guardian")
                         .order_by("-is_legal", "guardian__last_name", "guardian__first_name",
                                   "pk"))
    pickup_persons = (list(PickupPerson.objects.filter(
        pupil=pupil, school_id=current.classroom.school_id)) if current is not None else [])
    return PupilRecord(pupil=pupil, enrolments=enrolments, current_enrolment=current,
                       guardianships=guardianships, pickup_persons=pickup_persons,
                       can_edit=can_edit_pupil_record(actor=viewer, pupil=pupil))
