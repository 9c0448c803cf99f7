"""Role-matrix rows of the timetable: the school's own people only, no authority role."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from preau.schools.calendar import school_days
from preau.timetable.models import CalendarFeed, SchoolEvent, TimetableException
from preau.timetable.services import feed_token_hash
from tests.matrix import Row
from tests.timetable.factories import make_slots
from tests.world import World

CLASSROOMS = {"own": "A1", "same_school": "A2", "other_school": "B1", "other_departement": "C1"}
SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
CLASSROOMS_SEEN = {
    "pupil": {"A1"}, "guardian": {"A1"}, "guardian_other": {"A2"},
    "teacher": {"A1"}, "teacher_other": {"A2"},
    "director": {"A1", "A2"}, "director_other": {"B1"},
}
SCHOOLS_SEEN = {
    "pupil": {"A"}, "guardian": {"A"}, "guardian_other": {"A"}, "teacher": {"A"},
    "teacher_other": {"A"}, "director": {"A"}, "director_other": {"B"},
}
SLOT_WRITERS = {"director": {"A1", "A2"}, "director_other": {"B1"}}
EXCEPTION_WRITERS = {**SLOT_WRITERS, "teacher": {"A1"}, "teacher_other": {"A2"}}
SCHOOL_WRITERS = {"director": {"A"}, "director_other": {"B"}}


def next_school_day(school) -> date:
    today = timezone.localdate()
    days = school_days(school=school, start=today + timedelta(days=1),
                       end=today + timedelta(days=60))
    return next(d.date for d in days if "morning" in d.half_days and "afternoon" in d.half_days)


def with_timetable(world: World) -> None:
    if "slots" in world.extra:
        return
    world.extra["slots"] = {key: make_slots(classroom)[0]
                            for key, classroom in world.classrooms.items()}
    world.extra["exceptions"] = {
        key: TimetableException.objects.create(
            classroom=classroom, kind="extra", date=next_school_day(classroom.school),
            title="Piscine", start_time=time(14, 0), end_time=time(15, 0))
        for key, classroom in world.classrooms.items()
    }
    tz = timezone.get_current_timezone()
    world.extra["events"] = {}
    world.extra["closures"] = {}
    for key, school in world.schools.items():
        day = next_school_day(school)
        world.extra["events"][key] = SchoolEvent.objects.create(
            school=school, kind="reunion_parents", title="Réunion de rentrée",
            starts_at=datetime.combine(day, time(18, 0), tzinfo=tz),
            ends_at=datetime.combine(day, time(19, 0), tzinfo=tz))
        world.extra["closures"][key] = school.closures.create(
            start_date=day + timedelta(days=30), end_date=day + timedelta(days=30),
            reason="Grève")
    world.extra["feeds"] = {
        role: CalendarFeed.objects.create(user=world.user(role), token_hash=feed_token_hash(role))
        for role in ("guardian", "teacher")
    }


def _extra_body(world: World, key: str | None) -> dict:
    classroom = world.classrooms[key]
    return {"kind": "extra", "date": next_school_day(classroom.school).isoformat(),
            "title": "Sortie au musée", "activity": "sortie",
            "start_time": "09:00", "end_time": "11:00"}


def _closure_body(world: World, key: str | None) -> dict:
    day = next_school_day(world.schools[key]) + timedelta(days=7)
    return {"start_date": day.isoformat(), "end_date": day.isoformat(), "reason": "Grève"}


def _event_body(world: World, key: str | None) -> dict:
    day = next_school_day(world.schools[key])
    return {"kind": "fete_ecole", "title": "Fête de l'école",
            "starts_at": f"{day}T17:00:00+01:00", "ends_at": f"{day}T20:00:00+01:00"}


def _classroom(world, key):
    return world.classrooms[key]


def _school(world, key):
    return world.schools[key]


ROWS: list[Row] = [
    Row("timetable:classroom-week", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=CLASSROOMS_SEEN, prepare=with_timetable),
    Row("timetable:pupil-week", kwarg="pupil_id", resolve=lambda w, k: w.pupils[k],
        targets=CLASSROOMS, seen=CLASSROOMS_SEEN, prepare=with_timetable),
    Row("timetable:children-week", kind="self", prepare=with_timetable),
    Row("timetable:teacher-day", kind="self", prepare=with_timetable),
    Row("timetable:school-calendar", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOLS_SEEN),
    Row("timetable:slot-list", kwarg="classroom_id", resolve=_classroom, targets=CLASSROOMS,
        seen=CLASSROOMS_SEEN, prepare=with_timetable),
    Row("timetable:slot-list", method="POST", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=CLASSROOMS_SEEN, writers=SLOT_WRITERS, ok_status=201,
        body={"weekday": 0, "start_time": "08:30", "end_time": "10:00", "subject": "emc"}),
    Row("timetable:slot-detail", method="PATCH", kwarg="slot_id",
        resolve=lambda w, k: w.extra["slots"][k], targets=CLASSROOMS, seen=CLASSROOMS_SEEN,
        writers=SLOT_WRITERS, body={"room": "Salle polyvalente"}, prepare=with_timetable),
    Row("timetable:slot-detail", method="DELETE", kwarg="slot_id",
        resolve=lambda w, k: w.extra["slots"][k], targets=CLASSROOMS, seen=CLASSROOMS_SEEN,
        writers=SLOT_WRITERS, ok_status=204, prepare=with_timetable),
    Row("timetable:exception-list", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=CLASSROOMS_SEEN, prepare=with_timetable),
    Row("timetable:exception-list", method="POST", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=CLASSROOMS_SEEN, writers=EXCEPTION_WRITERS, ok_status=201,
        body=_extra_body),
    Row("timetable:exception-detail", method="PATCH", kwarg="exception_id",
        resolve=lambda w, k: w.extra["exceptions"][k], targets=CLASSROOMS,
        seen=CLASSROOMS_SEEN, writers=EXCEPTION_WRITERS, body={"location": "Piscine municipale"},
        prepare=with_timetable),
    Row("timetable:exception-detail", method="DELETE", kwarg="exception_id",
        resolve=lambda w, k: w.extra["exceptions"][k], targets=CLASSROOMS,
        seen=CLASSROOMS_SEEN, writers=EXCEPTION_WRITERS, ok_status=204, prepare=with_timetable),
    Row("timetable:closure-list", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOLS_SEEN, prepare=with_timetable),
    Row("timetable:closure-list", method="POST", kwarg="school_id", resolve=_school,
        targets=SCHOOLS, seen=SCHOOLS_SEEN, writers=SCHOOL_WRITERS, ok_status=201,
        body=_closure_body),
    Row("timetable:closure-detail", method="DELETE", kwarg="closure_id",
        resolve=lambda w, k: w.extra["closures"][k], targets=SCHOOLS, seen=SCHOOLS_SEEN,
        writers=SCHOOL_WRITERS, ok_status=204, prepare=with_timetable),
    Row("timetable:event-list", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOLS_SEEN, prepare=with_timetable),
    Row("timetable:event-list", method="POST", kwarg="school_id", resolve=_school,
        targets=SCHOOLS, seen=SCHOOLS_SEEN, writers=SCHOOL_WRITERS, ok_status=201,
        body=_event_body),
    Row("timetable:event-detail", method="PATCH", kwarg="event_id",
        resolve=lambda w, k: w.extra["events"][k], targets=SCHOOLS, seen=SCHOOLS_SEEN,
        writers=SCHOOL_WRITERS, body={"title": "Réunion de parents"}, prepare=with_timetable),
    Row("timetable:event-detail", method="DELETE", kwarg="event_id",
        resolve=lambda w, k: w.extra["events"][k], targets=SCHOOLS, seen=SCHOOLS_SEEN,
        writers=SCHOOL_WRITERS, ok_status=204, prepare=with_timetable),
    Row("timetable:feed-list", kind="self"),
    Row("timetable:feed-list", method="POST", kind="self", ok_status=201,
        body={"label": "Mon téléphone"}),
    Row("timetable:feed-detail", method="DELETE", kwarg="feed_id",
        resolve=lambda w, k: w.extra["feeds"][k],
        targets={"own_feed": "guardian", "someone_elses_feed": "teacher"},
        seen={"guardian": {"guardian"}, "teacher": {"teacher"}},
        writers={"guardian": {"guardian"}, "teacher": {"teacher"}}, ok_status=204,
        prepare=with_timetable),
    Row("timetable:ical", kind="public", kwarg="token", resolve=lambda w, k: "inconnu"),
]
