"""iCal feeds: secret, revocable, RFC 5545 with Europe/Paris, right across DST changes."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from preau.timetable.models import CalendarFeed
from preau.timetable.services import exception_create
from tests.timetable.factories import make_slots

pytestmark = pytest.mark.django_db

# Sunday 25 October 2026 and Sunday 28 March 2027 change the clocks in France.
BEFORE_AUTUMN_CHANGE = date(2026, 10, 16)  # Friday, summer time (UTC+2)
AFTER_AUTUMN_CHANGE = date(2026, 11, 2)  # Monday, winter time (UTC+1)
AFTER_SPRING_CHANGE = date(2027, 3, 30)  # Tuesday, summer time again (Monday is Easter)


def create_feed(client) -> str:
    response = client.post("/api/v1/timetable/feeds/", {"label": "Téléphone"}, format="json")
    assert response.status_code == 201
    return response.json()["url"]


def fetch(url: str):
    return Client().get(url.removeprefix("http://testserver"))


def lesson_starts(calendar: Calendar) -> dict[date, list[datetime]]:
    starts: dict[date, list[datetime]] = {}
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        if isinstance(start, datetime):
            starts.setdefault(start.date(), []).append(start)
    return starts


@time_machine.travel(datetime(2026, 10, 10, 12, 0, tzinfo=UTC), tick=False)
def test_feed_round_trips_with_paris_times_across_both_dst_changes(world, client_for):
    a1 = world.classrooms["A1"]
    slots = make_slots(a1)
    exception_create(actor=world.user("director"), classroom=a1, kind="cancelled",
                     date=AFTER_AUTUMN_CHANGE, slot=slots[0], reason="Formation")
    url = create_feed(client_for("guardian"))

    response = fetch(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    starts = lesson_starts(calendar)
    for day, utc_hour in [(BEFORE_AUTUMN_CHANGE, 6), (AFTER_AUTUMN_CHANGE, 7),
                          (AFTER_SPRING_CHANGE, 6)]:
        first = min(starts[day])
        assert first.astimezone(UTC).time() == time(utc_hour, 30), day
        assert first.tzinfo is not None
    cancelled = [e for e in events if e.get("STATUS") == "CANCELLED"]
    assert [e.decoded("dtstart").date() for e in cancelled] == [AFTER_AUTUMN_CHANGE]
    assert any(str(e["SUMMARY"]) == "Vacances de la Toussaint" for e in events)

    lessons = [e for e in events if isinstance(e.decoded("dtstart"), datetime)]
    school_days_with_class = {e.decoded("dtstart").date() for e in lessons}
    assert date(2026, 10, 26) not in school_days_with_class  # Toussaint holidays
    assert date(2026, 11, 11) not in school_days_with_class  # bank holiday
    assert len(lessons) == 4 * len(school_days_with_class)  # 4 teaching slots a day

    again = Calendar.from_ical(fetch(url).content)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == uids


def test_the_token_is_long_random_and_stored_hashed(world, client_for):
    url = create_feed(client_for("guardian"))
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 256 bits in URL-safe base64
    feed = CalendarFeed.objects.get()
    assert token not in feed.token_hash
    assert len(feed.token_hash) == 64


def test_a_revoked_or_unknown_url_answers_404(world, client_for):
    guardian = client_for("guardian")
    url = create_feed(guardian)
    feed_id = guardian.get("/api/v1/timetable/feeds/").json()["results"][0]["id"]
    assert guardian.delete(f"/api/v1/timetable/feeds/{feed_id}/").status_code == 204
    assert fetch(url).status_code == 404
    assert fetch(url.replace(".ics", "x.ics")).status_code == 404
    assert guardian.get("/api/v1/timetable/feeds/").json()["count"] == 0


def test_a_disabled_account_feed_answers_404(world, client_for):
    url = create_feed(client_for("guardian"))
    user = world.user("guardian")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert fetch(url).status_code == 404


@time_machine.travel(datetime(2026, 11, 27, 12, 0, tzinfo=UTC), tick=False)
def test_a_parent_of_two_sees_each_childs_lessons_named(world, client_for):
    from tests.factories import EnrolmentFactory, GuardianshipFactory, PupilFactory

    make_slots(world.classrooms["A1"])
    make_slots(world.classrooms["A2"])
    tom = PupilFactory(first_name="Tom")
    GuardianshipFactory(guardian=world.user("guardian").person, pupil=tom)
    EnrolmentFactory(pupil=tom, classroom=world.classrooms["A2"], level="CM1")
    calendar = Calendar.from_ical(fetch(create_feed(client_for("guardian"))).content)
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert "Léa — Français" in summaries
    assert "Tom — Français" in summaries
