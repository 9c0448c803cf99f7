"""ONDE import: preview first, then apply all or nothing; stable matching; tolerant headers."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from preau.common.errors import ApplicationError
from preau.imports.onde import onde_apply, onde_preview
from preau.people.models import Enrolment, Guardianship, Person
from preau.people.selectors import enrolments_active_on
from preau.schools.models import Classroom
from tests.factories import SchoolFactory
from tests.imports.onde_files import onde_files

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-8-sig"])
def test_a_200_pupil_school_previews_then_applies_and_a_second_apply_changes_nothing(encoding):
    school = SchoolFactory()
    pupils_file, guardians_file, children = onde_files(200, encoding=encoding)

    plan, _, _ = onde_preview(school=school, pupils_file=pupils_file,
                              guardians_file=guardians_file)
    assert plan.summary() == {
        "classrooms_to_create": 4, "pupils_to_create": 200, "pupils_to_update": 0,
        "pupils_to_move": 0, "pupils_to_withdraw": 0, "pupils_unchanged": 0,
        "guardians_to_create": 400, "guardianships_to_create": 400, "rejected": 0}
    assert Person.objects.count() == 0  # a preview writes nothing

    onde_apply(plan=plan)
    assert Classroom.objects.filter(school=school).count() == 4
    assert enrolments_active_on(timezone.localdate()).filter(
        classroom__school=school).count() == 200
    assert Guardianship.objects.count() == 400
    assert Person.objects.filter(first_name=children[0]["first_name"]).get().ine == \
        children[0]["ine"]
    assert set(Classroom.objects.get(onde_class_id="1002").levels) == {"CE1", "CE2"}

    again, _, _ = onde_preview(school=school, pupils_file=pupils_file,
                               guardians_file=guardians_file)
    assert again.summary()["pupils_unchanged"] == 200
    assert sum(v for k, v in again.summary().items() if k != "pupils_unchanged") == 0
    before = (Person.objects.count(), Enrolment.objects.count(), Guardianship.objects.count())
    onde_apply(plan=again)
    assert (Person.objects.count(), Enrolment.objects.count(),
            Guardianship.objects.count()) == before


def test_five_broken_rows_are_listed_with_their_lines_and_nothing_is_applied():
    school = SchoolFactory()
    pupils_file, guardians_file, _ = onde_files(50, broken=5)
    plan, _, _ = onde_preview(school=school, pupils_file=pupils_file,
                              guardians_file=guardians_file)
    # exactly those five, with their lines (the header is line 1); their guardians' rows
    # are not rejected a second time for the same reason
    assert [(r.file, r.line) for r in plan.rejected] == [("élèves", line) for line in
                                                         (3, 4, 5, 6, 7)]
    reasons = [r.reason for r in plan.rejected]
    assert "date de naissance invalide « 31/02/2019 »" in reasons[0]
    assert "niveau inconnu « 6EME »" in reasons[1]
    assert "INE en double (déjà à la ligne 2)" in reasons[2]
    assert "INE invalide" in reasons[3]
    assert "date de naissance invalide" in reasons[4]
    with pytest.raises(ApplicationError):
        onde_apply(plan=plan)
    assert Person.objects.count() == 0
    assert Classroom.objects.count() == 0
    assert Guardianship.objects.count() == 0


def test_a_guardian_without_a_child_or_with_an_unknown_child_is_rejected_with_its_line():
    school = SchoolFactory()
    pupils_file, guardians_file, _ = onde_files(3)
    lines = guardians_file.decode().rstrip("\r\n").split("\r\n")
    lonely = lines[1].split(";")
    lonely[12:16] = ["", "", "", ""]  # no child at all
    stranger = lines[2].split(";")
    stranger[13:15] = ["Inconnu", "Zoé"]
    lines += [";".join(lonely), ";".join(stranger)]
    plan, _, _ = onde_preview(school=school, pupils_file=pupils_file,
                              guardians_file=("\r\n".join(lines) + "\r\n").encode())
    assert [(r.file, r.line, r.reason) for r in plan.rejected] == [
        ("responsables", 8, "responsable sans enfant"),
        ("responsables", 9, "enfant absent du fichier des élèves : Zoé Inconnu"),
    ]


def test_the_operator_imports_through_the_api(world):
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    operator = APIClient()
    operator.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    pupils_file, guardians_file, _ = onde_files(5)
    response = _upload(operator, world.schools["C"], "apply", pupils_file, guardians_file)
    assert response.status_code == 200
    assert response.json()["pupils_to_create"] == 5


def test_a_pupil_who_changed_class_is_moved_not_duplicated_and_a_leaver_is_withdrawn():
    school = SchoolFactory()
    pupils_file, guardians_file, children = onde_files(10)
    onde_apply(plan=onde_preview(school=school, pupils_file=pupils_file,
                                 guardians_file=guardians_file)[0])
    mover = children[0]
    lines = pupils_file.decode().split("\r\n")
    moved = lines[1].split(";")
    moved[15], moved[16], moved[17] = "CM1", "CM1 Mme Roux", "1003"
    lines[1] = ";".join(moved)
    del lines[2]  # the second pupil has left the school
    guardians = guardians_file.decode().split("\r\n")
    guardians = [g for g in guardians if children[1]["first_name"] not in g]

    plan, _, _ = onde_preview(school=school, pupils_file="\r\n".join(lines).encode(),
                              guardians_file="\r\n".join(guardians).encode())
    assert plan.summary()["pupils_to_move"] == 1
    assert plan.summary()["pupils_to_withdraw"] == 1
    assert plan.summary()["pupils_to_create"] == 0
    onde_apply(plan=plan)
    person = Person.objects.get(ine=mover["ine"])
    history = list(Enrolment.objects.filter(pupil=person).order_by("start_date", "pk"))
    assert history[-1].classroom.onde_class_id == "1003"
    assert history[-1].end_date is None
    assert Person.objects.filter(ine=mover["ine"]).count() == 1
    leaver = Person.objects.get(ine=children[1]["ine"])
    assert not enrolments_active_on(timezone.localdate()).filter(pupil=leaver).exists()


def test_headers_are_matched_tolerantly():
    school = SchoolFactory()
    pupils_file, guardians_file, _ = onde_files(5)
    text = pupils_file.decode()
    header, rest = text.split("\r\n", 1)
    header = (header.replace("Nom élève", "NOM DE L’ÉLÈVE").replace("Prénom élève", "prenom  eleve")
              .replace("Identifiant classe", "Identifiant Classe"))
    plan, _, _ = onde_preview(school=school, pupils_file=("\ufeff" + header + "\r\n" + rest)
                              .encode("utf-8"), guardians_file=guardians_file)
    assert plan.summary()["pupils_to_create"] == 5
    assert plan.rejected == []


def test_a_file_without_the_name_column_is_refused_clearly():
    school = SchoolFactory()
    pupils_file, guardians_file, _ = onde_files(3)
    broken = pupils_file.decode().replace("Nom élève;", "Nom;", 1).replace("Nom;", "Surnom;", 1)
    with pytest.raises(ApplicationError, match="colonne"):
        onde_preview(school=school, pupils_file=broken.encode(), guardians_file=guardians_file)


def test_the_preview_of_2000_pupils_costs_a_bounded_number_of_queries():
    school = SchoolFactory()
    small = onde_files(20, seed=1)
    large = onde_files(2000, seed=1)
    onde_apply(plan=onde_preview(school=school, pupils_file=small[0],
                                 guardians_file=small[1])[0])
    with CaptureQueriesContext(connection) as queries:
        plan, _, _ = onde_preview(school=school, pupils_file=large[0], guardians_file=large[1])
    assert plan.summary()["pupils_to_create"] == 1980
    assert len(queries) <= 10


def test_the_command_previews_then_applies(tmp_path):
    school = SchoolFactory(uai="0941234A")
    pupils_file, guardians_file, _ = onde_files(12)
    (tmp_path / "eleves.csv").write_bytes(pupils_file)
    (tmp_path / "responsables.csv").write_bytes(guardians_file)
    out = io.StringIO()
    call_command("import_onde", "--school", "0941234A", str(tmp_path / "eleves.csv"),
                 str(tmp_path / "responsables.csv"), stdout=out)
    assert "élèves à créer : 12" in out.getvalue()
    assert Person.objects.count() == 0
    call_command("import_onde", "--school", "0941234A", str(tmp_path / "eleves.csv"),
                 str(tmp_path / "responsables.csv"), "--apply", stdout=out)
    assert enrolments_active_on(timezone.localdate()).filter(
        classroom__school=school).count() == 12
    with pytest.raises(CommandError, match="UAI"):
        call_command("import_onde", "--school", "0000000Z", str(tmp_path / "eleves.csv"),
                     str(tmp_path / "responsables.csv"), stdout=out)


def _upload(client, school, step, pupils, guardians):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/api/v1/imports/schools/{school.pk}/onde/{step}/", {
        "pupils": SimpleUploadedFile("CSVExtraction.csv", pupils),
        "guardians": SimpleUploadedFile("responsables.csv", guardians)}, format="multipart")


def test_the_director_previews_and_applies_through_the_api(world, client_for):
    school = world.schools["A"]
    pupils_file, guardians_file, _ = onde_files(30)
    director = client_for("director")

    preview = _upload(director, school, "preview", pupils_file, guardians_file)
    assert preview.status_code == 200
    body = preview.json()
    assert body["summary"]["pupils_to_create"] == 30
    assert body["summary"]["pupils_to_withdraw"] == 2  # the world's pupils of school A
    assert {c["name"] for c in body["classrooms_to_create"]} == {
        "CP Mme Durand", "CE1-CE2 M. Petit", "CM1 Mme Roux", "CM2 M. Blanc"}

    applied = _upload(director, school, "apply", pupils_file, guardians_file)
    assert applied.json()["pupils_to_create"] == 30
    assert Classroom.objects.filter(school=school, onde_class_id="1004").exists()


def test_an_apply_with_rejected_rows_answers_400_and_writes_nothing(world, client_for):
    school = world.schools["A"]
    pupils_file, guardians_file, _ = onde_files(10, broken=2)
    before = Person.objects.count()
    response = _upload(client_for("director"), school, "apply", pupils_file, guardians_file)
    assert response.status_code == 400
    assert "ligne 3" in response.json()["error"]["fields"]["files"][0]
    assert Person.objects.count() == before


def test_the_command_shows_a_progress_bar_when_asked(tmp_path, capsys):
    SchoolFactory(uai="0941234A")
    pupils_file, guardians_file, _ = onde_files(12)
    (tmp_path / "eleves.csv").write_bytes(pupils_file)
    (tmp_path / "responsables.csv").write_bytes(guardians_file)
    call_command("import_onde", "--school", "0941234A", str(tmp_path / "eleves.csv"),
                 str(tmp_path / "responsables.csv"), "--progress", stdout=io.StringIO())
    bar = capsys.readouterr().err
    assert "Élèves" in bar
    assert "12/12" in bar
    assert "Responsables" in bar


@pytest.mark.parametrize("content", [
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",   # a spreadsheet (.xlsx is a ZIP)
    b"\x81\x8d\x8f\x90\x9d" * 20,                          # bytes neither UTF-8 nor cp1252
])
def test_a_file_that_is_not_a_csv_export_is_refused_with_a_400_naming_it(world, client_for, content):
    school = world.schools["A"]
    _, guardians_file, _ = onde_files(5)
    before = Person.objects.count()

    response = _upload(client_for("director"), school, "preview", content, guardians_file)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unreadable_file"
    assert list(error["fields"]) == ["pupils"]
    assert Person.objects.count() == before


def test_a_pupil_arriving_from_another_school_is_transferred_not_enrolled_twice():
    """The new school's export lists a pupil still enrolled at the old one: the old
    enrolment closes the day before the new one starts (it used to be a 500)."""
    import time_machine

    old_school, new_school = SchoolFactory(name="École du Centre"), SchoolFactory()
    pupils_file, guardians_file, children = onde_files(3)
    with time_machine.travel("2026-09-01 09:00 +02:00"):
        onde_apply(plan=onde_preview(school=old_school, pupils_file=pupils_file,
                                     guardians_file=guardians_file)[0])
    with time_machine.travel("2026-11-16 09:00 +01:00"):
        plan, _, _ = onde_preview(school=new_school, pupils_file=pupils_file,
                                  guardians_file=guardians_file,
                                  close_enrolments_elsewhere=True)  # the operator's import
        assert plan.rejected == []
        assert plan.summary()["pupils_to_move"] == 3
        onde_apply(plan=plan)
    person = Person.objects.get(ine=children[0]["ine"])
    history = list(Enrolment.objects.filter(pupil=person).order_by("start_date"))
    assert [(e.classroom.school, str(e.start_date), str(e.end_date)) for e in history] == [
        (old_school, "2026-09-01", "2026-11-15"), (new_school, "2026-11-16", "None")]


def test_a_pupil_enrolled_elsewhere_from_the_same_day_is_rejected_naming_the_school(
        world, client_for):
    pupils_file, guardians_file, _children = onde_files(3)
    school_a, school_b = world.schools["A"], world.schools["B"]
    onde_apply(plan=onde_preview(school=school_a, pupils_file=pupils_file,
                                 guardians_file=guardians_file)[0])
    before = list(Enrolment.objects.order_by("pk").values_list())

    response = client_for("operator").post(
        f"/api/v1/imports/schools/{school_b.pk}/onde/apply/",
        {"pupils": io.BytesIO(pupils_file), "guardians": io.BytesIO(guardians_file)},
        format="multipart")

    assert response.status_code == 400
    assert f"École Jean Jaurès ({school_a.uai})" in response.content.decode()
    assert list(Enrolment.objects.order_by("pk").values_list()) == before
