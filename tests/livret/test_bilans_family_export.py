"""The family data export holds the child's communicated bilans — without their
accompaniment modalities — and the guardian's own acknowledgement."""

from __future__ import annotations

import json

import pytest

from preau.livret import bilan_services
from preau.livret.models import BilanAccompaniment
from tests.factories import EnrolmentFactory
from tests.family_export.test_export import EXPORT, read_export
from tests.livret.bilan_helpers import fill, open_bilans

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_communicated_bilans_without_accompaniments(world, client_for):
    classroom = world.classrooms["A1"]
    draft_pupil = EnrolmentFactory(classroom=classroom).pupil
    bilans = {bilan.pupil_id: bilan for bilan in open_bilans(classroom)}
    bilan = bilans[world.pupils["A1"].pk]
    fill(bilan, level=4)
    bilan_services.periodic_bilan_update(actor=world.user("teacher"), bilan=bilan,
                                         general_appreciation="Très bon trimestre.",
                                         accompaniments=[{"code": "PAP"}, {
                                             "code": "PPRE", "ppre_complement": "Fluence"}])
    for service, role in ((bilan_services.periodic_bilan_lock, "teacher"),
                          (bilan_services.periodic_bilan_validate, "director"),
                          (bilan_services.periodic_bilan_communicate, "director")):
        service(actor=world.user(role), bilan=bilan)
    bilan_services.bilan_acknowledge(actor=world.user("guardian"), bilan=bilan,
                                     comment="Bien reçu.")
    assert BilanAccompaniment.objects.filter(bilan=bilan).count() == 2

    files = read_export(client_for("guardian").get(EXPORT))

    (row,) = json.loads(files["livret_bilans.json"])
    assert (row["id"], row["period"], row["general_appreciation"], row["comment"]) == (
        bilan.pk, "Trimestre 1", "Très bon trimestre.", "Bien reçu.")
    positions = json.loads(files["livret_positionnements.json"])
    assert {entry["bilan_id"] for entry in positions} == {bilan.pk}
    assert 4 in {entry["positionnement"] for entry in positions}
    assert "livret_bilans.csv" in files
    assert "livret_cycle_bilans.json" in files
    every_file = b"".join(files.values()).decode("utf-8", errors="replace")
    for secret in ("PPRE", "Fluence", "PAP", "accompan", "Plan d'accompagnement"):
        assert secret not in every_file
    assert str(bilans[draft_pupil.pk].pk) not in {str(r["id"]) for r in
                                                   json.loads(files["livret_bilans.json"])}
    # The other guardian's export shows the bilan, their own acknowledgement still pending.
    (other,) = json.loads(read_export(client_for("guardian_2").get(EXPORT))[
        "livret_bilans.json"])
    assert (other["id"], other["acknowledged_at"]) == (bilan.pk, None)
    # A family of another class: nothing.
    assert json.loads(read_export(client_for("guardian_other").get(EXPORT))[
        "livret_bilans.json"]) == []
