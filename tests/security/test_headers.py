"""Security headers on every answer: the web app, the API, the admin and the API docs.

Content-Security-Policy (django-csp) allows scripts from our own origin only — no inline
script, no eval —, denies framing, plugins and <base>; styles may be inline (Mantine).
Production adds HSTS, Secure cookies and the HTTPS redirect (checked with the production
settings in a subprocess, and by ``manage.py check --deploy`` in tests/test_settings.py).
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from tests.test_settings import run_settings

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def built_index(tmp_path, settings):
    """A web app build for spa_index (the real one may not be built on this machine)."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><script type="module" '
        'src="/static/assets/index.js"></script></head><body><div id="root"></div></body></html>')
    settings.FRONTEND_DIST = dist
    return dist


@pytest.mark.parametrize("path", ["/", "/connexion", "/api/v1/health/", "/api/v1/nowhere/",
                                  "/admin/login/", "/api/docs/"])
def test_every_page_carries_a_policy_without_inline_scripts(client, built_index, path):
    response = client.get(path)

    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert "'unsafe-inline'" not in policy.get("script-src-elem", [])
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_web_app_entry_page_has_no_inline_script(client, built_index):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert 'type="module" src="/static/' in html


def test_the_real_build_has_no_inline_script():
    """Vite's output: every script is a file under /static/ (allowed by script-src 'self')."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        pytest.skip("frontend/dist is not built (npm --prefix frontend run build)")
    html = index.read_text()
    assert "<script" in html
    for tag in html.split("<script")[1:]:
        assert 'src="/static/' in tag.split(">", 1)[0], tag[:120]


def test_the_service_worker_is_served_from_the_root_and_revalidated(client, built_index, settings):
    """The installable app's worker (docs/pwa.md) controls the pages under its own folder:
    served at /sw.js it controls the whole app; a new build is seen at the next check."""
    settings.STATIC_ROOT = built_index.parent / "static"  # no collected build either
    assert client.get("/sw.js").status_code == 404  # not built: no HTML page in its place
    (built_index / "sw.js").write_text("self.addEventListener('fetch', () => {});")

    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response.content == b"self.addEventListener('fetch', () => {});"
    assert directives(response)["script-src"] == ["'self'"]


def test_the_api_docs_load_their_script_from_a_file(client):
    """Swagger UI is served in its split form: its initialiser is a script file, not inline."""
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")
    assert client.get("/api/docs/?script=").status_code == 200


def test_production_adds_hsts_secure_cookies_and_https(tmp_path):
    probe = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " 'redirect': s.SECURE_SSL_REDIRECT, 'session': s.SESSION_COOKIE_SECURE,"
        " 'csrf': s.CSRF_COOKIE_SECURE, 'httponly': s.SESSION_COOKIE_HTTPONLY,"
        " 'frame': s.X_FRAME_OPTIONS, 'nosniff': s.SECURE_CONTENT_TYPE_NOSNIFF,"
        " 'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'],"
        " 'health': s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        " 'options': s.DATABASES['default']['OPTIONS'].get('options')}))"
    )
    result = run_settings("config.settings.production", {
        "PREAU_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau",
        "ALLOWED_HOSTS": "preau.example.fr"}, code=probe)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["hsts"] >= 31536000
    assert values["sub"] is True
    assert values["redirect"] is True
    assert (values["session"], values["csrf"], values["httponly"]) == (True, True, True)
    assert (values["frame"], values["nosniff"]) == ("DENY", True)
    assert values["csp"] == ["'self'"]
    assert values["health"] is True
    # 8 s (was 15 s): every request is answered within about 10 s (docs/operations.md).
    assert values["options"] == "-c statement_timeout=8000"


def test_the_statement_timeout_comes_from_the_environment(tmp_path):
    probe = ("import django; from django.conf import settings as s; django.setup(); "
             "print(s.DATABASES['default']['OPTIONS']['options'])")
    result = run_settings("config.settings.local", {
        "PREAU_VAR_DIR": str(tmp_path), "DB_STATEMENT_TIMEOUT_MS": "2500",
        "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau"}, code=probe)
    assert result.stdout.strip() == "-c statement_timeout=2500", result.stderr
