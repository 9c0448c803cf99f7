"""Role-matrix rows of the authority app (see tests/matrix.py for the Row fields).

Authority endpoints are GET only. Lists answer 200 to every authenticated role and show
exactly the role's scope (empty for a school or family role); a school, classroom, pupil
list or L131-8 case outside the scope is a 404. The inspection views (cahier de textes
recap, L131-8 cases, roll calls not taken, timetable volume) are for the IEN and the DASEN
only: a commune officer's inspection scope is empty.
"""

from __future__ import annotations

from tests.attendance.scope import with_attendance
from tests.matrix import AUTHENTICATED, CLASSROOMS_SEEN, SCHOOLS_SEEN, Row
from tests.world import World

SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
CLASSROOMS = {"own": "A1", "same_school": "A2", "other_school": "B1", "other_departement": "C1"}
AUTHORITY = ["commune", "commune_other", "inspector", "inspector_other", "dasen"]
INSPECTION = ["inspector", "inspector_other", "dasen"]


def scoped(seen: dict[str, set[str]], roles: list[str]) -> dict[str, set[str]]:
    """Every authenticated role; those not in ``roles`` see nothing."""
    return {role: (seen[role] if role in roles else set()) for role in AUTHENTICATED}


SCHOOLS_IN_SCOPE = scoped(SCHOOLS_SEEN, AUTHORITY)
SCHOOLS_INSPECTED = scoped(SCHOOLS_SEEN, INSPECTION)
CLASSROOMS_IN_SCOPE = scoped(CLASSROOMS_SEEN, AUTHORITY)
CLASSROOMS_INSPECTED = scoped(CLASSROOMS_SEEN, INSPECTION)
DIRECTORS = {role: set() for role in AUTHENTICATED} | {"director": {"A"},
                                                      "director_other": {"B"}}


def _school_key(world: World, school_id: int) -> str:
    return next(key for key, school in world.schools.items() if school.pk == school_id)


def _classroom_key(world: World, classroom_id: int) -> str:
    return next(key for key, c in world.classrooms.items() if c.pk == classroom_id)


def _circonscription_key(world: World, item: dict) -> str:
    return next(key for key, school in world.schools.items()
                if school.circonscription.code == item["code"])


def with_access_logs(world: World) -> None:
    """Two reads already logged: the commune's of school A, the other IEN's of school B."""
    if "access_logs" in world.extra:
        return
    from preau.authority.models import AccessKind
    from preau.authority.services import access_log_record

    world.extra["access_logs"] = {
        key: access_log_record(viewer=world.users[role], kind=AccessKind.PUPIL_LIST,
                               path=f"/api/v1/authority/schools/{world.schools[key].pk}/pupils/",
                               school_ids=[world.schools[key].pk], row_count=2)
        for key, role in [("A", "commune"), ("B", "inspector_other")]}


def _school(world, key):
    return world.schools[key]


def _classroom(world, key):
    return world.classrooms[key]


ROWS: list[Row] = [
    Row("authority:overview", kind="self"),
    Row("authority:school-list", kind="list", seen=SCHOOLS_IN_SCOPE,
        listed_key=lambda w, item: _school_key(w, item["school"]["id"])),
    Row("authority:school-detail", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOLS_IN_SCOPE),
    Row("authority:school-classrooms", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOLS_IN_SCOPE),
    Row("authority:school-pupils", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOLS_IN_SCOPE),
    Row("authority:classroom-detail", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=CLASSROOMS_IN_SCOPE),
    Row("authority:cahier-recap", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=CLASSROOMS_INSPECTED),
    Row("authority:circonscription-list", kind="list", seen=SCHOOLS_INSPECTED,
        listed_key=_circonscription_key),
    Row("authority:headcounts", kind="list", seen=SCHOOLS_IN_SCOPE,
        listed_key=lambda w, item: _school_key(w, item["school"]["id"])),
    Row("authority:movements", kind="list", seen=SCHOOLS_IN_SCOPE,
        listed_key=lambda w, item: _school_key(w, item["school"]["id"])),
    Row("authority:canteen", kind="list", seen=SCHOOLS_IN_SCOPE,
        listed_key=lambda w, item: _school_key(w, item["school"]["id"])),
    Row("authority:attendance", kind="list", seen=SCHOOLS_IN_SCOPE, prepare=with_attendance,
        listed_key=lambda w, item: _school_key(w, item["school"]["id"])),
    Row("authority:roll-calls-not-taken", kind="list", seen=SCHOOLS_INSPECTED,
        listed_key=lambda w, item: _school_key(w, item["school"]["id"])),
    Row("authority:case-list", kind="list", seen=CLASSROOMS_INSPECTED, prepare=with_attendance,
        listed_key=lambda w, item: _classroom_key(w, item["classroom"]["id"])),
    Row("authority:case-detail", kwarg="case_id", resolve=lambda w, k: w.extra["cases"][k],
        targets=CLASSROOMS, seen=CLASSROOMS_INSPECTED, prepare=with_attendance),
    Row("authority:timetable-volume", kind="list", seen=CLASSROOMS_INSPECTED,
        listed_key=lambda w, item: _classroom_key(w, item["classroom"]["id"])),
    Row("authority:access-log", kind="list", seen=DIRECTORS, prepare=with_access_logs,
        listed_key=lambda w, item: _school_key(w, item["schools"][0]["id"])),
]
