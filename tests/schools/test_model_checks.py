"""A school's default hours pass Django's checks whatever the time of day.

Django's check W161 flags a fixed time default that lies within ten seconds of the clock
(it takes it for a "now" frozen at import): `manage.py check --deploy --fail-level WARNING`
(`make lint`, tests/test_settings.py) failed when run at 8:30, 11:30, 13:30 or 16:30 sharp
(UTC), as CI did once at 13:30. The defaults are callables, which the check leaves alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from preau.schools.models import School


@pytest.mark.parametrize(("name", "hour", "minute"), [
    ("morning_start", 8, 30), ("morning_end", 11, 30),
    ("afternoon_start", 13, 30), ("afternoon_end", 16, 30),
])
def test_the_default_hours_pass_django_s_checks_at_that_very_hour(name, hour, minute):
    with time_machine.travel(datetime(2026, 12, 6, hour, minute, 5, tzinfo=UTC)):
        assert School._meta.get_field(name).check() == []
    assert School._meta.get_field(name).get_default().strftime("%H:%M") == f"{hour:02}:{minute:02}"
