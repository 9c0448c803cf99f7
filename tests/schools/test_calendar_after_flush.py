"""The ministry's calendar is in the table after migrate and after a flush: a read never
writes it (a denied request must write nothing, tests/writes.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from preau.schools.models import SchoolHoliday


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_ministry_calendar_back():
    before = SchoolHoliday.objects.filter(departement__isnull=True).count()

    call_command("flush", interactive=False, verbosity=0)

    assert before > 0
    assert SchoolHoliday.objects.filter(departement__isnull=True).count() == before
