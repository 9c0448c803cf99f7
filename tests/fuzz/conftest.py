import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.fuzz.harness import load_schema, prepare_world


@pytest.fixture(autouse=True)
def _fixed_date_and_throwaway_media(settings, tmp_path):
    """The world's objects are dated in the 2026-2027 school year; uploads go to tmp."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))):
        yield


@pytest.fixture(scope="session")
def api_schema():
    return load_schema()


@pytest.fixture
def fuzz_world(world):
    prepare_world(world)
    return world


@pytest.fixture(autouse=True)
def _quiet_request_log():
    """Each refused case would log "Not Found: …"; the harness counts and reports instead."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """The in-process WSGI calls send request_started/finished, and Django's handler then
    closes the database connection (CONN_MAX_AGE=0): on PostgreSQL that ends the test's
    transaction, and every later query answers 503. Django's own test client disconnects
    the same receiver during its requests; so does the fuzz pass."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
