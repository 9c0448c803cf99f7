"""The demo has one communicated period: the demo child's class, filled, locked, validated,
communicated; the mother ("parent") has acknowledged, the father ("parent2") not yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from preau.accounts.models import User
from preau.imports.demo import demo_seed
from preau.livret import lsu
from preau.livret.models import Acknowledgement, BilanDomain, BilanState, PeriodicBilan

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_class_whose_first_period_is_communicated_and_acknowledged_once():
    demo_seed(seed=2026)
    parent, parent2, eleve = (User.objects.get(username=name)
                              for name in ("parent", "parent2", "eleve"))

    bilans = PeriodicBilan.objects.all()
    assert {bilan.state for bilan in bilans} == {BilanState.COMMUNICATED}
    assert len({(bilan.classroom_id, bilan.period_id) for bilan in bilans}) == 1
    assert bilans.count() >= 20
    assert not BilanDomain.objects.filter(bilan__in=bilans, positionnement__isnull=True,
                                          domain__subdomains__isnull=True).exists()
    own = bilans.get(pupil_id=eleve.person_id)
    acknowledgements = {row.guardian_id: row for row in
                        Acknowledgement.objects.filter(periodic_bilan=own)}
    assert acknowledgements[parent.person_id].acknowledged_at is not None
    assert acknowledgements[parent2.person_id].acknowledged_at is None
    assert Acknowledgement.objects.filter(acknowledged_at__isnull=False).count() == 1

    # Flushing and seeding again works with the livret in place.
    demo_seed(seed=2026, flush=True)
    assert PeriodicBilan.objects.filter(state=BilanState.COMMUNICATED).count() == bilans.count()


def test_the_demo_schools_lsu_export_validates_against_the_projects_schema(client):
    demo_seed(seed=2026)
    bilan = PeriodicBilan.objects.select_related("classroom").first()
    client.force_login(User.objects.get(username="directeur"))

    check = client.get(reverse("livret:lsu-check"), {"period": bilan.period_id,
                                                    "classroom": bilan.classroom_id})
    export = client.get(reverse("livret:lsu-export"), {"period": bilan.period_id,
                                                      "classroom": bilan.classroom_id})

    assert check.status_code == 200
    assert [entry for entry in check.json()["pupils"] if entry["blockers"]] == []
    assert export.status_code == 200, export.content
    assert lsu.schema_errors(export.content) == []
    assert export.content.count(b"<bilan-periodique ") == PeriodicBilan.objects.filter(
        classroom_id=bilan.classroom_id, period_id=bilan.period_id).count()
