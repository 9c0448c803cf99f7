"""Role-matrix rows of the pupil record (fiche élève) and its director's edits."""

from __future__ import annotations

from preau.people.models import Guardianship
from preau.pupil_record.models import PickupPerson
from tests.matrix import Row
from tests.world import World

PUPILS = {"own": "A1", "same_school": "A2", "other_school": "B1", "other_departement": "C1"}
# The teachers of the pupil's classroom and the director of its school; nobody else.
RECORD_READERS = {"teacher": {"A1"}, "teacher_other": {"A2"}, "director": {"A1", "A2"},
                  "director_other": {"B1"}}
DIRECTORS = {"director": {"A1", "A2"}, "director_other": {"B1"}}
PICKUP = {"first_name": "Odette", "last_name": "Lemoine", "relationship": "grand-mère",
          "phone": "06 12 34 56 78"}


def with_pickup_persons(world: World) -> None:
    """One authorised person per pupil of the world, at the pupil's school."""
    if "pickup_persons" in world.extra:
        return
    world.extra["pickup_persons"] = {
        key: PickupPerson.objects.create(pupil=pupil, school=world.classrooms[key].school,
                                         **PICKUP)
        for key, pupil in world.pupils.items()}


def with_guardianships(world: World) -> None:
    """A tie to a guardian for every pupil (school C's pupil has none in the world)."""
    if "guardianships" in world.extra:
        return
    from tests.factories import GuardianshipFactory, PersonFactory

    ties = {}
    for key, pupil in world.pupils.items():
        ties[key] = (Guardianship.objects.filter(pupil=pupil).order_by("pk").first()
                     or GuardianshipFactory(guardian=PersonFactory(), pupil=pupil))
    world.extra["guardianships"] = ties


ROWS: list[Row] = [
    Row("pupil_record:record", kwarg="pupil_id", resolve=lambda w, key: w.pupils[key],
        targets=PUPILS, seen=RECORD_READERS),
    Row("pupil_record:pickup-person-create", method="POST", kwarg="pupil_id",
        resolve=lambda w, key: w.pupils[key], targets=PUPILS, seen=RECORD_READERS,
        writers=DIRECTORS, ok_status=201,
        body=lambda w, key: {**PICKUP, "last_name": "Nouvelle"}),
    Row("pupil_record:pickup-person-detail", method="PATCH", kwarg="pickup_person_id",
        resolve=lambda w, key: w.extra["pickup_persons"][key], targets=PUPILS,
        seen=RECORD_READERS, writers=DIRECTORS, prepare=with_pickup_persons,
        body={"notes": "Le mercredi"}),
    Row("pupil_record:pickup-person-detail", method="DELETE", kwarg="pickup_person_id",
        resolve=lambda w, key: w.extra["pickup_persons"][key], targets=PUPILS,
        seen=RECORD_READERS, writers=DIRECTORS, ok_status=204, prepare=with_pickup_persons),
    Row("pupil_record:guardian-contact", method="PATCH", kwarg="guardianship_id",
        resolve=lambda w, key: w.extra["guardianships"][key], targets=PUPILS,
        seen=RECORD_READERS, writers=DIRECTORS, prepare=with_guardianships,
        body={"phone": "01 23 45 67 89"}),
]
