"""A director's ONDE import reads and changes only their school."""

from datetime import timedelta

import pytest
from django.utils import timezone

from preau.people.models import Enrolment, Guardianship, Person
from preau.people.selectors import enrolments_active_on
from tests.imports.onde_files import onde_export
from tests.imports.test_onde_matching import _upload

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

    preview = _upload(director, school_a, "preview", pupils, guardians)
    applied = _upload(director, school_a, "apply", pupils, guardians)

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
    again = _upload(director, school_a, "preview", pupils, guardians).json()
    assert again["warnings"] == []
    assert again["summary"]["pupils_to_move"] == 1
    assert _upload(director, school_a, "apply", pupils, guardians).status_code == 200
    assert enrolments_active_on(timezone.localdate()).get(pupil=ines).classroom.school == \
        school_a
