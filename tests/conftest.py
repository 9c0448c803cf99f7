import pickle
from contextlib import nullcontext
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from preau.accounts.throttling import throttle_store
from preau.common import session_cache
from tests.faults_report import (  # noqa: F401 (plugin)
    fault_report,
    pytest_runtest_logreport,
    pytest_terminal_summary,
)
from tests.world import build_world

# pytest-xdist (``make test``: ``-n <workers> --dist loadgroup``) sends each test to any free
# worker, except these, which stay together on one worker (docs/testing.md):
# - the fault tests: they stop and freeze servers of their own and time the answers; one
#   after another, each has the other core to itself rather than a second fault test;
FAULT_TESTS = {
    "tests/reliability/test_postgresql_faults.py",
    "tests/reliability/test_redis_faults.py",
    "tests/realtime/test_redis_outage.py",
    "tests/realtime/test_outage_handshakes.py",
    "tests/realtime/test_cross_process.py",
}
# - modules whose tests share a costly module fixture (a Chromium, a PostgreSQL cluster, the
#   fuzz's world with every matrix row's objects and the cases Schemathesis draws for every
#   operation, 10 to 20 s a worker), made once rather than once per worker.
# pytest-xdist applies a group by renaming the test's node id ("…@fault-tests"), which
# pytest 9.2 no longer reads: pyproject.toml keeps pytest below 9.2, and a worker stops the run
# at collection if the groups are not in effect (``pytest_collection_finish`` below).
SHARED_MODULE_FIXTURES = ("tests/e2e/", "tests/reliability/", "tests/fuzz/")


# - the long test that is alone in its unit of work, sent first: pytest-xdist hands out
#   the groups of several tests first, then the rest in the order of collection, where
#   pytest-django puts the tests on committed rows last; so the demo walk (one test of 60 to
#   130 s) started last and ran alone for a minute and a half at the end of the run (a
#   timeline of 6 December: the other workers were done 40 to 100 s before).
LONG_ALONE = ("tests/e2e/test_demo_walk.py",)


class _LongAloneFirst:
    @pytest.hookimpl(trylast=True)  # after pytest-django's order
    def pytest_collection_modifyitems(self, items) -> None:
        # Every worker collects the same order (a stable sort): the scheduler requires it.
        def rank(item) -> int:
            return next((i for i, prefix in enumerate(LONG_ALONE)
                         if item.nodeid.startswith(prefix)), len(LONG_ALONE))

        items.sort(key=rank)


def pytest_configure(config) -> None:
    config.pluginmanager.register(_LongAloneFirst(), "preau-long-alone-first")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if path in FAULT_TESTS:
            item.add_marker(pytest.mark.xdist_group("fault-tests"))
        elif path.startswith(SHARED_MODULE_FIXTURES):
            item.add_marker(pytest.mark.xdist_group(path))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids) -> None:
    """On the controller, scheduling by group: every fault test must carry its group in the
    node id a worker reports, else the scheduler would send fault tests to two workers at
    once (pytest-xdist's groups need pytest below 9.2, see pyproject.toml)."""
    if node.config.getoption("dist") != "loadgroup":
        return
    lost = [nodeid for nodeid in ids
            if nodeid.split("::", 1)[0] in FAULT_TESTS and "@" not in nodeid]
    if lost:
        raise pytest.UsageError(
            f"pytest-xdist's groups are not in effect with pytest {pytest.__version__} "
            f"({len(lost)} fault tests without their group, e.g. {lost[0]})")


def _clear_caches() -> None:
    cache.clear()
    # The session copies (a separate store without Redis; the same Redis database with it).
    caches[settings.SESSION_CACHE_ALIAS].clear()
    throttle_store.clear_fallback()
    session_cache.outage.end()


@pytest.fixture(autouse=True)
def _clear_cache():
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(scope="module")
def module_media_root(tmp_path_factory):
    """A throwaway MEDIA_ROOT for a module: the files its module world stores (attachments)
    and what its tests upload."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def module_world(request, django_db_setup, django_db_blocker, module_media_root):
    """The world built once for a module (at the module's ``WORLD_NOW`` if it names one),
    inside a transaction rolled back at the module's end. A module opts in by defining its
    ``world`` fixture as ``world_of_module``: each test then runs in its own savepoint on a
    copy of the world's objects, as the role matrix does (docs/testing.md). The module's
    ``WORLD_EXTRAS`` (functions of the world, such as ``with_messaging``) add to it once
    what many of its tests would otherwise each add again; their files go to the module's
    ``module_media_root``."""
    now = getattr(request.module, "WORLD_NOW", None)
    extras = getattr(request.module, "WORLD_EXTRAS", ())
    with django_db_blocker.unblock(), transaction.atomic():
        with (time_machine.travel(now) if now else nullcontext(),
              override_settings(MEDIA_ROOT=module_media_root)):
            shared = build_world()
            for extra in extras:
                extra(shared)
            # Each role logs in once for the module; a test's client presents that session
            # (what a request does to it is rolled back with the test's savepoint).
            for role, user in shared.users.items():
                client = Client()
                client.force_login(user)
                shared.session_keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield shared
        transaction.set_rollback(True)


@pytest.fixture
def world_of_module(module_world, db):
    """A copy of the module's world per test: what a test adds to it, or a refreshed
    instance, does not outlive the test (its rows are rolled back with its savepoint).

    Copied through pickle, the model instances' documented way out and back (the same
    ``__reduce__`` a deep copy calls): 1.5 ms against 4.8 ms for ``copy.deepcopy`` on the
    role matrix's world, once for each of ~4,000 tests."""
    return pickle.loads(pickle.dumps(module_world, pickle.HIGHEST_PROTOCOL))  # noqa: S301 (our own objects)


@pytest.fixture
def client_for(world):
    """``client_for("teacher")`` → an APIClient logged in as that role of the world."""

    def make(role: str) -> APIClient:
        client = APIClient()
        user = world.user(role)
        if role in world.session_keys:
            key = world.session_keys[role]
            client.cookies[settings.SESSION_COOKIE_NAME] = key
            # Its copy in the session cache, emptied before each test: without it the
            # test's first request would read the session's row, and the next ones not.
            import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).load()
        elif user is not None:
            client.force_login(user)
        return client

    return make
