"""A director's ONDE import reads and changes only their school."""

from datetime import timedelta

import pytest
from django.utils import timezone

from preau.people.models import Enrolment, Guardianship, Person
from preau.people.selectors import enrolments_active_on
from tests.imports.onde_files import onde_export, upload

pytestmark = pytest.mark.django_db


def _row(person: Person, *, level: str, label: str, class_id: str) -> dict:
    return {"last_name": person.last_name.upper(), "first_name": person.first_name,
            "birth_date": person.birth_date, "ine": person.ine or "", "level": level,
            "class": label, "class_id": class_id}


def test_a_pupil_enrolled_in_another_school_is_left_there_unnamed_until_that_school_ends_it(
        world, client_for):
    school_a, school_b = world.schools["A"], world.schools["B"]
    ines = world.pupils["B1"]
    elsewhere = Enrolment.objects.get(pupil=ines, end_date__isnull=True)
    rows = [_row(world.pupils["A1"], level="CE2", label="CE2 A", class_id="1003"),
            _row(world.pupils["A2"], level="CM1", label="CM1-CM2", class_id="1004"),
            _row(ines, level="CM1", label="CM1-CM2", class_id="1004")]
    pupils, guardians = onde_export(rows, [
        {"civility": "M.", "last_name": "PETIT", "first_name": "Marc",
         "children": [("PETIT", "Inès", "CM1-CM2")]}], encoding="cp1252")
    director = client_for("director")

    preview = upload(director, school_a, "preview", pupils, guardians)
    applied = upload(director, school_a, "apply", pupils, guardians)

    assert preview.status_code == 200
    body = preview.json()
    assert body["rejected"] == []
    assert [(w["file"], w["line"]) for w in body["warnings"]] == [("élèves", 4)]
    assert "inscrit(e) dans une autre école" in body["warnings"][0]["reason"]
    text = preview.content.decode()
    assert school_b.name not in text
    assert school_b.uai not in text
    assert elsewhere.start_date.strftime("%d/%m/%Y") not in text
    assert body["summary"]["pupils_to_move"] == 0
    assert body["summary"]["guardianships_to_create"] == 0
    assert applied.status_code == 200
    elsewhere.refresh_from_db()
    assert elsewhere.end_date is None  # school B's enrolment is untouched
    assert not Enrolment.objects.filter(pupil=ines, classroom__school=school_a).exists()
    assert Guardianship.objects.filter(pupil=ines).count() == 1  # only school B's link

    # School B ends the enrolment: the next import enrols the pupil here.
    elsewhere.end_date = timezone.localdate() - timedelta(days=1)
    elsewhere.save(update_fields=["end_date", "updated_at"])
    again = upload(director, school_a, "preview", pupils, guardians).json()
    assert again["warnings"] == []
    assert again["summary"]["pupils_to_move"] == 1
    assert upload(director, school_a, "apply", pupils, guardians).status_code == 200
    assert enrolments_active_on(timezone.localdate()).get(pupil=ines).classroom.school == \
        school_a


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_a_school_export_with_every_pitfall_gives_rejected_rows_or_the_right_links(
        world, client_for, encoding):
    """Homonyms, case and accent variants, an over-long value, a guardian on two rows, a
    « Mlle », another school's pupil — in one export of school A, as ONDE writes it."""
    school = world.schools["A"]
    lea, hugo, ines = world.pupils["A1"], world.pupils["A2"], world.pupils["B1"]
    born = lea.birth_date
    rows = [
        # the school's two pupils, without INE, in capitals and without accents
        {"last_name": "MARTIN", "first_name": "LEA", "birth_date": born, "level": "CE2",
         "class": "ce2  a", "class_id": "1003"},
        {"last_name": "BERNARD", "first_name": "hugo", "birth_date": born, "level": "CM1",
         "class": "CM1-CM2", "class_id": "1004"},
        # a new Léa MARTIN in the other class, and Hugo's new sister
        {"last_name": "MARTIN", "first_name": "Léa", "birth_date": born.replace(month=11),
         "level": "CM1", "class": "CM1-CM2", "class_id": "1004"},
        {"last_name": "BERNARD", "first_name": "Nina", "birth_date": born.replace(day=2),
         "level": "CE2", "class": "CE2 A", "class_id": "1003"},
        {"last_name": "ROBERT", "first_name": "Tim", "birth_date": born, "level": "CE2",
         "class": "CE2 A", "class_id": "1003"},
        # school B's pupil
        {"last_name": "PETIT", "first_name": "Ines", "birth_date": born, "level": "CM1",
         "class": "CM1-CM2", "class_id": "1004"},
    ]
    julie = {"civility": "Mme", "last_name": "BERNARD", "first_name": "Julie",
             "email": "julie.bernard@example.org"}
    guardians = [
        {"civility": "Mme", "last_name": "MARTIN", "first_name": "Sophie",
         "children": [("MARTIN", "Léa", "CE2 A")]},
        {"civility": "Mme", "last_name": "MARTIN", "first_name": "Claire",
         "address": "8 avenue Foch", "children": [("MARTIN", "Léa", "CM1-CM2")]},
        {**julie, "children": [("BERNARD", "Hugo", "CM1-CM2")]},
        {**julie, "children": [("BERNARD", "Nina", "CE2 A")]},
        {"civility": "Mlle", "last_name": "ROBERT", "first_name": "Anaïs",
         "children": [("ROBERT", "Tim", "CE2 A")]},
        {"civility": "M.", "last_name": "PETIT", "first_name": "Marc",
         "children": [("PETIT", "Inès", "CM1-CM2")]},
    ]
    too_long = {**rows[4], "first_name": "Tim", "last_name": "R" * 101}
    director = client_for("director")
    people = Person.objects.count()

    broken = upload(director, school, "preview",
                     *onde_export([*rows, too_long], guardians, encoding=encoding)).json()
    assert broken["rejected"] == [{"file": "élèves", "line": 8,
                                   "reason": "nom trop long (101 caractères, 100 au plus)"}]
    assert upload(director, school, "apply",
                   *onde_export([*rows, too_long], guardians, encoding=encoding)
                   ).status_code == 400
    assert Person.objects.count() == people

    files = onde_export(rows, guardians, encoding=encoding)
    preview = upload(director, school, "preview", *files).json()
    assert preview["rejected"] == []
    assert [w["line"] for w in preview["warnings"]] == [7]  # Inès, left to school B
    assert world.schools["B"].name not in str(preview)
    summary = preview["summary"]
    assert (summary["pupils_to_create"], summary["pupils_to_move"],
            summary["pupils_to_withdraw"], summary["guardians_to_create"]) == (3, 0, 0, 2)
    assert {row["line"] for row in preview["pupils_to_update"]} <= {2, 3}
    assert not any({"last_name", "first_name"} & set(row["changes"])
                   for row in preview["pupils_to_update"])
    assert upload(director, school, "apply", *files).status_code == 200

    def guardians_of(pupil):
        return sorted((g.guardian.first_name, g.relationship)
                      for g in Guardianship.objects.filter(pupil=pupil).select_related(
                          "guardian"))

    new_lea = Person.objects.get(first_name="Léa", birth_date=born.replace(month=11))
    nina = Person.objects.get(first_name="Nina")
    tim = Person.objects.get(first_name="Tim")
    assert guardians_of(lea) == [("Karim", "autre"), ("Sophie", "autre")]
    assert guardians_of(new_lea) == [("Claire", "mere")]
    assert guardians_of(hugo) == [("Julie", "autre")]
    assert guardians_of(nina) == [("Julie", "mere")]
    assert Guardianship.objects.get(pupil=nina).guardian == \
        Guardianship.objects.get(pupil=hugo).guardian  # the same Julie, not a second one
    assert guardians_of(tim) == [("Anaïs", "mere")]
    assert guardians_of(ines) == [("Marc", "autre")]
    assert Person.objects.get(pk=lea.pk).last_name == "Martin"  # the spelling is kept
    assert not Enrolment.objects.filter(pupil=ines, classroom__school=school).exists()
