"""Live events of the timetable. Hints: the client refetches the week it shows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from preau.people.access import family_user_ids_of_classroom, staff_user_ids_of_classroom
from preau.realtime.publish import publish_on_commit

TIMETABLE_CHANGED = "timetable.changed"
AGENDA_CHANGED = "agenda.changed"


def timetable_changed(*, classroom_id: int, dates: Iterable[date | None]) -> None:
    """Tell the classroom's families and staff that these dates changed (today or later)."""
    today = timezone.localdate()
    upcoming = sorted({d for d in dates if d is not None and d >= today})
    if not upcoming:
        return
    publish_on_commit(
        event={"type": TIMETABLE_CHANGED, "classroom_id": classroom_id,
               "dates": [d.isoformat() for d in upcoming]},
        user_ids=[*family_user_ids_of_classroom(classroom_id=classroom_id),
                  *staff_user_ids_of_classroom(classroom_id=classroom_id)],
    )


def plan_changed(*, classroom_id: int) -> None:
    """A recurring slot changed: every coming week of the classroom may differ."""
    publish_on_commit(
        event={"type": TIMETABLE_CHANGED, "classroom_id": classroom_id, "dates": []},
        user_ids=[*family_user_ids_of_classroom(classroom_id=classroom_id),
                  *staff_user_ids_of_classroom(classroom_id=classroom_id)],
    )


def agenda_changed(*, school_id: int, classroom_ids: Iterable[int]) -> None:
    user_ids: list[int] = []
    for classroom_id in classroom_ids:
        user_ids += family_user_ids_of_classroom(classroom_id=classroom_id)
        user_ids += staff_user_ids_of_classroom(classroom_id=classroom_id)
    publish_on_commit(event={"type": AGENDA_CHANGED, "school_id": school_id},
                      user_ids=user_ids)
