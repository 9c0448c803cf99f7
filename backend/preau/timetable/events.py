"""Live events of the timetable. Hints: the client refetches the week it shows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from rest_framework import serializers

from preau.people.access import family_user_ids_of_classroom, staff_user_ids_of_classroom
from preau.realtime.events import LiveEvent
from preau.realtime.publish import publish_on_commit


class TimetableChangedEvent(LiveEvent):
    """A classroom's timetable changed on these dates (none listed: every coming week)."""

    event_type = "timetable.changed"
    classroom_id = serializers.IntegerField()
    dates = serializers.ListField(child=serializers.DateField())


class AgendaChangedEvent(LiveEvent):
    """The school's agenda (events, closures) changed."""

    event_type = "agenda.changed"
    school_id = serializers.IntegerField()


TIMETABLE_CHANGED = TimetableChangedEvent.event_type
AGENDA_CHANGED = AgendaChangedEvent.event_type


def timetable_changed(*, classroom_id: int, dates: Iterable[date | None]) -> None:
    """Tell the classroom's families and staff that these dates changed (today or later)."""
    today = timezone.localdate()
    upcoming = sorted({d for d in dates if d is not None and d >= today})
    if not upcoming:
        return
    publish_on_commit(
        event=TimetableChangedEvent.of({"classroom_id": classroom_id, "dates": upcoming}),
        user_ids=[*family_user_ids_of_classroom(classroom_id=classroom_id),
                  *staff_user_ids_of_classroom(classroom_id=classroom_id)],
    )


def plan_changed(*, classroom_id: int) -> None:
    """A recurring slot changed: every coming week of the classroom may differ."""
    publish_on_commit(
        event=TimetableChangedEvent.of({"classroom_id": classroom_id, "dates": []}),
        user_ids=[*family_user_ids_of_classroom(classroom_id=classroom_id),
                  *staff_user_ids_of_classroom(classroom_id=classroom_id)],
    )


def agenda_changed(*, school_id: int, classroom_ids: Iterable[int]) -> None:
    user_ids: list[int] = []
    for classroom_id in classroom_ids:
        user_ids += family_user_ids_of_classroom(classroom_id=classroom_id)
        user_ids += staff_user_ids_of_classroom(classroom_id=classroom_id)
    publish_on_commit(event=AgendaChangedEvent.of({"school_id": school_id}), user_ids=user_ids)
