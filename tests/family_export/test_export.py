"""A family downloads its own data (RGPD access and portability) — and nothing of another."""

import csv
import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.utils import timezone

from preau.attendance.models import (
    Absence,
    AbsenceNotice,
    AbsenceReason,
    JustificationStatus,
    RollCall,
)
from preau.homework.models import Homework, HomeworkDone
from preau.messaging.models import LiaisonNote, LiaisonNoteDelivery
from tests.factories.messaging import conversation_with

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/accounts/me/export.zip"
KINDS = ["children", "enrolments", "absences", "absence_notices", "homework_done",
         "conversations", "messages", "liaison_notes", "liaison_notes_written"]


def family_life(world, pupil_key: str, guardian_role: str, *, days: int = 1, tag: str = "",
                first_day: int = 0):
    """``days`` days of school life for one pupil and their guardian: an absence (justified),
    an announced absence, homework done, a conversation with the teacher, a liaison note."""
    pupil = world.pupils[pupil_key]
    classroom = world.classrooms[pupil_key]
    guardian = world.user(guardian_role)
    teacher = world.user("teacher" if pupil_key == "A1" else "teacher_other")
    now = timezone.now()
    for day in range(first_day, first_day + days):
        on = date(2026, 11, 2) + timedelta(days=day)
        roll_call = RollCall.objects.create(classroom=classroom, date=on, half_day="morning",
                                            taken_by=teacher.person, taken_at=now,
                                            updated_at=now, pupil_count=1)
        Absence.objects.create(roll_call=roll_call, pupil=pupil, date=on, half_day="morning",
                               kind="absent", justification_status=JustificationStatus.PENDING,
                               reason=AbsenceReason.CHILD_ILLNESS, comment=f"Fièvre {tag}{day}",
                               justified_by=guardian.person, justified_at=now)
        AbsenceNotice.objects.create(pupil=pupil, start_date=on, end_date=on,
                                     reason=AbsenceReason.CHILD_ILLNESS, comment=f"RDV {tag}{day}",
                                     declared_by=guardian.person)
        homework = Homework.objects.create(classroom=classroom, subject="francais",
                                           instructions=f"Lire la page {tag}{day}",
                                           due_date=on, author=teacher.person)
        HomeworkDone.objects.create(homework=homework, pupil=pupil, marked_by=guardian)
        conversation_with(users=[guardian, teacher], school=classroom.school, messages=2,
                          subject=f"Sortie {tag}{day}")
        note = LiaisonNote.objects.create(
            school=classroom.school, author=teacher, title=f"Piscine {tag}{day}",
            body="Apporter un maillot.", body_html="<p>Apporter un maillot.</p>",
            audience="pupil", pupil=pupil, requires_acknowledgement=True)
        LiaisonNoteDelivery.objects.create(note=note, pupil=pupil, guardian=guardian.person,
                                           acknowledged_at=now, acknowledged_by=guardian)


def names_in(text: str, *names: str) -> list[str]:
    """The ``names`` that appear in ``text`` as whole words."""
    return [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]


def read_export(response) -> dict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_a_guardian_gets_json_and_csv_of_each_kind_with_a_readme(world, client_for):
    family_life(world, "A1", "guardian", tag="A")
    files = read_export(client_for("guardian").get(EXPORT))

    assert "README.txt" in files
    assert "account.json" in files
    for kind in KINDS:
        assert f"{kind}.json" in files
        assert f"{kind}.csv" in files
    account = json.loads(files["account.json"])
    assert account["username"] == "guardian"
    assert account["person"]["first_name"] == "Sophie"
    children = json.loads(files["children.json"])
    assert [c["first_name"] for c in children] == ["Léa"]
    absences = json.loads(files["absences.json"])
    assert absences[0]["comment"] == "Fièvre A0"
    assert absences[0]["justification_status"] == "pending"
    assert json.loads(files["homework_done.json"])[0]["instructions"] == "Lire la page A0"
    assert len(json.loads(files["messages.json"])) == 2
    notes = json.loads(files["liaison_notes.json"])
    assert notes[0]["title"] == "Piscine A0"
    assert notes[0]["acknowledged_at"] is not None
    # the CSV opens in a spreadsheet: BOM, semicolons, French headers
    text = files["absences.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Enfant (identifiant)", "Enfant", "Date"]
    assert rows[1][2] == "2026-11-02"
    assert "absences.json" in files["README.txt"].decode()


def test_a_child_named_like_a_formula_reads_as_text_in_the_export_csv(world, client_for):
    pupil = world.pupils["A1"]
    pupil.first_name, pupil.last_name = "=1+2", "@SUM(A1:A9)"
    pupil.save()
    files = read_export(client_for("guardian").get(EXPORT))

    rows = list(csv.reader(io.StringIO(files["children.csv"].decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rows[1][1:3] == ["'=1+2", "'@SUM(A1:A9)"]
    # the JSON file, for programs, keeps the exact name
    assert json.loads(files["children.json"])[0]["first_name"] == "=1+2"


def test_family_a_export_holds_nothing_of_family_b(world, client_for):
    family_life(world, "A1", "guardian", tag="FAMILLE-A-")
    family_life(world, "A2", "guardian_other", tag="FAMILLE-B-")

    files = read_export(client_for("guardian").get(EXPORT))
    everything = b"".join(files.values()).decode("utf-8", errors="replace")
    assert "FAMILLE-A-" in everything
    assert "FAMILLE-B-" not in everything
    # whole words: a teacher drawn at random may be called Julien
    assert not names_in(everything, "Hugo", "Julie")

    other = read_export(client_for("guardian_other").get(EXPORT))
    everything_b = b"".join(other.values()).decode("utf-8", errors="replace")
    assert "FAMILLE-B-" in everything_b
    assert "FAMILLE-A-" not in everything_b
    assert not names_in(everything_b, "Léa", "Sophie")


def test_the_other_legal_guardian_gets_the_childs_data_but_not_the_first_ones_messages(
        world, client_for):
    family_life(world, "A1", "guardian", tag="A")
    files = read_export(client_for("guardian_2").get(EXPORT))
    assert len(json.loads(files["absences.json"])) == 1  # the same child
    assert json.loads(files["messages.json"]) == []  # not a participant
    assert json.loads(files["liaison_notes.json"]) == []  # addressed to the other guardian


def test_the_account_holds_the_daily_digest_asked_for(world, client_for):
    from datetime import time

    from preau.notifications.services import digest_set

    guardian = world.user("guardian")
    assert json.loads(read_export(client_for("guardian").get(EXPORT))["account.json"])[
        "daily_digest"] is None
    guardian.email = "sophie.martin@example.org"
    guardian.save(update_fields=["email"])
    digest_set(actor=guardian, send_at=time(7, 30), categories=["messages", "absences"])
    account = json.loads(read_export(client_for("guardian").get(EXPORT))["account.json"])
    assert account["daily_digest"] == {"send_at": "07:30",
                                       "categories": ["absences", "messages"]}


def test_a_teacher_gets_their_account_and_what_they_wrote(world, client_for):
    family_life(world, "A1", "guardian", tag="A")
    files = read_export(client_for("teacher").get(EXPORT))
    assert json.loads(files["children.json"]) == []
    assert json.loads(files["absences.json"]) == []
    assert [n["title"] for n in json.loads(files["liaison_notes_written"
                                                ".json"])] == ["Piscine A0"]
    assert len(json.loads(files["messages.json"])) == 2


def test_the_export_costs_the_same_queries_whatever_the_volume(
        world, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("guardian")
    family_life(world, "A1", "guardian", days=1, tag="x")
    with CaptureQueriesContext(connection) as small:
        client.get(EXPORT)
    family_life(world, "A1", "guardian", days=15, tag="y", first_day=1)
    with django_assert_num_queries(len(small)):
        files = read_export(client.get(EXPORT))
    assert len(json.loads(files["absences.json"])) == 16


def test_anonymous_gets_401(api_client):
    assert api_client.get(EXPORT).status_code == 401
