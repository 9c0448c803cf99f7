"""Role-matrix rows of the LSU export and of the bilan PDF (see tests/matrix.py).

The check and the export take the period as a query parameter: "self" rows on school A's
first trimester, for which only school A's director answers 200 (every other role: 404,
the period is not theirs). The PDF: the teachers and the director of the bilan's classroom,
and each guardian of the pupil once the bilan is communicated (the world's are).
"""

from __future__ import annotations

from preau.livret.models import BilanState
from tests.livret.lsu_scope import livret_ready
from tests.matrix import AUTHENTICATED, Row


def _communicated(world) -> None:
    livret_ready(world, state=BilanState.COMMUNICATED)


def _period_a(world) -> dict:
    return {"period": world.extra["lsu_period"]["A"].pk}


DIRECTOR_ONLY = {role: 404 for role in AUTHENTICATED if role != "director"}
BILANS = {"own": "A1", "same_school": "A2", "other_school": "B1"}
BILANS_SEEN = {
    "pupil": {"A1"}, "guardian": {"A1"}, "guardian_other": {"A2"},
    "teacher": {"A1"}, "teacher_other": {"A2"},
    "director": {"A1", "A2"}, "director_other": {"B1"},
}

ROWS: list[Row] = [
    Row("livret:lsu-check", kind="self", writers={"director": set()}, refused=DIRECTOR_ONLY,
        prepare=_communicated, query=_period_a),
    Row("livret:lsu-export", kind="self", writers={"director": set()}, refused=DIRECTOR_ONLY,
        prepare=_communicated, query=_period_a),
    Row("livret:bilan-pdf", kwarg="bilan_id",
        resolve=lambda world, key: world.extra["lsu_bilans"][key], targets=BILANS,
        seen=BILANS_SEEN, prepare=_communicated),
]
