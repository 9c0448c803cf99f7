"""Live events of the bilans: a communicated bilan reaches each legal guardian's page."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from preau.accounts.models import User
from preau.realtime.events import LiveEvent
from preau.realtime.publish import publish_many_on_commit


class BilanKind(models.TextChoices):
    PERIODIC = "periodic", _("Bilan périodique")
    CYCLE = "cycle", _("Bilan de fin de cycle")


class BilanCommunicatedEvent(LiveEvent):
    """A bilan of a child was communicated: the guardian's livret page refetches."""

    event_type = "livret.bilan_communicated"
    kind = serializers.ChoiceField(choices=BilanKind.choices)
    bilan_id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    period_id = serializers.IntegerField(allow_null=True)


BILAN_COMMUNICATED = BilanCommunicatedEvent.event_type


def bilans_communicated(*, kind: str, bilans: list, guardian_ids_by_bilan: dict[int, list[int]],
                        ) -> None:
    """One event per bilan, to the logins of the guardians it reached (one query for all)."""
    guardian_ids = {pk for ids in guardian_ids_by_bilan.values() for pk in ids}
    users_of: dict[int, list[int]] = {}
    for user_id, person_id in User.objects.filter(
            is_active=True, person_id__in=guardian_ids).values_list("pk", "person_id"):
        users_of.setdefault(person_id, []).append(user_id)
    publish_many_on_commit([
        (BilanCommunicatedEvent.of({
            "kind": kind, "bilan_id": bilan.pk, "pupil_id": bilan.pupil_id,
            "period_id": getattr(bilan, "period_id", None)}),
         [user_id for guardian_id in guardian_ids_by_bilan.get(bilan.pk, [])
          for user_id in users_of.get(guardian_id, [])])
        for bilan in bilans])
