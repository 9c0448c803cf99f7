"""One rule for the day a page opens on (``schools.calendar.default_half_day``): the
current school half-day, else the last one for records and the next one for homework."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from preau.schools.calendar import DayPurpose, HalfDayRef, default_half_day
from preau.schools.models import SchoolClosure, WeekPattern
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
RECORDS, HOMEWORK = DayPurpose.RECORDS, DayPurpose.HOMEWORK


def at(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def opens_on(school, now) -> tuple[HalfDayRef | None, HalfDayRef | None]:
    return (default_half_day(school=school, purpose=RECORDS, now=now),
            default_half_day(school=school, purpose=HOMEWORK, now=now))


@pytest.mark.parametrize(("now", "records", "homework"), [
    # Saturday 28 November 2026: Friday afternoon behind, Monday morning ahead.
    (at(2026, 11, 28, 10), (date(2026, 11, 27), "afternoon"), (date(2026, 11, 30), "morning")),
    # Wednesday 25 November, a 4-day week: no class; Tuesday afternoon, Thursday morning.
    (at(2026, 11, 25, 10), (date(2026, 11, 24), "afternoon"), (date(2026, 11, 26), "morning")),
    # Sunday evening: the same as Saturday.
    (at(2026, 11, 29, 21), (date(2026, 11, 27), "afternoon"), (date(2026, 11, 30), "morning")),
])
def test_a_day_without_class_opens_records_on_the_last_half_day_homework_on_the_next(
        now, records, homework):
    school = SchoolFactory()

    assert opens_on(school, now) == (HalfDayRef(*records), HalfDayRef(*homework))


def test_a_school_half_day_opens_on_itself_for_both():
    school = SchoolFactory()

    assert opens_on(school, at(2026, 11, 24, 7, 30)) == (
        HalfDayRef(date(2026, 11, 24), "morning"), HalfDayRef(date(2026, 11, 24), "morning"))
    assert opens_on(school, at(2026, 11, 24, 14)) == (
        HalfDayRef(date(2026, 11, 24), "afternoon"), HalfDayRef(date(2026, 11, 24), "afternoon"))


def test_after_class_records_keep_the_day_homework_moves_to_the_next_school_day():
    school = SchoolFactory()

    assert opens_on(school, at(2026, 11, 27, 18)) == (  # Friday evening
        HalfDayRef(date(2026, 11, 27), "afternoon"), HalfDayRef(date(2026, 11, 30), "morning"))


def test_the_four_and_a_half_day_week_has_wednesday_morning_only():
    school = SchoolFactory(week_pattern=WeekPattern.FOUR_AND_HALF_DAYS)

    assert opens_on(school, at(2026, 11, 25, 10)) == (
        HalfDayRef(date(2026, 11, 25), "morning"), HalfDayRef(date(2026, 11, 25), "morning"))
    assert opens_on(school, at(2026, 11, 25, 15)) == (
        HalfDayRef(date(2026, 11, 25), "morning"), HalfDayRef(date(2026, 11, 26), "morning"))


def test_the_holidays_reach_back_to_the_last_day_and_forward_to_the_rentree():
    school = SchoolFactory()

    assert opens_on(school, at(2026, 12, 26, 10)) == (  # the Christmas holidays
        HalfDayRef(date(2026, 12, 18), "afternoon"), HalfDayRef(date(2027, 1, 4), "morning"))


def test_a_closure_is_no_class():
    school = SchoolFactory()
    SchoolClosure.objects.create(school=school, start_date=date(2026, 11, 30),
                                 end_date=date(2026, 11, 30), reason="Grève")

    assert opens_on(school, at(2026, 11, 28, 10))[1] == HalfDayRef(date(2026, 12, 1), "morning")
