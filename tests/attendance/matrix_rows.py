"""Role-matrix rows of attendance (see tests/matrix.py for the Row fields).

The matrix runs on Wednesday 25 November 2026 (no class in the world's 4-day schools):
calls are about Tuesday 24 November. Pupils and authority roles see nothing individual.
"""

from __future__ import annotations

from preau.accounts.models import User
from tests.attendance.scope import (
    CLASSROOMS,
    DIRECTORS,
    FAMILIES,
    FAMILY_AND_STAFF,
    SCHOOLS,
    STAFF,
    TUESDAY,
    with_attendance,
)
from tests.factories import UserFactory
from tests.matrix import Row
from tests.world import World


def _teachers_with_logins(world: World) -> None:
    """Every classroom's teacher has an account (the reminder of a call is a message)."""
    for classroom in world.classrooms.values():
        for assignment in classroom.assignments.all():
            if not User.objects.filter(person=assignment.person).exists():
                UserFactory(person=assignment.person)


def _classroom(world, key):
    return world.classrooms[key]


def _absence(world, key):
    return world.extra["absences"][key]


def _submit_body(world: World, key: str | None) -> dict:
    return {"date": TUESDAY.isoformat(), "half_day": "morning",
            "absences": [{"pupil": world.pupils[key].pk, "absence_kind": "absent"}]}


TUESDAY_MORNING = {"date": TUESDAY.isoformat(), "half_day": "morning"}
NOVEMBER = {"month": "2026-11"}

ROWS: list[Row] = [
    Row("attendance:roll-call-sheet", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF, prepare=with_attendance,
        query=lambda w: TUESDAY_MORNING),
    Row("attendance:roll-call-submit", method="POST", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF, writers=STAFF, ok_status=201, body=_submit_body),
    Row("attendance:roll-call-detail", kwarg="roll_call_id",
        resolve=lambda w, k: w.extra["roll_calls"][k], targets=CLASSROOMS, seen=STAFF,
        prepare=with_attendance),
    # The matrix sends no If-Match: those allowed to correct reach the precondition (428);
    # tests/attendance/test_corrections.py proves the write itself.
    Row("attendance:roll-call-detail", method="PUT", kwarg="roll_call_id",
        resolve=lambda w, k: w.extra["roll_calls"][k], targets=CLASSROOMS, seen=STAFF,
        writers=STAFF, ok_status=428, body={"absences": []}, prepare=with_attendance),
    Row("attendance:roll-call-corrections", kwarg="roll_call_id",
        resolve=lambda w, k: w.extra["roll_calls"][k], targets=CLASSROOMS, seen=STAFF,
        prepare=with_attendance),
    # The two lists are "self" rows: authority roles see them empty, which the foundation's
    # list-growth test (tests/people) does not expect of a list; test_list_scope.py checks
    # that each role lists exactly scope.ABSENCES_LISTED / CASES_LISTED.
    Row("attendance:absence-list", kind="self", prepare=with_attendance),
    Row("attendance:absence-detail", kwarg="absence_id", resolve=_absence, targets=CLASSROOMS,
        seen=FAMILY_AND_STAFF, prepare=with_attendance),
    Row("attendance:absence-justify", method="POST", kwarg="absence_id", resolve=_absence,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, writers={**FAMILIES, **DIRECTORS},
        body={"absence_reason": "maladie_enfant", "comment": "Fièvre"},
        prepare=with_attendance),
    Row("attendance:absence-accept", method="POST", kwarg="absence_id", resolve=_absence,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, writers=DIRECTORS, prepare=with_attendance),
    Row("attendance:absence-refuse", method="POST", kwarg="absence_id", resolve=_absence,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, writers=DIRECTORS,
        body={"refusal_reason": "Le certificat ne porte pas sur ce jour."},
        prepare=with_attendance),
    Row("attendance:absence-document", kwarg="absence_id", resolve=_absence,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, prepare=with_attendance),
    Row("attendance:pupil-notices", kwarg="pupil_id", resolve=lambda w, k: w.pupils[k],
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, prepare=with_attendance),
    Row("attendance:pupil-notices", method="POST", kwarg="pupil_id",
        resolve=lambda w, k: w.pupils[k], targets=CLASSROOMS, seen=FAMILY_AND_STAFF,
        writers=FAMILIES, ok_status=201,
        body={"start_date": "2026-11-27", "half_day": "morning",
              "absence_reason": "maladie_enfant", "comment": "Rendez-vous médical"}),
    Row("attendance:notice-detail", method="DELETE", kwarg="notice_id",
        resolve=lambda w, k: w.extra["notices"][k], targets=CLASSROOMS, seen=FAMILY_AND_STAFF,
        writers=FAMILIES, prepare=with_attendance),
    Row("attendance:calls-not-taken", kwarg="school_id", resolve=lambda w, k: w.schools[k],
        targets=SCHOOLS, seen={"director": {"A"}, "director_other": {"B"}},
        query=lambda w: TUESDAY_MORNING),
    Row("attendance:roll-call-reminder", method="POST", kwarg="classroom_id",
        resolve=_classroom, targets=CLASSROOMS, seen=STAFF, writers=DIRECTORS, ok_status=201,
        body={"date": TUESDAY.isoformat(), "half_day": "afternoon"},
        prepare=_teachers_with_logins),
    Row("attendance:register", kwarg="classroom_id", resolve=_classroom, targets=CLASSROOMS,
        seen=STAFF, prepare=with_attendance, query=lambda w: NOVEMBER),
    Row("attendance:register-csv", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF, prepare=with_attendance, query=lambda w: NOVEMBER),
    Row("attendance:register-pdf", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF, prepare=with_attendance, query=lambda w: NOVEMBER),
    Row("attendance:register-sign-off", method="POST", kwarg="classroom_id",
        resolve=_classroom, targets=CLASSROOMS, seen=STAFF, writers=DIRECTORS, ok_status=201,
        body={"month": "2026-10"}),
    Row("attendance:case-list", kind="self", prepare=with_attendance),
    Row("attendance:case-detail", kwarg="case_id", resolve=lambda w, k: w.extra["cases"][k],
        targets=CLASSROOMS, seen=DIRECTORS, prepare=with_attendance),
    Row("attendance:case-detail", method="PATCH", kwarg="case_id",
        resolve=lambda w, k: w.extra["cases"][k], targets=CLASSROOMS, seen=DIRECTORS,
        writers=DIRECTORS, body={"case_status": "family_contacted", "note": "Appel à la mère"},
        prepare=with_attendance),
    Row("attendance:preferences", kind="self"),
    Row("attendance:preferences", method="PUT", kind="self",
        body={"notify_absence_by_email": True}),
    # The one-click unsubscription of the absence e-mails: no session, its token is the
    # credential (tests/attendance/test_unsubscribe.py); an unknown token is a 404 for all.
    Row("attendance:email-unsubscribe", method="POST", kind="public", kwarg="token",
        resolve=lambda w, k: "inconnu"),
]
