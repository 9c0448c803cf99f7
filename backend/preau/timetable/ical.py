"""RFC 5545 feeds: lessons (cancelled ones with STATUS:CANCELLED), agenda, holidays."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from preau.schools.calendar import OffKind
from preau.schools.models import Classroom
from preau.timetable.models import CalendarFeed, Subject
from preau.timetable.selectors import (
    Status,
    children_of_viewer,
    classroom_weeks,
    events_for,
    pupils_with_classroom,
    teacher_classrooms,
)

PAST_DAYS = 14
FUTURE_DAYS = 180
SUBJECT_LABELS = dict(Subject.choices)


def feed_classrooms(*, user) -> list[tuple[Classroom, str]]:
    """The classrooms a feed covers, each with a prefix naming the child when useful."""
    today = timezone.localdate()
    children = pupils_with_classroom(pupils=children_of_viewer(viewer=user), on=today)
    several = len(children) > 1
    entries: dict[int, tuple[Classroom, str]] = {}
    for pupil, classroom in children:
        if classroom is not None:
            prefix = f"{pupil.first_name} — " if several or pupil.pk != user.person_id else ""
            entries.setdefault(classroom.pk, (classroom, prefix))
    for classroom in teacher_classrooms(viewer=user):
        entries.setdefault(classroom.pk, (classroom, f"{classroom.name} — "))
    return list(entries.values())


def feed_build(*, feed: CalendarFeed) -> bytes:
    user = feed.user
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    stamp = timezone.now()

    calendar = Calendar()
    calendar.add("prodid", "-//Préau//Emploi du temps//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Préau")
    calendar.add("x-wr-timezone", "Europe/Paris")

    entries = feed_classrooms(user=user)
    classrooms = [classroom for classroom, _prefix in entries]
    weeks = classroom_weeks(classrooms=classrooms, start=start, end=end) if classrooms else {}
    holidays_done: set[tuple[int, str, date]] = set()
    for classroom, prefix in entries:
        days = weeks[classroom.pk]
        for view in days:
            for occurrence in view.occurrences:
                if occurrence.status == Status.MOVED_AWAY or not occurrence.is_teaching:
                    continue  # the moved lesson is emitted at its new place, same UID
                event = Event()
                event.add("uid", f"{occurrence.uid}-{classroom.pk}")
                event.add("dtstamp", stamp)
                event.add("dtstart", datetime.combine(occurrence.date, occurrence.start_time,
                                                      tzinfo=tz))
                event.add("dtend", datetime.combine(occurrence.date, occurrence.end_time,
                                                    tzinfo=tz))
                title = occurrence.title or SUBJECT_LABELS.get(occurrence.subject, "Cours")
                event.add("summary", f"{prefix}{title}")
                if occurrence.room:
                    event.add("location", occurrence.room)
                if occurrence.status == Status.CANCELLED:
                    event.add("status", "CANCELLED")
                    if occurrence.reason:
                        event.add("description", f"Annulé : {occurrence.reason}")
                else:
                    event.add("status", "CONFIRMED")
                calendar.add_component(event)
        _add_days_off(calendar, classroom, days, stamp, holidays_done)
    for agenda_event in events_for(classrooms=classrooms, start=start, end=end):
        event = Event()
        event.add("uid", f"event-{agenda_event.pk}@preau")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(agenda_event.starts_at, tz))
        event.add("dtend", timezone.localtime(agenda_event.ends_at, tz))
        event.add("summary", agenda_event.title)
        if agenda_event.location:
            event.add("location", agenda_event.location)
        if agenda_event.description:
            event.add("description", agenda_event.description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _add_days_off(calendar, classroom, days, stamp, done) -> None:
    """Holidays and bank holidays as all-day events, one per run of days."""
    run: list = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        key = (classroom.school_id, first.off.label, first.date)
        if key not in done:
            done.add(key)
            event = Event()
            event.add("uid", f"off-{classroom.school_id}-{first.date:%Y%m%d}@preau")
            event.add("dtstamp", stamp)
            event.add("dtstart", first.date)
            event.add("dtend", last.date + timedelta(days=1))
            event.add("summary", first.off.label)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
        run.clear()

    for view in days:
        off = view.day.off
        if off is not None and off.kind in {OffKind.HOLIDAY, OffKind.BANK_HOLIDAY}:
            if run and run[-1].off.label != off.label:
                flush()
            run.append(view.day)
        else:
            flush()
    flush()
