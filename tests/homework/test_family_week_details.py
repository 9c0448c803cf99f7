"""The families' "homework this week" shows every detail of each homework, load after load."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_families_homework_week_shows_every_detail(world, client_for):
    teacher = client_for("teacher")
    created = teacher.post(
        f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/homework/",
        {"subject": "francais", "instructions": "Lire **p. 12**", "due_date": "2026-11-27",
         "audience": "pupils", "pupils": [world.pupils["A1"].pk]}, format="json")
    assert created.status_code == 201, created.content
    for _ in range(2):  # the same on the first load and the next
        response = client_for("guardian").get("/api/v1/homework/children/",
                                              {"start": "2026-11-23", "end": "2026-11-29"})
        assert response.status_code == 200
        (child,) = response.json()
        (item,) = child["items"]
        # the prefetched targets and the rendered text come with the rows
        assert item["homework"]["pupils"][0]["id"] == world.pupils["A1"].pk
        assert item["homework"]["instructions_html"] == "<p>Lire <strong>p. 12</strong></p>"
        assert item["homework"] == created.json()
