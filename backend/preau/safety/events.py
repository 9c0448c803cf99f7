"""The muster's live events: to the school's staff, after the commit of each write."""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework import serializers

from preau.people.access import staff_user_ids_of_school
from preau.realtime.events import LiveEvent
from preau.realtime.publish import publish_many_on_commit, publish_on_commit
from preau.safety.models import DrillKind, Muster, MusterPupil


class MusterStartedEvent(LiveEvent):
    """An alert or a drill began: every staff phone opens its class's list."""

    event_type = "safety.muster_started"
    muster_id = serializers.IntegerField()
    school_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DrillKind.choices)
    is_drill = serializers.BooleanField()


class MusterMarkedEvent(LiveEvent):
    """A pupil was tapped as found (or the tap undone)."""

    event_type = "safety.muster_marked"
    muster_id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    found_at = serializers.DateTimeField(allow_null=True)


class MusterChangedEvent(LiveEvent):
    """A class was put in someone else's charge, or the muster ended."""

    event_type = "safety.muster_changed"
    muster_id = serializers.IntegerField()
    ended = serializers.BooleanField()


def muster_started(muster: Muster) -> None:
    publish_on_commit(event=MusterStartedEvent.of({
        "muster_id": muster.pk, "school_id": muster.school_id, "kind": muster.kind,
        "is_drill": muster.is_drill}), user_ids=staff_user_ids_of_school(school_id=muster.school_id))


def pupils_marked(muster: Muster, rows: Iterable[MusterPupil]) -> None:
    rows = list(rows)
    if not rows:  # taps that changed nothing (sent twice, an undo before its tap)
        return
    user_ids = staff_user_ids_of_school(school_id=muster.school_id)
    publish_many_on_commit([(MusterMarkedEvent.of({
        "muster_id": muster.pk, "pupil_id": row.pupil_id, "classroom_id": row.classroom_id,
        "found_at": row.found_at}), user_ids) for row in rows])


def muster_changed(muster: Muster) -> None:
    publish_on_commit(event=MusterChangedEvent.of({
        "muster_id": muster.pk, "ended": muster.ended_at is not None}),
        user_ids=staff_user_ids_of_school(school_id=muster.school_id))
