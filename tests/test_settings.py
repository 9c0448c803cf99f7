"""Settings come from the environment: embedded default without it, PostgreSQL + Redis with it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'layer': settings.CHANNEL_LAYERS['default']['BACKEND'], "
    "'hosts': settings.CHANNEL_LAYERS['default'].get('CONFIG', {}).get('hosts'), "
    "'cache': settings.CACHES['default']['BACKEND']}))"
)


def run_settings(module: str, env: dict, code: str = PROBE) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO / "backend",
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_without_environment_the_app_runs_on_sqlite_and_in_memory(tmp_path):
    result = run_settings("config.settings.local", {"PREAU_VAR_DIR": str(tmp_path)})
    probe = json.loads(result.stdout)
    assert probe["engine"] == "django.db.backends.sqlite3"
    assert probe["name"] == str(tmp_path / "preau.sqlite3")
    assert probe["layer"] == "channels.layers.InMemoryChannelLayer"


def test_with_database_and_redis_urls_the_app_uses_postgresql_and_channels_redis(tmp_path):
    result = run_settings("config.settings.local", {
        "PREAU_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau",
        "REDIS_URL": "redis://r1:6379/0,redis://r2:6379/0",
    })
    probe = json.loads(result.stdout)
    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["name"] == "preau"
    assert probe["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert [host["address"] for host in probe["hosts"]] == ["redis://r1:6379/0",
                                                            "redis://r2:6379/0"]
    # Every Redis client gives up quickly on a dead or frozen Redis (docs/operations.md).
    assert all(host["socket_timeout"] <= 1 and host["socket_connect_timeout"] <= 1
               for host in probe["hosts"])
    assert probe["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_settings("config.settings.production", {"PREAU_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("extra", [{}])
def test_production_passes_the_deploy_check(tmp_path, extra):
    env = {
        "PREAU_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "k" * 20 + "-a-realistic-50-character-secret-key-value-x",
        "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau",
        "REDIS_URL": "redis://redis:6379/0",
        "ALLOWED_HOSTS": "preau.example.fr",
        "CSRF_TRUSTED_ORIGINS": "https://preau.example.fr",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO / "backend",
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
             "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_sends_mails_through_the_smtp_server_of_email_url(tmp_path):
    """Password reset links and absence notices leave by SMTP in production (EMAIL_URL was
    passed to the containers but read by nothing: the mails went to the log)."""
    env = {"PREAU_VAR_DIR": str(tmp_path), "SECRET_KEY": "k" * 60,
           "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau",
           "REDIS_URL": "redis://redis:6379/0", "ALLOWED_HOSTS": "preau.example.fr"}
    probe = ("import json, django; from django.conf import settings; django.setup(); "
             "print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, "
             "settings.EMAIL_HOST_USER, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT]))")
    with_url = run_settings("config.settings.production", {
        **env, "EMAIL_URL": "submission://preau:secret@smtp.example.fr"}, probe)
    assert json.loads(with_url.stdout) == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.fr", 587, "preau", True, 10]
    without = run_settings("config.settings.production", env, probe)
    assert json.loads(without.stdout)[0] == "django.core.mail.backends.console.EmailBackend"


PREFIX_PROBE = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.CHANNEL_LAYERS['default']['CONFIG']['prefix'])"
)


def channel_prefix(tmp_path, **env: str) -> str:
    result = run_settings("config.settings.production", {
        "PREAU_VAR_DIR": str(tmp_path), "SECRET_KEY": "k" * 50,
        "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau",
        "REDIS_URL": "redis://r1:6379/0", **env}, code=PREFIX_PROBE)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_each_deployment_gets_its_own_channel_prefix_unless_one_is_set(tmp_path):
    one = channel_prefix(tmp_path)
    # the workers of one deployment share it
    assert channel_prefix(tmp_path) == one
    # another database, another Redis database number or another key: another deployment
    others = {
        channel_prefix(tmp_path, DATABASE_URL="postgres://preau:secret@db.example:5432/ecole"),
        channel_prefix(tmp_path, REDIS_URL="redis://r1:6379/1"),
        channel_prefix(tmp_path, SECRET_KEY="j" * 50),
    }
    assert one not in others
    assert len(others) == 3
    assert channel_prefix(tmp_path, PREAU_CHANNEL_PREFIX="preau-ecole-a") == "preau-ecole-a"


WORKER_PROBE = (
    "import json, os, django; from django.conf import settings; django.setup(); "
    "print(json.dumps([settings.CACHES['default']['LOCATION'], "
    "[host['address'] for host in settings.CHANNEL_LAYERS['default']['CONFIG']['hosts']], "
    "settings.CHANNEL_LAYERS['default']['CONFIG']['prefix'], os.environ['REDIS_URL'], "
    "str(settings.MEDIA_ROOT)]))"
)


def test_each_xdist_worker_gets_its_own_redis_database_and_channel_prefix(tmp_path):
    """pytest-xdist's worker gw<n> uses REDIS_URL's database plus n (a FLUSHDB of one worker's
    cache.clear() never empties another's), a channel prefix of its own, and passes them on to
    the servers its tests start (the environment)."""
    def worker(name: str, redis_url: str = "redis://r1:6379/3", **env: str):
        return run_settings("config.settings.test", {
            "PREAU_VAR_DIR": str(tmp_path), "PYTEST_XDIST_WORKER": name,
            "PREAU_TEST_WORKER": "", "REDIS_URL": redis_url, **env}, code=WORKER_PROBE)

    gw0, gw2 = (json.loads(worker(name).stdout) for name in ("gw0", "gw2"))
    assert gw0[:2] == ["redis://r1:6379/3", ["redis://r1:6379/3"]]
    assert gw2[:2] == ["redis://r1:6379/5", ["redis://r1:6379/5"]]
    assert gw2[3] == "redis://r1:6379/5"
    assert gw0[2] != gw2[2]
    assert gw0[4] != gw2[4]
    # CI's REDIS_URL names database 0 (or none): its workers use 0, 1…
    assert json.loads(worker("gw1", "redis://127.0.0.1:6379").stdout)[0] == (
        "redis://127.0.0.1:6379/1")
    # a prefix set explicitly is kept apart per worker
    assert json.loads(worker("gw1", PREAU_CHANNEL_PREFIX="preau-ci").stdout)[2] == "preau-ci-gw1"
    # a server started by a test keeps what the worker gave it
    child = json.loads(worker("gw2", PREAU_TEST_WORKER="gw2").stdout)
    assert child[0] == "redis://r1:6379/3"
    # more workers than Redis has databases: a clear error
    too_far = worker("gw3", "redis://r1:6379/14")
    assert too_far.returncode != 0
    assert "fewer workers" in too_far.stderr


PREPARE_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "options = settings.DATABASES['default']['OPTIONS']; "
    "print(json.dumps([options.get('server_side_binding'), options.get('prepare_threshold')]))"
)


def test_prepared_statements_are_off_unless_a_threshold_is_set(tmp_path):
    env = {"PREAU_VAR_DIR": str(tmp_path),
           "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau"}
    # by default Django's client-side binding: psycopg prepares nothing
    default = run_settings("config.settings.local", env, PREPARE_PROBE)
    assert json.loads(default.stdout) == [None, None]
    # DB_PREPARE_THRESHOLD=5: server-side binding, statements prepared after 5 runs
    prepared = run_settings("config.settings.local", {**env, "DB_PREPARE_THRESHOLD": "5"},
                            PREPARE_PROBE)
    assert json.loads(prepared.stdout) == [True, 5]


OPTIONS_PROBE = ("import django; from django.conf import settings; django.setup(); "
                 "print(settings.DATABASES['default']['OPTIONS']['options'])")


def test_the_test_databases_compile_no_query_but_the_application_keeps_postgresql_default(
        tmp_path):
    env = {"PREAU_VAR_DIR": str(tmp_path),
           "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau"}
    # The tests' rows are never analysed: with JIT, a guessed cost past jit_above_cost had
    # queries of a millisecond compiled for a second (the role matrix: 118 s → 84 s).
    tested = run_settings("config.settings.test", env, OPTIONS_PROBE)
    assert tested.stdout.split() == ["-c", "statement_timeout=8000", "-c", "jit=off"], tested.stderr
    local = run_settings("config.settings.local", env, OPTIONS_PROBE)
    assert local.stdout.strip() == "-c statement_timeout=8000", local.stderr


POOL_PROBE = ("import json, django; from django.conf import settings; django.setup(); "
              "pool = settings.DATABASES['default'].get('OPTIONS', {}).get('pool'); "
              "print(json.dumps(pool and [pool['max_size'], pool['connection_class'].__name__]))")


def test_the_demo_on_postgresql_keeps_its_connections_in_a_pool_as_production_does(tmp_path):
    """Under ASGI a new connection per request costs its opening and a new server process
    with empty caches; the demo given a DATABASE_URL pools them as production does."""
    env = {"PREAU_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 50,
           "ALLOWED_HOSTS": "preau.example", "REDIS_URL": "redis://r1:6379/0",
           "DATABASE_URL": "postgres://preau:secret@db.example:5432/preau"}
    for module in ("config.settings.local", "config.settings.production"):
        probe = run_settings(module, env, POOL_PROBE)
        assert json.loads(probe.stdout) == [10, "PoolConnection"], (module, probe.stderr)
    embedded = run_settings("config.settings.local", {"PREAU_VAR_DIR": str(tmp_path)}, POOL_PROBE)
    assert json.loads(embedded.stdout) is None, embedded.stderr  # SQLite: no pool
