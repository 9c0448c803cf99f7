"""The families' "homework this week" runs from kept SQL (``preau.common.prepared``) and
still shows every detail of each homework."""

from __future__ import annotations

import pytest

from preau.common.prepared import _Prepared

pytestmark = pytest.mark.django_db



def test_the_families_homework_week_keeps_its_prepared_sql_and_shows_every_detail(
    world, client_for
):
    from preau.homework.selectors import _FAMILY_ENROLMENTS, _WEEK_HOMEWORK

    for prepared in (_FAMILY_ENROLMENTS, _WEEK_HOMEWORK):
        prepared._cache.clear()
    teacher = client_for("teacher")
    created = teacher.post(
        f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/homework/",
        {"subject": "francais", "instructions": "Lire **p. 12**", "due_date": "2026-11-27",
         "audience": "pupils", "pupils": [world.pupils["A1"].pk]}, format="json")
    assert created.status_code == 201, created.content
    for _ in range(2):  # prepared on the first load, run from the kept SQL on the second
        response = client_for("guardian").get("/api/v1/homework/children/",
                                              {"start": "2026-11-23", "end": "2026-11-29"})
        assert response.status_code == 200
        (child,) = response.json()
        (item,) = child["items"]
        # the prefetched targets and the rendered text come with the prepared rows
        assert item["homework"]["pupils"][0]["id"] == world.pupils["A1"].pk
        assert item["homework"]["instructions_html"] == "<p>Lire <strong>p. 12</strong></p>"
        assert item["homework"] == created.json()
    for prepared in (_FAMILY_ENROLMENTS, _WEEK_HOMEWORK):
        assert [type(p) for p in prepared._cache.values()] == [_Prepared]
