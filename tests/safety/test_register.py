"""The registre de sécurité as a PDF, and the inspection's count of each school's mandatory
exercises this school year (two fire drills, one in the first month; one PPMS risques
majeurs; one attentat-intrusion)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from preau.safety.models import DrillKind
from preau.safety.services import muster_end, muster_start

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def drill(world, school: str, kind: str, when: datetime, *, is_drill=True, minutes=8,
          observations="", end=True):
    director = world.user("director" if school == "A" else "director_other")
    with time_machine.travel(when):
        muster = muster_start(actor=director, school=world.schools[school], kind=kind,
                              is_drill=is_drill)
    if end:
        with time_machine.travel(when + timedelta(minutes=minutes)):
            muster_end(actor=director, muster=muster, observations=observations)
    return muster


def test_the_register_pdf_lists_each_exercise_with_its_times_and_observations(
        world, client_for):
    drill(world, "A", DrillKind.FIRE, datetime(2026, 9, 14, 10, 0, tzinfo=PARIS),
          observations="Alarme inaudible dans le préau.")
    drill(world, "A", DrillKind.PPMS_INTRUSION, datetime(2026, 11, 3, 14, 0, tzinfo=PARIS),
          minutes=12)
    drill(world, "B", DrillKind.FIRE, datetime(2026, 9, 15, 10, 0, tzinfo=PARIS),
          observations="École B")

    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)):
        response = client_for("director").get(
            f"/api/v1/safety/schools/{world.schools['A'].pk}/register.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Registre de sécurité" in text
    assert "14/09/2026" in text
    assert "Évacuation incendie" in text
    assert "10:00" in text
    assert "10:08" in text
    assert "8 min" in text
    assert "Alarme inaudible dans le préau." in text
    assert "03/11/2026" in text
    assert "PPMS attentat-intrusion" in text
    assert "12 min" in text
    assert "École B" not in text
    assert text.index("14/09/2026") < text.index("03/11/2026")  # oldest first


def test_the_ien_sees_which_schools_have_held_this_year_s_mandatory_exercises(
        world, client_for):
    # School A: everything, the first fire drill in September.
    drill(world, "A", DrillKind.FIRE, datetime(2026, 9, 14, 10, 0, tzinfo=PARIS))
    drill(world, "A", DrillKind.FIRE, datetime(2026, 11, 20, 10, 0, tzinfo=PARIS))
    drill(world, "A", DrillKind.PPMS_MAJOR, datetime(2026, 10, 6, 10, 0, tzinfo=PARIS))
    drill(world, "A", DrillKind.PPMS_INTRUSION, datetime(2026, 11, 3, 14, 0, tzinfo=PARIS))
    # A real alert is not an exercise; one under way is not done yet.
    drill(world, "A", DrillKind.PPMS_MAJOR, datetime(2026, 11, 25, 9, 0, tzinfo=PARIS),
          is_drill=False)
    drill(world, "A", DrillKind.FIRE, datetime(2026, 12, 1, 9, 0, tzinfo=PARIS), end=False)

    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)):
        ien = client_for("inspector").get("/api/v1/safety/exercises/").json()
        dasen = client_for("dasen").get("/api/v1/safety/exercises/").json()
        guardian = client_for("guardian").get("/api/v1/safety/exercises/").json()

    assert ien["required"] == {"fire": 2, "ppms_major": 1, "ppms_intrusion": 1}
    (school_a,) = ien["schools"]  # the IEN's circonscription holds school A only
    assert school_a["uai"] == "0940001A"
    assert school_a["done"] == {"fire": 2, "ppms_major": 1, "ppms_intrusion": 1}
    assert school_a["fire_in_first_month"] is True
    assert school_a["complete"] is True
    school_b = next(row for row in dasen["schools"] if row["uai"] == "0940002B")
    assert school_b["done"] == {}
    assert school_b["missing"] == {"fire": 2, "ppms_major": 1, "ppms_intrusion": 1}
    assert school_b["complete"] is False
    assert guardian["schools"] == []


def test_fire_drills_held_only_after_the_first_month_leave_the_year_incomplete(
        world, client_for):
    for when in (datetime(2026, 10, 13, 10, 0, tzinfo=PARIS),
                 datetime(2026, 11, 17, 10, 0, tzinfo=PARIS)):
        drill(world, "A", DrillKind.FIRE, when)
    drill(world, "A", DrillKind.PPMS_MAJOR, datetime(2026, 10, 6, 10, 0, tzinfo=PARIS))
    drill(world, "A", DrillKind.PPMS_INTRUSION, datetime(2026, 11, 3, 14, 0, tzinfo=PARIS))

    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)):
        (school_a,) = client_for("inspector").get("/api/v1/safety/exercises/").json()["schools"]

    assert school_a["missing"] == {"fire": 0, "ppms_major": 0, "ppms_intrusion": 0}
    assert school_a["fire_in_first_month"] is False
    assert school_a["complete"] is False
