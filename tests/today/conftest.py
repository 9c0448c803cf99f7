from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _on_tuesday_24_november_2026(settings, tmp_path):
    """A school morning (Tuesday 24 November 2026, 08:40): the morning call is due, the next
    school day is Thursday (no class on Wednesday in the world's four-day week)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(datetime(2026, 11, 24, 8, 40, tzinfo=ZoneInfo("Europe/Paris"))):
        yield
