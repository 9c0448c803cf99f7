"""Live events of the livret's evaluations: hints for the open pages to refetch."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from rest_framework import serializers

from preau.livret.models import Evaluation
from preau.people.access import enrolments_active_on
from preau.people.models import Guardianship
from preau.realtime.events import LiveEvent
from preau.realtime.publish import publish_on_commit


class EvaluationPublishedEvent(LiveEvent):
    """A teacher published an evaluation: its pupils and their legal guardians may read it
    (with their own results) from now on."""

    event_type = "livret.evaluation_published"
    evaluation_id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    date = serializers.DateField()


EVALUATION_PUBLISHED = EvaluationPublishedEvent.event_type


def evaluation_family_user_ids(*, evaluation: Evaluation) -> list[int]:
    """Logins of the pupils enrolled in the classroom on the evaluation's date and of their
    legal guardians: who reads it once published (``access.evaluations_visible_to``)."""
    pupils = enrolments_active_on(evaluation.date).filter(
        classroom_id=evaluation.classroom_id).values("pupil_id")
    guardians = Guardianship.objects.filter(pupil_id__in=pupils, is_legal=True).values(
        "guardian_id")
    return list(get_user_model().objects.filter(is_active=True).filter(
        Q(person_id__in=pupils) | Q(person_id__in=guardians)).values_list("pk", flat=True))


def evaluation_published(*, evaluation: Evaluation) -> None:
    publish_on_commit(
        event=EvaluationPublishedEvent.of({
            "evaluation_id": evaluation.pk, "classroom_id": evaluation.classroom_id,
            "date": evaluation.date}),
        user_ids=evaluation_family_user_ids(evaluation=evaluation),
    )
