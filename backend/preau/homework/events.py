"""Live events of homework: hints for the open pages to refetch."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from preau.accounts.models import User
from preau.homework.access import pupils_meant_for
from preau.homework.models import Homework
from preau.people.access import staff_user_ids_of_classroom
from preau.people.models import Guardianship
from preau.realtime.events import LiveEvent
from preau.realtime.publish import publish_on_commit


class HomeworkChange(models.TextChoices):
    CREATED = "created", _("Donné")
    UPDATED = "updated", _("Modifié")
    WITHDRAWN = "withdrawn", _("Retiré")


class HomeworkChangedEvent(LiveEvent):
    """A homework was given, edited or withdrawn: the pages that show it refetch."""

    event_type = "homework.changed"
    change = serializers.ChoiceField(choices=HomeworkChange.choices)
    homework_id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    due_date = serializers.DateField()


class HomeworkDoneEvent(LiveEvent):
    """A pupil's tick: the teachers see the count move, the family sees the tick."""

    event_type = "homework.done"
    homework_id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    done = serializers.BooleanField()
    done_count = serializers.IntegerField()
    classroom_id = serializers.IntegerField()


HOMEWORK_CHANGED = HomeworkChangedEvent.event_type
HOMEWORK_DONE = HomeworkDoneEvent.event_type


def _family_user_ids(pupil_ids) -> list[int]:
    pupil_ids = list(pupil_ids)
    guardians = Guardianship.objects.filter(pupil_id__in=pupil_ids).values("guardian_id")
    return list(User.objects.filter(is_active=True).filter(
        Q(person_id__in=pupil_ids) | Q(person_id__in=guardians)).values_list("pk", flat=True))


def homework_changed(*, homework: Homework, change: str, also_pupil_ids=()) -> None:
    """New, edited or withdrawn homework: the pupils it is for, their guardians, the staff."""
    pupil_ids = {*pupils_meant_for(homework=homework).values_list("pk", flat=True),
                 *also_pupil_ids}
    publish_on_commit(
        event=HomeworkChangedEvent.of({
            "change": change, "homework_id": homework.pk, "classroom_id": homework.classroom_id,
            "due_date": homework.due_date}),
        user_ids=[*_family_user_ids(pupil_ids),
                  *staff_user_ids_of_classroom(classroom_id=homework.classroom_id)],
    )


def homework_done(*, homework: Homework, pupil_id: int, done: bool, done_count: int) -> None:
    """A tick: the teachers see the count move; the pupil's family sees the tick."""
    publish_on_commit(
        event=HomeworkDoneEvent.of({
            "homework_id": homework.pk, "pupil_id": pupil_id, "done": done,
            "done_count": done_count, "classroom_id": homework.classroom_id}),
        user_ids=[*_family_user_ids([pupil_id]),
                  *staff_user_ids_of_classroom(classroom_id=homework.classroom_id)],
    )
