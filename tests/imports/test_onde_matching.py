"""ONDE import: each guardian reaches their own child, names match whatever their spelling,
and every value the database cannot hold is a rejected row of the preview."""

from datetime import date

import pytest

from preau.imports.onde import onde_apply, onde_preview
from preau.people.models import Guardianship, Person
from tests.factories import SchoolFactory
from tests.imports.onde_files import onde_export, upload

pytestmark = pytest.mark.django_db

LEA_CP = {"last_name": "MARTIN", "first_name": "Léa", "birth_date": date(2020, 3, 14),
          "level": "CP", "class": "CP Mme Durand", "class_id": "1001"}
LEA_CM1 = {"last_name": "MARTIN", "first_name": "Léa", "birth_date": date(2017, 6, 2),
           "level": "CM1", "class": "CM1 Mme Roux", "class_id": "1003"}


def _guardians_of(person: Person) -> set[str]:
    return {link.guardian.first_name for link in
            Guardianship.objects.filter(pupil=person).select_related("guardian")}


def test_two_pupils_of_the_same_name_each_get_their_own_mother_through_the_class():
    school = SchoolFactory()
    pupils, guardians = onde_export([LEA_CP, LEA_CM1], [
        {"civility": "Mme", "last_name": "MARTIN", "first_name": "Sophie",
         "children": [("MARTIN", "Léa", "CP Mme Durand")]},
        {"civility": "Mme", "last_name": "MARTIN", "first_name": "Claire",
         "address": "8 avenue Foch", "children": [("MARTIN", "Léa", "CM1 Mme Roux")]},
    ], encoding="cp1252")

    plan, _, _ = onde_preview(school=school, pupils_file=pupils, guardians_file=guardians)
    assert plan.rejected == []
    onde_apply(plan=plan)

    young = Person.objects.get(first_name="Léa", birth_date=LEA_CP["birth_date"])
    older = Person.objects.get(first_name="Léa", birth_date=LEA_CM1["birth_date"])
    assert _guardians_of(young) == {"Sophie"}
    assert _guardians_of(older) == {"Claire"}


def test_a_child_the_class_cannot_tell_apart_is_a_rejected_row_never_a_guess():
    school = SchoolFactory()
    twin = {**LEA_CM1, "class": "CP Mme Durand", "class_id": "1001", "level": "CP",
            "birth_date": date(2020, 9, 30)}
    pupils, guardians = onde_export([LEA_CP, twin, LEA_CM1], [
        {"civility": "Mme", "last_name": "MARTIN", "first_name": "Sophie",
         "children": [("MARTIN", "Léa", "CP Mme Durand")]},
        {"civility": "Mme", "last_name": "MARTIN", "first_name": "Claire",
         "children": [("MARTIN", "Léa", "")]},
    ])

    plan, _, _ = onde_preview(school=school, pupils_file=pupils, guardians_file=guardians)

    assert [(r.file, r.line) for r in plan.rejected] == [("responsables", 2),
                                                         ("responsables", 3)]
    assert "Léa MARTIN" in plan.rejected[0].reason
    assert "2 élèves" in plan.rejected[0].reason
    assert "3 élèves" in plan.rejected[1].reason
    assert plan.guardianships_to_create == []


@pytest.mark.parametrize(("stored", "exported"), [
    (("Hervé", "Jean-Baptiste"), ("HERVÉ", "JEAN BAPTISTE")),
    (("N'Diaye", "Aïcha"), ("N’DIAYE", "Aicha")),
    (("Le Gall", "Anne-Lise"), ("LE  GALL", "anne lise")),
])
def test_a_pupil_without_ine_exported_in_another_case_or_accents_is_the_same_pupil(
        stored, exported):
    school = SchoolFactory()
    pupil = {**LEA_CP, "last_name": stored[0], "first_name": stored[1]}
    onde_apply(plan=onde_preview(school=school, pupils_file=onde_export([pupil], [])[0],
                                 guardians_file=onde_export([], [])[1])[0])

    again = {**pupil, "last_name": exported[0], "first_name": exported[1]}
    plan, _, _ = onde_preview(school=school, pupils_file=onde_export([again], [])[0],
                              guardians_file=onde_export([], [])[1])

    assert plan.summary()["pupils_to_create"] == 0
    assert plan.summary()["pupils_to_withdraw"] == 0
    assert plan.summary()["pupils_unchanged"] == 1
    onde_apply(plan=plan)
    assert Person.objects.get().last_name == stored[0]  # the spelling on file is kept


def test_over_long_values_are_rejected_rows_of_the_preview_and_apply_answers_400(
        world, client_for):
    school = world.schools["A"]
    long_name = {**LEA_CP, "first_name": "Marie-" + "x" * 114}  # 120 characters
    long_class = {**LEA_CM1, "class": "CM1 " + "y" * 120}
    pupils, guardians = onde_export([long_name, long_class, {**LEA_CP, "first_name": "Zoé"}], [
        {"civility": "M.", "last_name": "MARTIN", "first_name": "Paul",
         "phone": "06 39 98 00 01 poste 12, sinon le secrétariat.", "children": [
             ("MARTIN", "Zoé", "CP Mme Durand")]},
    ], encoding="cp1252")
    director = client_for("director")
    before = Person.objects.count()

    preview = upload(director, school, "preview", pupils, guardians)
    applied = upload(director, school, "apply", pupils, guardians)

    assert preview.status_code == 200
    assert [(r["file"], r["line"], r["reason"]) for r in preview.json()["rejected"]] == [
        ("élèves", 2, "prénom trop long (120 caractères, 100 au plus)"),
        ("élèves", 3, "libellé de classe trop long (124 caractères, 100 au plus)"),
        ("responsables", 2, "téléphone trop long (46 caractères, 30 au plus)"),
    ]
    assert applied.status_code == 400
    assert applied.json()["error"]["code"] == "rejected_rows"
    assert Person.objects.count() == before



def test_two_known_people_of_one_normalised_name_and_birth_date_are_never_guessed_between():
    from tests.factories import PupilFactory

    school = SchoolFactory()
    PupilFactory(last_name="Martin", first_name="Léa", birth_date=LEA_CP["birth_date"])
    PupilFactory(last_name="MARTIN", first_name="LEA", birth_date=LEA_CP["birth_date"])
    pupils, guardians = onde_export([LEA_CP], [])

    plan, _, _ = onde_preview(school=school, pupils_file=pupils, guardians_file=guardians)

    assert [(r.file, r.line) for r in plan.rejected] == [("élèves", 2)]
    assert "indiquez l'INE" in plan.rejected[0].reason
    assert plan.pupils_to_create == []
