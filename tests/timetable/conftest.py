from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _during_the_2026_2027_school_year():
    """These tests name real dates (holidays, DST changes): they run on 25 November 2026."""
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))):
        yield
