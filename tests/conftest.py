import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from preau.accounts.throttling import throttle_store
from tests.faults_report import fault_report, pytest_terminal_summary  # noqa: F401 (plugin)
from tests.world import build_world


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    throttle_store.clear_fallback()
    yield
    cache.clear()
    throttle_store.clear_fallback()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(world):
    """``client_for("teacher")`` → an APIClient logged in as that role of the world."""

    def make(role: str) -> APIClient:
        client = APIClient()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        return client

    return make
