import pytest
from rest_framework.test import APIClient

from preau.realtime import publish


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client_of():
    """``client_of(user)`` → an APIClient logged in as that user."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def live(monkeypatch, django_capture_on_commit_callbacks):
    """Runs a request, commits, and records what would have been pushed to whom.

    ``events, response = live(lambda: client.post(...))`` → ``[(event, [user ids]), …]``.
    """

    def run(request):
        sent: list[tuple[dict, list[int]]] = []
        # ``_send`` gets the events of one commit together: [(event, [user ids]), …]
        monkeypatch.setattr(publish, "_send", sent.extend)
        with django_capture_on_commit_callbacks(execute=True):
            response = request()
        return sent, response

    return run
