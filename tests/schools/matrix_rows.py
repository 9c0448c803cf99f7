"""Role-matrix rows of the schools app's holiday calendar: the DASEN of the département
reads and enters the holidays of a school year the ministry has not published — the one
write an authority role has on school data."""

from __future__ import annotations

from tests.matrix import Row
from tests.world import World

DEPARTEMENTS = {"own": "A", "other_departement": "C"}  # the département of that school
ONLY_THE_DASEN = {"dasen": {"A"}}


def _departement(world: World, key: str):
    return world.schools[key].circonscription.departement


ROWS: list[Row] = [
    Row("schools:departement-holidays", kwarg="departement_id", resolve=_departement,
        targets=DEPARTEMENTS, seen=ONLY_THE_DASEN,
        query=lambda w: {"school_year": "2029-2030"}),
    Row("schools:departement-holidays", method="PUT", kwarg="departement_id",
        resolve=_departement, targets=DEPARTEMENTS, seen=ONLY_THE_DASEN,
        writers=ONLY_THE_DASEN, authority_may_write=True,
        body={"school_year": "2029-2030", "zone": "C", "periods": [
            {"name": "Vacances de la Toussaint", "start_date": "2029-10-20",
             "end_date": "2029-11-04"}]}),
]
