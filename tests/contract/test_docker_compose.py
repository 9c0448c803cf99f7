"""Contract of the container deployment (docker/): what an operator relies on.

These tests read docker/compose.yaml, docker/Dockerfile, docker/nginx.conf and
docker/entrypoint.sh as text/YAML; no Docker engine and no database needed.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE_FILE = DOCKER / "compose.yaml"
DOCKERFILE = DOCKER / "Dockerfile"
NGINX_CONF = DOCKER / "nginx.conf"
ENTRYPOINT = DOCKER / "entrypoint.sh"
HEALTHCHECK = DOCKER / "healthcheck.py"

# What an operator puts in docker/.env (the required variables only).
OPERATOR_ENV = {
    "SECRET_KEY": "contract-test-secret",
    "POSTGRES_PASSWORD": "contract-test-password",
    "ALLOWED_HOSTS": "preau.example.org",
}


# --- helpers: compose ------------------------------------------------------------

_VAR = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariable(Exception):
    pass


def interpolate(value, env):
    """Compose's ${VAR}, ${VAR:-default}, ${VAR:?error} and $$ substitution."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match) -> str:
        if match.group("escaped"):
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg = match.group("op"), match.group("arg")
        current = env.get(name)
        unset_or_empty = current is None or (op is not None and op.startswith(":") and not current)
        if op in (":-", "-"):
            return arg if unset_or_empty else current
        if op in (":?", "?"):
            if unset_or_empty:
                raise MissingVariable(f"{name}: {arg}")
            return current
        return current or ""

    return _VAR.sub(replace, value)


def load_compose(env=None) -> dict:
    raw = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return interpolate(raw, OPERATOR_ENV if env is None else env)


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose()


def service(compose: dict, name: str) -> dict:
    return compose["services"][name]


def environment(svc: dict) -> dict:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def as_argv(command) -> list[str]:
    if command is None:
        return []
    if isinstance(command, str):
        return shlex.split(command)
    return [str(part) for part in command]


def depends_on(svc: dict) -> dict:
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):  # short form: only "service_started"
        return {name: {"condition": "service_started"} for name in deps}
    return deps


# --- helpers: nginx -----------------------------------------------------------------


def nginx_text() -> str:
    lines = NGINX_CONF.read_text(encoding="utf-8").splitlines()
    return "\n".join(line.split("#", 1)[0] for line in lines)


def nginx_block(text: str, header: str) -> str:
    """Body of the first block whose header matches the regex ``header``."""
    match = re.search(r"(?<![\w$/.-])" + header + r"\s*\{", text)
    assert match, f"no nginx block matching {header!r}"
    depth, start = 1, match.end()
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start:index]
    raise AssertionError(f"unbalanced braces after {header!r}")


def nginx_directives(body: str) -> list[list[str]]:
    """Top-level simple directives of a block body (nested blocks dropped)."""
    flat, depth = [], 0
    for char in body:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            flat.append(";")
        elif depth == 0:
            flat.append(char)
    return [shlex.split(statement) for statement in "".join(flat).split(";") if statement.strip()]


def headers_set(directives: list[list[str]]) -> dict[str, str]:
    return {d[1].lower(): d[2] for d in directives if d[0] == "proxy_set_header"}


def nginx_seconds(value: str) -> int:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    match = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", value)
    assert match, value
    return int(int(match.group(1)) * units[match.group(2) or "s"])


def nginx_size(value: str) -> int:
    match = re.fullmatch(r"(\d+)([kKmMgG]?)", value)
    assert match, value
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(match.group(1)) * factor


# --- helpers: Dockerfile --------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or not stripped:
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    if current:
        logical.append(current)
    pairs = []
    for instruction in logical:
        keyword, _, arguments = instruction.partition(" ")
        pairs.append((keyword.upper(), arguments.strip()))
    return pairs


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


# --- compose: services and ordering -----------------------------------------------------


def test_compose_defines_the_five_services(compose):
    assert {"postgres", "redis", "migrate", "web", "proxy"} <= set(compose["services"])


def test_web_starts_only_after_migrations_completed_and_redis_is_healthy(compose):
    deps = depends_on(service(compose, "web"))
    assert deps["migrate"]["condition"] == "service_completed_successfully"
    assert deps["redis"]["condition"] == "service_healthy"
    assert service(compose, "redis").get("healthcheck", {}).get("test")


def test_a_worker_runs_the_tasks_and_a_scheduler_asks_for_the_nightly_ones(compose):
    worker, scheduler, web = (service(compose, name) for name in ("worker", "scheduler", "web"))
    assert as_argv(worker["command"])[:4] == ["celery", "-A", "config", "worker"]
    assert as_argv(scheduler["command"])[:4] == ["celery", "-A", "config", "beat"]
    for svc in (worker, scheduler):
        assert svc["image"] == web["image"]
        for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY",
                     "EMAIL_URL"):
            assert environment(svc).get(name) == environment(web).get(name), name
        assert depends_on(svc)["redis"]["condition"] == "service_healthy"
    # The worker writes (the purge, e-mails read the database): after the migrations only.
    assert depends_on(worker)["migrate"]["condition"] == "service_completed_successfully"
    assert "inspect ping" in " ".join(as_argv(worker["healthcheck"]["test"]))


def test_migrate_is_a_one_shot_migrate_after_postgres_is_healthy(compose):
    migrate = service(compose, "migrate")
    argv = as_argv(migrate.get("command"))
    assert "manage.py" in argv
    assert "migrate" in argv
    assert "--noinput" in argv
    assert depends_on(migrate)["postgres"]["condition"] == "service_healthy"
    assert str(migrate.get("restart", "no")) == "no"
    healthcheck = " ".join(as_argv(service(compose, "postgres")["healthcheck"]["test"]))
    assert "pg_isready" in healthcheck


def test_web_never_migrates(compose):
    web = service(compose, "web")
    for argv in (as_argv(web.get("command")), as_argv(web.get("entrypoint"))):
        assert not any("migrate" in part for part in argv)
    # With no command in compose the image's entrypoint script runs: it serves only.
    code = [
        line
        for line in ENTRYPOINT.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert not any("migrate" in line for line in code)
    script = "\n".join(code)
    assert re.search(r"exec uvicorn config\.asgi:application", script)
    assert re.search(r"exec granian config\.wsgi:application", script)
    assert "--workers" in script
    assert "--proxy-headers" in script
    for keyword, arguments in dockerfile_instructions():
        if keyword in {"ENTRYPOINT", "CMD"}:
            assert "migrate" not in arguments


def test_migrate_and_web_run_the_same_image_built_from_the_repository(compose):
    migrate, web = service(compose, "migrate"), service(compose, "web")
    assert migrate["image"] == web["image"]
    for svc in (migrate, web):
        build = svc["build"]
        assert (COMPOSE_FILE.parent / build["context"]).resolve() == ROOT
        assert (ROOT / build["dockerfile"]).resolve() == DOCKERFILE


# --- compose: configuration -----------------------------------------------------------------


def test_web_environment_configures_production(compose):
    env = environment(service(compose, "web"))
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert env.get(name), name
    assert "CSRF_TRUSTED_ORIGINS" in env
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["DATABASE_URL"].startswith(("postgres://", "postgresql://"))
    assert "@postgres:" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["SECRET_KEY"] == OPERATOR_ENV["SECRET_KEY"]
    assert int(env["WEB_CONCURRENCY"]) > 1


def test_migrate_sees_the_same_database_and_settings_as_web(compose):
    migrate_env = environment(service(compose, "migrate"))
    web_env = environment(service(compose, "web"))
    for name in ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"):
        assert migrate_env[name] == web_env[name]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "POSTGRES_PASSWORD"])
def test_compose_refuses_to_start_without_secrets(missing):
    env = {key: value for key, value in OPERATOR_ENV.items() if key != missing}
    with pytest.raises(MissingVariable, match=missing):
        load_compose(env)


def test_no_secret_is_written_in_the_compose_file():
    raw = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    for svc in raw["services"].values():
        for name, value in environment(svc).items():
            if name in {"SECRET_KEY", "POSTGRES_PASSWORD"}:
                assert re.fullmatch(r"\$\{" + name + r":\?[^}]*\}", str(value)), name


def test_redis_keeps_nothing_on_disk(compose):
    argv = as_argv(service(compose, "redis")["command"])
    assert argv[argv.index("--save") + 1] == ""
    assert argv[argv.index("--appendonly") + 1] == "no"
    assert not service(compose, "redis").get("volumes")


def test_postgres_data_lives_in_a_named_volume(compose):
    volumes = service(compose, "postgres")["volumes"]
    sources = {
        str(v).split(":")[0] for v in volumes if str(v).endswith(":/var/lib/postgresql/data")
    }
    assert sources
    assert sources <= set(compose.get("volumes") or {})


def test_uploaded_media_lives_in_a_named_volume(compose):
    web = service(compose, "web")
    media_root = environment(web).get("MEDIA_ROOT")
    assert media_root
    sources = {str(v).split(":")[0] for v in web["volumes"] if str(v).split(":")[1] == media_root}
    assert sources
    assert sources <= set(compose.get("volumes") or {})


def test_only_the_proxy_publishes_a_port_and_it_mounts_nginx_conf(compose):
    for name, svc in compose["services"].items():
        if name != "proxy":
            assert not svc.get("ports"), name
    proxy = service(compose, "proxy")
    assert proxy["image"].startswith("nginx:")
    targets = [str(port).rsplit(":", 1)[-1] for port in proxy["ports"]]
    assert "80" in targets
    mounts = {}
    for volume in proxy["volumes"]:
        source, target = str(volume).split(":")[:2]
        mounts[(COMPOSE_FILE.parent / source).resolve()] = target
    assert mounts.get(NGINX_CONF) == "/etc/nginx/nginx.conf"


# --- nginx ---------------------------------------------------------------------------------


def test_proxy_sends_to_the_web_service():
    upstream = nginx_directives(nginx_block(nginx_text(), r"upstream\s+preau_web"))
    servers = [d[1] for d in upstream if d[0] == "server"]
    assert servers == ["web:8000"]


def test_proxy_forwards_websockets_with_upgrade_headers():
    text = nginx_text()
    ws = nginx_directives(nginx_block(text, r"location\s+/ws/"))
    assert ["proxy_pass", "http://preau_ws"] in ws
    assert ["proxy_http_version", "1.1"] in ws
    headers = headers_set(ws)
    assert headers["upgrade"] == "$http_upgrade"
    connection = headers["connection"]
    if connection.startswith("$"):
        mapping = nginx_directives(
            nginx_block(text, r"map\s+\$http_upgrade\s+" + re.escape(connection))
        )
        assert ["default", "upgrade"] in mapping
    else:
        assert connection.lower() == "upgrade"
    read_timeout = next(d[1] for d in ws if d[0] == "proxy_read_timeout")
    assert nginx_seconds(read_timeout) >= 600


def test_the_api_is_served_by_wsgi_and_the_sockets_and_logins_by_asgi(compose):
    """docs/benchmarks.md, scenario 7: Django's WSGI path costs a fraction of its ASGI path
    per request; WebSockets need ASGI; the login throttle needs the client address, which
    uvicorn takes from the proxy's X-Forwarded-For."""
    assert environment(service(compose, "web"))["PREAU_SERVER"] == "wsgi"
    assert environment(service(compose, "ws"))["PREAU_SERVER"] == "asgi"
    assert service(compose, "ws")["image"] == service(compose, "web")["image"]
    upstream = nginx_directives(nginx_block(nginx_text(), r"upstream\s+preau_ws"))
    assert [d[1] for d in upstream if d[0] == "server"] == ["ws:8000"]
    accounts = nginx_directives(nginx_block(nginx_text(), r"location\s+/api/v1/accounts/"))
    assert ["proxy_pass", "http://preau_ws"] in accounts
    root = nginx_directives(nginx_block(nginx_text(), r"location\s+/"))
    assert ["proxy_pass", "http://preau_web"] in root


@pytest.mark.parametrize(
    "location", [r"location\s+/ws/", r"location\s+/static/assets/", r"location\s+/",
                 r"location\s+/api/v1/accounts/"]
)
def test_proxy_forwards_client_host_and_scheme(location):
    headers = headers_set(nginx_directives(nginx_block(nginx_text(), location)))
    assert headers["host"] in {"$host", "$http_host"}
    assert "x-forwarded-for" in headers
    assert "x-forwarded-proto" in headers


def test_proxy_accepts_10_mb_uploads():
    server = nginx_directives(nginx_block(nginx_text(), r"server"))
    size = next(d[1] for d in server if d[0] == "client_max_body_size")
    assert nginx_size(size) > 10 * 1024 * 1024


def test_proxy_compresses_json_javascript_and_css():
    http = nginx_directives(nginx_block(nginx_text(), r"http"))
    assert ["gzip", "on"] in http
    types = {t for d in http if d[0] == "gzip_types" for t in d[1:]}
    assert {"application/json", "text/css"} <= types
    assert types & {"application/javascript", "text/javascript"}


def test_proxy_caches_hashed_assets_for_long():
    assets = nginx_directives(nginx_block(nginx_text(), r"location\s+/static/assets/"))
    cache = next(d[2] for d in assets if d[:2] == ["add_header", "Cache-Control"])
    max_age = int(re.search(r"max-age=(\d+)", cache).group(1))
    assert max_age >= 30 * 86400
    assert ["proxy_hide_header", "Cache-Control"] in assets


# --- Dockerfile -----------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_node_then_python():
    froms = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "FROM"]
    assert len(froms) >= 2
    assert froms[0].startswith("node:20")
    assert froms[-1].startswith("python:3.11")


def test_image_runs_as_a_non_root_user():
    users = [arguments for keyword, arguments in final_stage() if keyword == "USER"]
    assert users
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


def test_image_build_never_migrates_but_collects_static():
    runs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"]
    assert not any(re.search(r"\bmigrate\b", run) for run in runs)
    assert any("collectstatic --noinput" in run for run in runs)


def test_image_exposes_8000_and_checks_health():
    stage = final_stage()
    assert any(k == "EXPOSE" and "8000" in a.split() for k, a in stage)
    healthcheck = next(a for k, a in stage if k == "HEALTHCHECK")
    assert "healthcheck.py" in healthcheck
    assert "/api/v1/health/" in HEALTHCHECK.read_text(encoding="utf-8")


# --- healthcheck script ----------------------------------------------------------------------


def load_healthcheck():
    spec = importlib.util.spec_from_file_location("preau_docker_healthcheck", HEALTHCHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def health_server():
    """Local HTTP server standing in for uvicorn; records the requests it gets."""
    state = {"status": 200, "requests": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state["requests"].append((self.path, self.headers.get("Host")))
            self.send_response(state["status"])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["port"] = server.server_address[1]
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_healthcheck_probes_the_health_endpoint_with_an_allowed_host(health_server, monkeypatch):
    monkeypatch.setenv("PORT", str(health_server["port"]))
    monkeypatch.setenv("ALLOWED_HOSTS", "*.invalid, .preau.example.org,other.example.org")
    assert load_healthcheck().main() == 0
    assert health_server["requests"] == [("/api/v1/health/", "preau.example.org")]


def test_healthcheck_fails_on_error_status_or_no_server(health_server, monkeypatch):
    healthcheck = load_healthcheck()
    monkeypatch.setenv("PORT", str(health_server["port"]))
    health_server["status"] = 503
    assert healthcheck.main() == 1
    health_server["status"] = 400
    assert healthcheck.main() == 1

    monkeypatch.setenv("PORT", str(unused_port()))
    assert healthcheck.main() == 1


def unused_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_proxy_access_log_masks_the_ical_token():
    """The request line is logged through a map that masks the feed token (nginx's regex,
    run here with Python's: the same syntax for these constructs)."""
    http = nginx_block(nginx_text(), "http")
    log_formats = [d for d in nginx_directives(http) if d[0] == "log_format"]
    assert log_formats
    for directive in log_formats:
        text = " ".join(directive[2:])
        assert not re.search(r"\$(request|request_uri|uri)\b", text), directive
    assert "$preau_logged_request" in " ".join(log_formats[0])
    body = nginx_block(http, r"map \$request \$preau_logged_request")
    pattern, value = next(d for d in nginx_directives(body) if d[0].startswith("~"))
    token = "p0Y9rQ-Zx_0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345"
    for request, logged in [
        (f"GET /api/v1/timetable/ical/{token}.ics HTTP/1.1",
         "GET /api/v1/timetable/ical/[masqué].ics HTTP/1.1"),
        (f"GET /api/v1/timetable/ical/{token}.ics?x=1 HTTP/2.0",
         "GET /api/v1/timetable/ical/[masqué].ics?x=1 HTTP/2.0"),
    ]:
        match = re.match(pattern[1:], request)
        assert match, request
        template = re.sub(r"\$(\w+)", r"\\g<\1>", value)  # nginx's $name → Python's \g<name>
        assert match.expand(template) == logged
    assert re.match(pattern[1:], "GET /api/v1/timetable/feeds/ HTTP/1.1") is None
