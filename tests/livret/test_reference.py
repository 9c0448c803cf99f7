"""The programme of cycles 2 and 3 is reference data: loaded once, and back after a flush."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from preau.livret.models import Domain, ProgrammeElement
from preau.livret.reference import load_programme, programme


def _reference() -> tuple[int, int]:
    return Domain.objects.count(), ProgrammeElement.objects.filter(school=None).count()


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_programme_back():
    before = _reference()

    call_command("flush", interactive=False, verbosity=0)

    assert before[0] > 0
    assert _reference() == before
    assert Domain.objects.get(cycle="3", code="FRA-LGO").parent.code == "FRA-RAC"


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_puts_back_a_lost_element():
    before = _reference()
    lost = ProgrammeElement.objects.filter(school=None).first()
    lost.delete()

    load_programme(apps.get_model("livret", "Domain"),
                   apps.get_model("livret", "ProgrammeElement"))

    assert _reference() == before
    cycles = programme()["cycles"]
    assert before[0] == sum(1 + len(entry.get("subdomains", []))
                            for entries in cycles.values() for entry in entries)
