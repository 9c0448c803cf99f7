from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from preau.livret.models import Cycle, Evaluation, EvaluationElement, Result
from tests.factories.livret import national_elements

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def _on_wednesday_25_november_2026():
    with time_machine.travel(NOW):
        yield


def make_evaluation(world, key: str = "A1", *, elements: int = 2, on: date = date(2026, 11, 20),
                    published: bool = False, title: str = "Dictée n° 3") -> Evaluation:
    """An evaluation of a world's classroom by its teacher, on national elements of the
    classroom's cycle."""
    classroom = world.classrooms[key]
    cycle = Cycle.CYCLE_3 if classroom.levels[0] in ("CM1", "CM2") else Cycle.CYCLE_2
    evaluation = Evaluation.objects.create(
        classroom=classroom, title=title, date=on,
        author=classroom.assignments.first().person,
        published_at=NOW if published else None)
    EvaluationElement.objects.bulk_create(
        EvaluationElement(evaluation=evaluation, element=element, position=index)
        for index, element in enumerate(national_elements(cycle=cycle)[:elements]))
    return evaluation


def fill(evaluation: Evaluation, pupil, level: int | None = 3, absent: bool = False) -> None:
    for element_id in EvaluationElement.objects.filter(evaluation=evaluation).values_list(
            "element_id", flat=True):
        Result.objects.create(evaluation=evaluation, element_id=element_id, pupil=pupil,
                              level=None if absent else level, absent=absent)


@pytest.fixture
def sent_events(monkeypatch):
    """The live events sent after commit: [(event, user_ids)]."""
    sent: list[tuple[dict, list[int]]] = []
    monkeypatch.setattr("preau.realtime.publish._send", lambda batch: sent.extend(batch))
    return sent
