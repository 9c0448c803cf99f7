"""The musters of the role matrix and of the safety tests: one under way in each school,
started through the service by its director (school C has none: by the model)."""

from __future__ import annotations

from preau.safety.models import DrillKind, Muster
from preau.safety.services import muster_start
from tests.world import World

SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
# The school's staff this school year: its teachers and its director.
STAFF = {"teacher": {"A"}, "teacher_other": {"A"}, "director": {"A"}, "director_other": {"B"}}
DIRECTORS = {"director": {"A"}, "director_other": {"B"}}
# A pupil of each school (pupils are keyed by classroom in the world).
PUPIL_OF = {"A": "A1", "B": "B1", "C": "C1"}


def with_musters(world: World) -> None:
    if "musters" in world.extra:
        return
    musters = {
        "A": muster_start(actor=world.user("director"), school=world.schools["A"],
                          kind=DrillKind.FIRE, is_drill=True),
        "B": muster_start(actor=world.user("director_other"), school=world.schools["B"],
                          kind=DrillKind.PPMS_MAJOR, is_drill=True),
    }
    c1 = world.classrooms["C1"]
    musters["C"] = Muster.objects.create(school=world.schools["C"], school_year=c1.school_year,
                                         kind=DrillKind.FIRE)
    world.extra["musters"] = musters
