"""The register never accuses the future: a half-day not over yet is "à venir", never
"appel non fait" — on the screen (the API), in the CSV and in the PDF (the legal copy)."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from preau.attendance.exports import cell_code
from tests.attendance.helpers import MONDAY, TUESDAY, take_call

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def register_url(classroom, suffix="/") -> str:
    return f"/api/v1/attendance/classrooms/{classroom.pk}/register{suffix}"


def marks_by_half_day(register: dict) -> dict[tuple[str, str], set[str]]:
    marks: dict[tuple[str, str], set[str]] = {}
    for row in register["rows"]:
        for half, cell in zip(register["half_days"], row["cells"], strict=True):
            marks.setdefault((half["date"], half["half_day"]), set()).add(cell["mark"])
    return marks


def test_on_screen_only_half_days_that_are_over_can_be_not_taken(world, client_for):
    """Tuesday 24 November 2026, 10:00: the morning is under way, its call not taken yet."""
    classroom = world.classrooms["A1"]
    take_call(world.user("teacher"), classroom, MONDAY, "morning")

    register = client_for("director").get(register_url(classroom),
                                          {"month": "2026-11"}).json()

    marks = marks_by_half_day(register)
    over = {(h["date"], h["half_day"]): h["is_over"] for h in register["half_days"]}
    assert marks[("2026-11-23", "morning")] == {"present"}
    assert marks[("2026-11-23", "afternoon")] == {"not_taken"}
    assert marks[("2026-11-24", "morning")] == {"upcoming"}  # under way: not over yet
    assert marks[("2026-11-24", "afternoon")] == {"upcoming"}
    assert marks[("2026-11-30", "afternoon")] == {"upcoming"}
    assert (over[("2026-11-23", "afternoon")], over[("2026-11-24", "morning")]) == (True, False)
    assert all(mark == {"upcoming"} for (day, _), mark in marks.items() if day > "2026-11-24")


def test_todays_half_day_is_not_taken_once_it_is_over(world, client_for):
    classroom = world.classrooms["A1"]
    with time_machine.travel(datetime(2026, 11, 24, 11, 45, tzinfo=PARIS)):  # morning over
        register = client_for("director").get(register_url(classroom),
                                              {"month": "2026-11"}).json()

    marks = marks_by_half_day(register)
    assert marks[("2026-11-24", "morning")] == {"not_taken"}
    assert marks[("2026-11-24", "afternoon")] == {"upcoming"}


def test_a_call_taken_on_the_half_day_under_way_shows_its_marks(world, client_for):
    classroom = world.classrooms["A1"]
    take_call(world.user("teacher"), classroom, TUESDAY, "morning",
              absent=[world.pupils["A1"]])

    register = client_for("director").get(register_url(classroom),
                                          {"month": "2026-11"}).json()

    assert marks_by_half_day(register)[("2026-11-24", "morning")] == {"absent"}


def test_the_csv_leaves_the_future_blank_under_a_column_that_says_so(world, client_for):
    classroom = world.classrooms["A1"]

    text = client_for("director").get(register_url(classroom, ".csv"),
                                      {"month": "2026-11"}).content.decode("utf-8")

    lines = text.splitlines()
    header = lines[0].split(";")
    léa = next(line.split(";") for line in lines if line.startswith("Martin;Léa"))
    assert léa[header.index("23/11 après-midi")] == "NF"
    assert léa[header.index("24/11 matin (à venir)")] == ""
    assert léa[header.index("30/11 après-midi (à venir)")] == ""
    future = [i for i, name in enumerate(header) if name.endswith("(à venir)")]
    assert len(future) == 2 + 2 * 3  # Tuesday 24, Thursday 26, Friday 27, Monday 30
    assert "NF" not in [léa[i] for i in future]


def test_the_pdf_marks_not_taken_only_the_half_days_that_are_over(world, client_for):
    classroom = world.classrooms["A1"]
    director = client_for("director")
    register = director.get(register_url(classroom), {"month": "2026-11"}).json()
    past_not_taken = sum(cell["mark"] == "not_taken"
                         for row in register["rows"] for cell in row["cells"])

    pdf = director.get(register_url(classroom, ".pdf"), {"month": "2026-11"}).content

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    pupils = len(register["rows"])
    # November up to Monday 23: 13 school days, 26 half-days, none taken.
    assert past_not_taken == 26 * pupils
    table, legend = text.split("Case vide", 1)
    assert table.split().count("NF") == past_not_taken
    assert "à venir" in legend


def test_the_cell_code_of_an_upcoming_half_day_is_blank():
    assert cell_code({"presence": "upcoming"}) == ""
