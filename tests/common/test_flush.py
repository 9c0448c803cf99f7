"""``flush`` after a test on committed rows: every row gone, the reference data back.

Under the test settings it empties the tables by DELETE on PostgreSQL
(preau/audit/management/commands/flush.py); these tests hold on both databases.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from preau.audit.models import AuditEvent, AuditKind
from preau.audit.services import audit_event_record
from preau.livret.models import Domain, ProgrammeElement
from preau.people.models import Person
from preau.schools.models import SchoolHoliday
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

REFERENCE_MODELS = {ContentType, Permission, Domain, ProgrammeElement, SchoolHoliday}


def reference_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in REFERENCE_MODELS}


def test_flush_as_a_test_run_calls_it_empties_every_table_and_brings_back_the_reference_data():
    reference = reference_counts()
    world = build_world()
    # The audit log refuses a DELETE outside the retention purge: flush empties it too.
    audit_event_record(kind=AuditKind.LOGIN_SUCCEEDED, actor=world.user("director"))
    assert Person.objects.exists()
    assert AuditEvent.objects.exists()

    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)

    left = {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if model not in REFERENCE_MODELS and model._default_manager.exists()}
    assert left == {}
    assert reference_counts() == reference
    assert all(reference.values()), reference
    assert not Person.objects.filter(pk=world.pupils["A1"].pk).exists()


def test_flush_asked_to_reset_the_sequences_starts_the_ids_again():
    Person.objects.create(first_name="Avant", last_name="Remise")

    call_command("flush", interactive=False, verbosity=0, reset_sequences=True)

    assert Person.objects.create(first_name="Après", last_name="Remise").pk == 1
