"""ONDE import details: civilities, a guardian on several rows, letters lost by a
Windows-1252 re-export, and the ONDE id of a classroom matched by name."""

from datetime import date

import pytest
import time_machine

from preau.imports.onde import onde_apply, onde_preview
from preau.people.models import GuardianRelationship, Guardianship, Person
from preau.schools.models import Classroom, SchoolYear
from tests.factories import SchoolFactory
from tests.imports.onde_files import onde_export, upload

pytestmark = pytest.mark.django_db

TOM = {"last_name": "BERNARD", "first_name": "Tom", "birth_date": date(2019, 1, 9),
       "level": "CE1", "class": "CE1-CE2 M. Petit", "class_id": "1002", "ine": "123456789AB"}
LOU = {"last_name": "BERNARD", "first_name": "Lou", "birth_date": date(2017, 5, 21),
       "level": "CM1", "class": "CM1 Mme Roux", "class_id": "1003", "ine": "123456789AC"}


def _import(school, pupils, guardians, **options):
    files = onde_export(pupils, guardians, **options)
    plan, _, _ = onde_preview(school=school, pupils_file=files[0], guardians_file=files[1])
    assert plan.rejected == []
    onde_apply(plan=plan)
    return plan


@pytest.mark.parametrize(("civility", "relationship"), [
    ("Mlle", GuardianRelationship.MOTHER), ("MADEMOISELLE", GuardianRelationship.MOTHER),
    ("Mme", GuardianRelationship.MOTHER), ("M.", GuardianRelationship.FATHER),
    ("M", GuardianRelationship.FATHER), ("Monsieur", GuardianRelationship.FATHER),
    ("", GuardianRelationship.OTHER),
])
def test_the_civility_gives_the_relationship(civility, relationship):
    _import(SchoolFactory(), [TOM], [{"civility": civility, "last_name": "BERNARD",
                                      "first_name": "Camille",
                                      "children": [("BERNARD", "Tom", "CE1-CE2 M. Petit")]}])
    assert Guardianship.objects.get().relationship == relationship


def test_a_guardian_on_two_rows_one_per_child_is_one_person_with_two_children():
    school = SchoolFactory()
    mother = {"civility": "Mme", "last_name": "BERNARD", "first_name": "Julie",
              "email": "julie.bernard@example.org", "address": "4 rue Jeanne d'Arc"}
    plan = _import(school, [TOM, LOU], [
        {**mother, "children": [("BERNARD", "Tom", "CE1-CE2 M. Petit")]},
        {**mother, "children": [("BERNARD", "Lou", "CM1 Mme Roux")]},
        {**mother, "first_name": "Julie", "email": "une.autre@example.org",
         "address": "12 rue de Paris", "children": [("BERNARD", "Lou", "CM1 Mme Roux")]},
    ], encoding="cp1252")

    assert plan.summary()["guardians_to_create"] == 2
    julie = Person.objects.get(email="julie.bernard@example.org")
    assert {link.pupil.first_name for link in julie.wards.select_related("pupil")} == {
        "Tom", "Lou"}
    assert Person.objects.filter(first_name="Julie").count() == 2  # the namesake elsewhere


def test_letters_lost_by_a_windows_1252_reexport_are_warned_and_never_rename_a_pupil():
    school = SchoolFactory()
    thuy = {**TOM, "last_name": "NGUYỄN", "first_name": "Thủy"}
    _import(school, [thuy], [])

    files = onde_export([thuy], [], encoding="cp1252", errors="replace")
    assert b"NGUY?N" in files[0]
    plan, _, _ = onde_preview(school=school, pupils_file=files[0], guardians_file=files[1])

    assert plan.summary()["pupils_to_update"] == 0
    assert plan.summary()["pupils_to_create"] == 0
    assert [(w.file, w.line) for w in plan.warnings] == [("élèves", 2)]
    assert "NGUY?N" in plan.warnings[0].reason
    assert "NGUYỄN" in plan.warnings[0].reason
    onde_apply(plan=plan)
    assert Person.objects.get().last_name == "NGUYỄN"
    assert Person.objects.get().first_name == "Thủy"


def test_a_classroom_matched_by_name_gets_its_onde_id():
    school = SchoolFactory()
    year = SchoolYear.objects.create(label="2026-2027", start_date=date(2026, 9, 1),
                                     end_date=date(2027, 8, 31))
    classroom = Classroom.objects.create(school=school, school_year=year,
                                         name="CE1-CE2 M. Petit", levels=["CE1", "CE2"])
    with time_machine.travel("2026-10-05 09:00 +02:00"):
        plan = _import(school, [TOM], [])

    assert plan.summary()["classrooms_to_create"] == 0
    classroom.refresh_from_db()
    assert classroom.onde_class_id == "1002"
    assert Person.objects.get().enrolments.get().classroom == classroom


def test_the_preview_api_shows_the_warning_and_the_classroom_to_identify(world, client_for):
    school = world.schools["A"]
    thuy = {**TOM, "last_name": "NGUYỄN", "first_name": "Thủy",
            "class": world.classrooms["A1"].name}
    pupils, guardians = onde_export([thuy], [], encoding="cp1252", errors="replace")

    body = upload(client_for("director"), school, "preview", pupils, guardians).json()

    assert body["classrooms_to_identify"] == [
        {"name": world.classrooms["A1"].name, "onde_class_id": "1002"}]
    assert [(w["file"], w["line"]) for w in body["warnings"]] == [("élèves", 2)]
    assert "« NGUY?N », « Th?y »" in body["warnings"][0]["reason"]


def test_the_database_refuses_one_onde_id_for_two_classrooms_of_a_school_year():
    from django.db import IntegrityError, transaction

    school = SchoolFactory()
    year = SchoolYear.objects.create(label="2026-2027", start_date=date(2026, 9, 1),
                                     end_date=date(2027, 8, 31))
    Classroom.objects.create(school=school, school_year=year, name="CP A", onde_class_id="1001")
    Classroom.objects.create(school=school, school_year=year, name="CP B")  # no id: allowed
    Classroom.objects.create(school=school, school_year=year, name="CP C")
    with pytest.raises(IntegrityError), transaction.atomic():
        Classroom.objects.create(school=school, school_year=year, name="CP D",
                                 onde_class_id="1001")
