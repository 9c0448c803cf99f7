"""Role-matrix rows of the class cards: who teaches the classroom, who directs its school and
the operator manage its devices and its pupils' cards; families and authorities never reach
them (404; authorities' writes 403). The tablet's endpoints are public: they answer by the
device's cookie (tests/class_cards/test_sign_in.py)."""

from __future__ import annotations

from preau.class_cards.models import ClassDevice
from tests.matrix import Row
from tests.world import World

CLASSROOMS = {"own": "A1", "same_school": "A2", "other_school": "B1",
              "other_departement": "C1"}
MANAGERS = {"teacher": {"A1"}, "teacher_other": {"A2"}, "director": {"A1", "A2"},
            "director_other": {"B1"}, "operator": {"A1", "A2", "B1", "C1"}}


def _classroom(world: World, key: str):
    return world.classrooms[key]


def _pupil(world: World, key: str):
    return world.pupils[key]


def _device(world: World, key: str):
    return world.extra["class_devices"][key]


def with_devices(world: World) -> None:
    if "class_devices" in world.extra:
        return
    world.extra["class_devices"] = {
        key: ClassDevice.objects.create(classroom=classroom, name=f"Tablette {key}",
                                        token_hash=f"{key:0<64}"[:64])
        for key, classroom in world.classrooms.items()}


ROWS: list[Row] = [
    Row("class_cards:pictures", kind="public"),
    Row("class_cards:device", kind="public"),
    Row("class_cards:device-sign-in", method="POST", kind="public",
        body={"qr": "preau-card:inconnu"}),
    Row("class_cards:classroom-devices", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=MANAGERS, prepare=with_devices),
    Row("class_cards:classroom-devices", method="POST", kwarg="classroom_id",
        resolve=_classroom, targets=CLASSROOMS, seen=MANAGERS, writers=MANAGERS,
        ok_status=201, body={"name": "Tablette du fond"}),
    Row("class_cards:device-detail", method="DELETE", kwarg="device_id", resolve=_device,
        targets=CLASSROOMS, seen=MANAGERS, writers=MANAGERS, prepare=with_devices),
    Row("class_cards:classroom-cards", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=MANAGERS),
    Row("class_cards:classroom-cards-pdf", method="POST", kwarg="classroom_id",
        resolve=_classroom, targets=CLASSROOMS, seen=MANAGERS, writers=MANAGERS,
        body={"reprint": True}),
    Row("class_cards:card-reset", method="POST", kwarg="pupil_id", resolve=_pupil,
        targets=CLASSROOMS, seen=MANAGERS, writers=MANAGERS),
    Row("class_cards:card-sessions-end", method="POST", kwarg="pupil_id", resolve=_pupil,
        targets=CLASSROOMS, seen=MANAGERS, writers=MANAGERS),
]
