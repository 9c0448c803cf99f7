from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _on_tuesday_24_november_2026(settings, tmp_path):
    """Tuesday 24 November 2026, 10:00: the morning call is open, the afternoon's not yet."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))):
        yield
