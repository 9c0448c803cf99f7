"""The recipient list names each family's tie to the child and the child's class."""

from __future__ import annotations

import pytest

from preau.people.models import GuardianRelationship, Guardianship

pytestmark = pytest.mark.django_db

RECIPIENTS = "/api/v1/messaging/recipients/"


def test_a_teacher_sees_each_guardian_as_mother_or_father_of_a_child_of_a_class(world, client_of):
    Guardianship.objects.filter(guardian=world.user("guardian").person).update(
        relationship=GuardianRelationship.MOTHER)
    Guardianship.objects.filter(guardian=world.user("guardian_2").person).update(
        relationship=GuardianRelationship.FATHER)
    rows = client_of(world.user("teacher")).get(RECIPIENTS, {"reach": "pupil_guardian"}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    by_user = {row["user_id"]: row for row in rows}
    mother = by_user[world.user("guardian").pk]
    father = by_user[world.user("guardian_2").pk]
    classroom = world.pupils["A1"].enrolments.get().classroom
    assert (mother["relationship"], mother["pupil_first_name"], mother["classroom_name"]) == (
        "mere", "Léa", classroom.name)
    assert (father["relationship"], father["classroom_name"]) == ("pere", classroom.name)


def test_a_teacher_or_a_director_has_no_tie_to_a_child(world, client_of):
    rows = client_of(world.user("guardian")).get(RECIPIENTS).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows
    assert all(row["relationship"] is None for row in rows)
