"""Small helpers shared by the messaging tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from preau.schools.calendar import bank_holidays, zone_holidays
from preau.schools.models import SchoolYear

PARIS = ZoneInfo("Europe/Paris")
CREATE = reverse("messaging:conversation-list")


def _is_holiday_anywhere(day: date) -> bool:
    return bool(bank_holidays(day.year, False).get(day) or bank_holidays(day.year, True).get(day)
                or any(zone_holidays(zone, day.year).get(day) for zone in "ABC"))


def a_day_this_school_year(weekday: int) -> date:
    """A date of the current school year with this weekday (0 = Monday), near today, that is
    no holiday or bank holiday in any zone (messages follow the school calendar)."""
    today = timezone.localdate()
    start, end = SchoolYear.bounds_for(today)
    past = today - timedelta(days=(today.weekday() - weekday) % 7)
    backwards = [past - timedelta(weeks=n) for n in range(60)]
    forwards = [past + timedelta(weeks=n) for n in range(1, 60)]
    for day in [d for d in backwards if d >= start] + [d for d in forwards if d <= end]:
        if not _is_holiday_anywhere(day):
            return day
    return past if past >= start else past + timedelta(days=7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def messages_url(conversation_id: int) -> str:
    return reverse("messaging:message-list", kwargs={"conversation_id": conversation_id})


def read_url(conversation_id: int) -> str:
    return reverse("messaging:conversation-read", kwargs={"conversation_id": conversation_id})


def start_conversation(client, *, recipients, subject="Bonjour", body="Un message.", **extra):
    response = client.post(CREATE, {"recipients": [r.pk for r in recipients], "subject": subject,
                                    "body": body, **extra}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["conversations"][0]
