"""Access to class cards and class devices: who teaches the classroom, who directs its
school (``people.access``, purpose REGISTER), and the operator. Nobody else — no family, no
authority: they get the same 404 as for a classroom that does not exist
(docs/class-cards.md).

The tablet's side (an enrolled device signing a pupil in) is not a viewer: the device's
cookie names its classroom (``selectors.device_of_request``)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from preau.class_cards.models import ClassDevice
from preau.common.errors import NotFoundError
from preau.people.access import (
    CLASSROOM_RELATED,
    Purpose,
    classrooms_visible_to,
    enrolments_active_on,
)
from preau.people.models import Person
from preau.schools.models import Classroom

# The cards of a class are kept by whoever keeps its register.
PURPOSES = {Purpose.REGISTER}


def _check(purpose: Purpose) -> None:
    if purpose not in PURPOSES:
        raise ValueError(f"No class-card access for {purpose!r}.")


def is_operator(viewer) -> bool:
    return bool(getattr(viewer, "is_authenticated", False)
                and getattr(viewer, "is_superuser", False))


def card_classrooms_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Classroom]:
    """REGISTER: the classrooms the viewer teaches or whose school it directs; every
    classroom for the operator."""
    _check(purpose)
    if is_operator(viewer):
        return Classroom.objects.all()
    return classrooms_visible_to(viewer, purpose=Purpose.REGISTER)


def card_classroom_get_for(viewer, classroom_id: int, *, purpose: Purpose) -> Classroom:
    classroom = (card_classrooms_visible_to(viewer, purpose=purpose).filter(pk=classroom_id)
                 .select_related(*CLASSROOM_RELATED).first())
    if classroom is None:
        raise NotFoundError("Classe introuvable.")
    return classroom


def class_devices_visible_to(viewer, *, purpose: Purpose) -> QuerySet[ClassDevice]:
    return ClassDevice.objects.filter(
        classroom_id__in=card_classrooms_visible_to(viewer, purpose=purpose).values("pk"))


def class_device_get_for(viewer, device_id: int, *, purpose: Purpose) -> ClassDevice:
    device = (class_devices_visible_to(viewer, purpose=purpose).filter(pk=device_id)
              .select_related("classroom").first())
    if device is None:
        raise NotFoundError("Appareil introuvable.")
    return device


def card_pupils_visible_to(viewer, *, purpose: Purpose,
                           on: date | None = None) -> QuerySet[Person]:
    """The pupils enrolled today in a classroom of ``card_classrooms_visible_to``."""
    on = on or timezone.localdate()
    classrooms = card_classrooms_visible_to(viewer, purpose=purpose)
    return Person.objects.filter(pk__in=enrolments_active_on(on).filter(
        classroom_id__in=classrooms.values("pk")).values("pupil_id"))


def card_pupil_get_for(viewer, pupil_id: int, *, purpose: Purpose) -> Person:
    pupil = card_pupils_visible_to(viewer, purpose=purpose).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotFoundError("Élève introuvable.")
    return pupil
