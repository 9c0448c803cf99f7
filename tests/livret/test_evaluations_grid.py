"""The grid: a whole class saved in one request, in a constant number of queries; a bad
cell named and nothing written; ETag / If-Match against a lost update."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.livret.models import Result
from tests.factories import EnrolmentFactory, PupilFactory
from tests.livret.conftest import NOW, fill, make_evaluation

pytestmark = pytest.mark.django_db
WORLD_NOW = NOW
# Session, user and role, the gate, the predicate, the version lock, pupils, elements,
# existing cells, upsert, version bump, the transaction's savepoint, then the grid read back
# (pupils, elements, cells); one more on SQLite for a grid of more than 199 cells.
GRID_SAVE_QUERIES = 17


@pytest.fixture
def world(world_of_module):
    return world_of_module


def grid_url(evaluation):
    return f"/api/v1/livret/evaluations/{evaluation.pk}/grid/"


def class_of(world, size: int) -> list:
    """The world's pupil of A1 and ``size - 1`` classmates, in name order."""
    for index in range(size - 1):
        EnrolmentFactory(pupil=PupilFactory(last_name=f"Zé{index:02d}", first_name="Camille"),
                         classroom=world.classrooms["A1"])
    return [world.pupils["A1"], *sorted(
        (e.pupil for e in world.classrooms["A1"].enrolments.exclude(pupil=world.pupils["A1"])),
        key=lambda p: p.last_name)]


def full_grid(pupils, evaluation) -> list[dict]:
    elements = [e.pk for e in evaluation.elements.all()]
    return [{"pupil": pupil.pk, "element": element, "level": (i + j) % 4 + 1}
            for i, pupil in enumerate(pupils) for j, element in enumerate(elements)]


def test_the_grid_lists_the_pupils_enrolled_on_the_evaluation_date(world, client_for):
    evaluation = make_evaluation(world, elements=3, on=date(2026, 10, 5))
    late = EnrolmentFactory(pupil=PupilFactory(last_name="Arrivée", first_name="Tardive"),
                            classroom=world.classrooms["A1"], start_date=date(2026, 11, 2))
    left = EnrolmentFactory(pupil=PupilFactory(last_name="Aaron", first_name="Partie"),
                            classroom=world.classrooms["A1"], end_date=date(2026, 10, 20))
    fill(evaluation, world.pupils["A1"], level=2)

    response = client_for("teacher").get(grid_url(evaluation))

    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body["pupils"]] == [left.pupil_id, world.pupils["A1"].pk]
    assert late.pupil_id not in [p["id"] for p in body["pupils"]]
    assert len(body["elements"]) == 3
    assert {(c["pupil"], c["level"], c["absent"]) for c in body["cells"]} == {
        (world.pupils["A1"].pk, 2, False)}
    assert response["ETag"] == f'"evaluation-grid-{evaluation.pk}-v0"'


def test_families_and_authorities_never_reach_the_grid(world, client_for):
    evaluation = make_evaluation(world, published=True)
    for role in ("pupil", "guardian", "teacher_other", "commune", "inspector", "dasen"):
        assert client_for(role).get(grid_url(evaluation)).status_code == 404
        assert client_for(role).put(grid_url(evaluation), {"cells": []},
                                    format="json").status_code in (403, 404)


def _save(client, evaluation, cells):
    with CaptureQueriesContext(connection) as queries:
        response = client.put(grid_url(evaluation), {"cells": cells}, format="json")
    assert response.status_code == 200, response.json()
    return response, len(queries)


def test_a_class_of_28_pupils_by_12_elements_is_saved_in_one_request_in_constant_queries(
        world, client_for):
    teacher = client_for("teacher")
    small = make_evaluation(world, elements=2, title="Petite")
    big = make_evaluation(world, elements=12, title="Grande")
    pupils = class_of(world, 28)

    _, small_queries = _save(teacher, small, full_grid(pupils[:5], small))
    response, big_queries = _save(teacher, big, full_grid(pupils, big))

    assert Result.objects.filter(evaluation=big).count() == 28 * 12
    assert len(response.json()["cells"]) == 28 * 12
    # SQLite caps a statement at 999 variables: Django splits the upsert of 336 rows in two.
    extra = 1 if connection.vendor == "sqlite" else 0
    assert small_queries <= big_queries <= small_queries + extra
    assert big_queries <= GRID_SAVE_QUERIES
    # Saving it again (every cell an update) costs the same.
    _, again = _save(teacher, big, full_grid(pupils, big))
    assert again == big_queries


def test_a_bad_cell_is_named_and_nothing_is_written(world, client_for):
    evaluation = make_evaluation(world, elements=3)
    pupils = class_of(world, 5)
    cells = full_grid(pupils, evaluation)
    client_for("teacher").put(grid_url(evaluation), {"cells": cells[:4]}, format="json")
    before = sorted(Result.objects.values_list("pupil_id", "element_id", "level"))
    stranger = PupilFactory()
    EnrolmentFactory(pupil=stranger, classroom=world.classrooms["A2"], level="CM1")
    other_element = make_evaluation(world, "A2").elements.first().pk

    cases = [
        (12, {"level": 5}, "cells[12].level"),
        (7, {"level": 0}, "cells[7].level"),
        (3, {"pupil": stranger.pk}, "cells[3].pupil"),
        (9, {"element": other_element}, "cells[9].element"),
        (10, {"absent": True}, "cells[10].level"),
        (14, {"pupil": cells[0]["pupil"], "element": cells[0]["element"]}, "cells[14]"),
        (2, {"pupil": "Léa"}, "cells[2].pupil"),
    ]
    for index, change, field in cases:
        sent = [dict(cell) for cell in cells]
        sent[index].update(change)
        response = client_for("teacher").put(grid_url(evaluation), {"cells": sent},
                                             format="json")
        assert response.status_code == 400, change
        assert list(response.json()["error"]["fields"]) == [field]
        assert sorted(Result.objects.values_list("pupil_id", "element_id", "level")) == before


def test_cells_are_cleared_absent_or_left_out_and_the_rest_is_replaced(world, client_for):
    evaluation = make_evaluation(world, elements=2)
    pupils = class_of(world, 3)
    teacher = client_for("teacher")
    teacher.put(grid_url(evaluation), {"cells": full_grid(pupils, evaluation)}, format="json")
    first, second = (e.pk for e in evaluation.elements.all())

    response = teacher.put(grid_url(evaluation), {"cells": [
        {"pupil": pupils[0].pk, "element": first, "level": 4},
        {"pupil": pupils[0].pk, "element": second, "level": None},
        {"pupil": pupils[1].pk, "element": first, "absent": True},
        {"pupil": pupils[1].pk, "element": second, "absent": True},
    ]}, format="json")

    assert response.status_code == 200
    assert sorted(Result.objects.values_list("pupil_id", "element_id", "level", "absent")) == [
        (pupils[0].pk, first, 4, False), (pupils[1].pk, first, None, True),
        (pupils[1].pk, second, None, True)]


def test_if_match_refuses_a_grid_saved_by_someone_else_since_it_was_read(world, client_for):
    evaluation = make_evaluation(world, elements=1)
    element = evaluation.elements.first().pk
    teacher, director = client_for("teacher"), client_for("director")
    etag = teacher.get(grid_url(evaluation))["ETag"]

    saved = director.put(grid_url(evaluation), {"cells": [
        {"pupil": world.pupils["A1"].pk, "element": element, "level": 3}]}, format="json",
        HTTP_IF_MATCH=etag)
    assert saved.status_code == 200
    assert saved["ETag"] != etag

    stale = teacher.put(grid_url(evaluation), {"cells": []}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Result.objects.get().level == 3
    fresh = teacher.put(grid_url(evaluation), {"cells": []}, format="json",
                        HTTP_IF_MATCH=saved["ETag"])
    assert fresh.status_code == 200
    assert not Result.objects.exists()
