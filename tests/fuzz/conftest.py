import logging

import pytest
import time_machine

from tests.fuzz.harness import FUZZ_NOW, load_schema, prepare_world


@pytest.fixture(autouse=True)
def _fixed_date_and_throwaway_media(request, settings, tmp_path):
    """The fuzz runs on the world's date; uploads go to tmp (the module's, where the files
    of a module's world are)."""
    module_world = hasattr(request.module, "WORLD_EXTRAS")
    settings.MEDIA_ROOT = (request.getfixturevalue("module_media_root") if module_world
                           else tmp_path / "media")
    with time_machine.travel(FUZZ_NOW):
        yield


@pytest.fixture(scope="session")
def api_schema():
    return load_schema()


@pytest.fixture
def fuzz_world(world):
    """The world with every matrix row's objects: prepared once for a module whose world is
    the module's (``WORLD_EXTRAS = (prepare_world,)``: each test then runs in a savepoint
    on it, as the role matrix does), else for the test."""
    if "fuzz_ids" not in world.extra:
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
