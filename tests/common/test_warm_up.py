"""A server process pays its first-request costs when it starts, not on someone's page."""

import json

from tests.test_settings import run_settings

PROBE = (
    "import gc, json, sys; import {entry}; "
    "from django.utils.translation import trans_real; "
    "print(json.dumps({{'urlconf': 'config.urls' in sys.modules, "
    "'views': 'preau.authority.apis' in sys.modules, "
    "'catalogs': sorted(trans_real._translations), 'frozen': gc.get_freeze_count()}}))"
)


def _loaded_at_start(entry: str, tmp_path) -> dict:
    result = run_settings(
        "config.settings.local", {"PREAU_VAR_DIR": str(tmp_path)}, code=PROBE.format(entry=entry)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_asgi_application_has_its_urls_views_and_languages_loaded_before_a_request(tmp_path):
    loaded = _loaded_at_start("config.asgi", tmp_path)
    assert loaded["urlconf"]
    assert loaded["views"]
    assert {"fr", "en"} <= set(loaded["catalogs"])
    # what the start made is out of the collector's reach: no full collection walks it
    assert loaded["frozen"] > 50_000


def test_the_wsgi_application_has_its_urls_views_and_languages_loaded_before_a_request(tmp_path):
    loaded = _loaded_at_start("config.wsgi", tmp_path)
    assert loaded["urlconf"]
    assert loaded["views"]
    assert {"fr", "en"} <= set(loaded["catalogs"])
    # what the start made is out of the collector's reach: no full collection walks it
    assert loaded["frozen"] > 50_000
