"""The attendance data of the role matrix, shared with test_list_scope.py (no import of
tests.matrix here: it imports the rows)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from preau.attendance.models import (
    Absence,
    AbsenceNotice,
    AbsenteeismCase,
    JustificationDocument,
)
from tests.factories import RollCallFactory
from tests.world import ROLES, World

AUTHENTICATED = [role for role in ROLES if role != "anonymous"]
TUESDAY = date(2026, 11, 24)
CLASSROOMS = {"own": "A1", "same_school": "A2", "other_school": "B1", "other_departement": "C1"}
SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
STAFF = {"teacher": {"A1"}, "teacher_other": {"A2"}, "director": {"A1", "A2"},
         "director_other": {"B1"}}
FAMILIES = {"guardian": {"A1"}, "guardian_other": {"A2"}}
FAMILY_AND_STAFF = {**STAFF, **FAMILIES}
DIRECTORS = {"director": {"A1", "A2"}, "director_other": {"B1"}}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def everyone(seen: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every role: those not named see an empty list."""
    return {role: seen.get(role, set()) for role in AUTHENTICATED}


def with_attendance(world: World) -> None:
    """For each classroom: Tuesday morning's call (taken today by the class teacher), its
    pupil absent with a justification waiting (and a document), a notice for Thursday and
    an L131-8 case for November."""
    if "roll_calls" in world.extra:
        return
    now = datetime(2026, 11, 25, 8, 30, tzinfo=ZoneInfo("Europe/Paris"))
    extra = world.extra
    extra["roll_calls"], extra["absences"], extra["notices"], extra["cases"] = {}, {}, {}, {}
    for key, classroom in world.classrooms.items():
        pupil = world.pupils[key]
        teacher = classroom.assignments.first().person
        guardian = pupil.guardianships.first().guardian if pupil.guardianships.exists() \
            else teacher
        roll_call = RollCallFactory(classroom=classroom, date=TUESDAY, half_day="morning",
                                    taken_by=teacher, taken_at=now)
        absence = Absence.objects.create(
            roll_call=roll_call, pupil=pupil, date=TUESDAY, half_day="morning", kind="absent",
            justification_status="pending", reason="maladie_enfant", justified_by=guardian,
            justified_at=now)
        document = JustificationDocument(absence=absence)
        document.original_name, document.content_type, document.size = (
            "certificat.pdf", "application/pdf", len(PDF))
        document.file.save("certificat.pdf", SimpleUploadedFile("certificat.pdf", PDF),
                           save=False)
        document.save()
        extra["roll_calls"][key] = roll_call
        extra["absences"][key] = absence
        extra["notices"][key] = AbsenceNotice.objects.create(
            pupil=pupil, start_date=date(2026, 11, 26), end_date=date(2026, 11, 26),
            half_day="morning", reason="maladie_enfant", declared_by=guardian)
        extra["cases"][key] = AbsenteeismCase.objects.create(
            pupil=pupil, classroom=classroom, month=date(2026, 11, 1), unjustified_half_days=4,
            opened_at=now)


ABSENCES_LISTED = everyone(FAMILY_AND_STAFF)
CASES_LISTED = everyone(DIRECTORS)
