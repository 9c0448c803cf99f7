"""Who may change a pupil record: plain predicates, checked inside the services."""

from __future__ import annotations

from preau.people.access import Purpose, pupils_visible_to
from preau.people.models import Person
from preau.pupil_record.access import pickup_persons_visible_to
from preau.pupil_record.models import PickupPerson


def can_edit_pupil_record(*, actor, pupil: Person) -> bool:
    """The director of the school where the pupil is enrolled today; not a teacher."""
    return pupils_visible_to(actor, purpose=Purpose.MANAGE).filter(pk=pupil.pk).exists()


def can_edit_pickup_person(*, actor, pickup_person: PickupPerson) -> bool:
    """The director of the school the row belongs to, the pupil being enrolled there today."""
    return pickup_persons_visible_to(actor, purpose=Purpose.MANAGE).filter(
        pk=pickup_person.pk).exists()
