"""Scenario 5 — login storm: 2,000 logins in 60 s with 30 % retries.

Ours: the login API (``POST /api/v1/accounts/login/`` with its CSRF token) on a WSGI server
pinned to core 0 (REST goes through WSGI in production, DESIGN.md §10); this client runs on
core 1. Floor: the raw password check, argon2-cffi's ``verify`` with the parameters of the
configured argon2 hasher, on core 0 in the same run.

Figures:
- CPU per login: the server process's CPU time over a batch of sequential logins, divided
  by their number (A), against the CPU time of as many raw verifications (B), A B A B …;
- the sustainable rate: the server's cores divided by the CPU per login;
- goodput at twice that rate, open-loop for ``OVERLOAD_SECONDS``: successful logins per
  second as a share of the sustainable rate (goal ≥ 80 %);
- the storm itself: 2,000 logins scheduled evenly over 60 s, 30 % of them sent a second
  time 0.5 s later (the impatient double submission), every 429 / 503 retried after its
  ``Retry-After``: how many succeed, how many are shed, how fast a shed answer comes, and
  that no request times out.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from bench.core import Context, Row, percentile
from bench.servers import server

STORM_LOGINS, STORM_SECONDS, RETRY_SHARE = 2000, 60.0, 0.30
CPU_BATCH, OVERLOAD_SECONDS, CLIENT_TIMEOUT = 12, 20.0, 15.0
COMMAND = "python -m bench --only logins"


def _users(count: int, password: str) -> list[str]:
    from django.contrib.auth.hashers import make_password

    from preau.accounts.models import User

    names = [f"bench-login-{i:05d}" for i in range(count)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    hashed = make_password(password)  # one hash for all: the same cost to check
    User.objects.bulk_create([User(username=n, password=hashed) for n in names if n not in have],
                             batch_size=1000)
    User.objects.filter(username__in=names).update(password=hashed)
    return names


def _end_sessions(names: list[str]) -> None:
    from django.contrib.sessions.models import Session

    from preau.accounts.models import UserSession

    sessions = UserSession.objects.filter(user__username__in=names)
    Session.objects.filter(session_key__in=sessions.values("session_key")).delete()
    sessions.delete()


# --- A small HTTP/1.1 client (one connection per request, like a phone on mobile data) ----

async def request(base: str, method: str, path: str, headers: dict[str, str],
                  body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
                 f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        found.setdefault(name.strip().lower(), value.strip())
    return int(status_line.split()[1]), found, content


async def csrf(base: str) -> dict[str, str]:
    status, headers, body = await request(base, "GET", "/api/v1/accounts/csrf/", {})
    assert status == 200, status
    cookie = headers["set-cookie"].split(";")[0]
    token = json.loads(body)["csrf_token"]
    return {"Cookie": cookie, "X-CSRFToken": token, "Content-Type": "application/json",
            "Origin": base, "Referer": base + "/"}


async def login(base: str, headers: dict[str, str], username: str,
                password: str) -> tuple[int | None, float, int]:
    """One attempt: (status or None on timeout, seconds, Retry-After)."""
    body = json.dumps({"username": username, "password": password}).encode()
    started = time.perf_counter()
    try:
        status, answer, _ = await asyncio.wait_for(
            request(base, "POST", "/api/v1/accounts/login/", headers, body), CLIENT_TIMEOUT)
    except (TimeoutError, OSError):
        return None, time.perf_counter() - started, 0
    return status, time.perf_counter() - started, int(answer.get("retry-after", 0) or 0)


# --- The measures -----------------------------------------------------------------------

def server_cpu(pid: int) -> float:
    import psutil

    process = psutil.Process(pid)
    total = 0.0
    for one in [process, *process.children(recursive=True)]:
        times = one.cpu_times()
        total += times.user + times.system
    return total


def raw_verify_cpu(encoded: str, password: str, count: int) -> float:
    """CPU seconds per raw argon2 verification, on core 0 (the server's)."""
    import argon2
    from django.contrib.auth.hashers import get_hasher

    django = get_hasher("argon2")  # the parameters the server's hasher uses
    hasher = argon2.PasswordHasher(time_cost=django.time_cost, memory_cost=django.memory_cost,
                                   parallelism=django.parallelism)
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {sorted(previous)[0]})
    try:
        started = time.process_time()
        for _ in range(count):
            hasher.verify(encoded, password)
        return (time.process_time() - started) / count
    finally:
        os.sched_setaffinity(0, previous)


async def sequential_cpu(base: str, pid: int, names: list[str],
                         password: str) -> tuple[float, float]:
    """(server CPU seconds, wall seconds) per login, logins sent one after the other."""
    headers = await csrf(base)
    before, started = server_cpu(pid), time.perf_counter()
    for name in names:
        status, _, _ = await login(base, headers, name, password)
        assert status == 200, status
    return ((server_cpu(pid) - before) / len(names),
            (time.perf_counter() - started) / len(names))


async def open_loop(base: str, names: list[str], password: str, rate: float, seconds: float,
                    retry_share: float, seed: int = 5) -> dict:
    """Logins scheduled at ``rate`` per second; shed ones retried after Retry-After."""
    headers = await csrf(base)
    draw = random.Random(seed)  # noqa: S311 - reproducible load, no secret
    count = int(rate * seconds)
    start = time.perf_counter() + 0.1
    attempts: list[tuple[int | None, float]] = []
    succeeded: dict[str, float] = {}

    async def attempt_chain(name: str, at: float) -> None:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        for _ in range(4):  # the first try and up to three retries when shed
            status, took, retry_after = await login(base, headers, name, password)
            attempts.append((status, took))
            if status == 200:
                succeeded.setdefault(name, time.perf_counter() - start)
                return
            if status not in (429, 503) or time.perf_counter() - start > seconds + 30:
                return
            await asyncio.sleep(retry_after or 1)

    tasks = []
    for index in range(count):
        name, at = names[index % len(names)], start + index / rate
        tasks.append(attempt_chain(name, at))
        if draw.random() < retry_share:
            tasks.append(attempt_chain(name, at + 0.5))
    await asyncio.gather(*tasks)
    statuses: dict[str, int] = {}
    for status, _ in attempts:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    shed = [took * 1000 for status, took in attempts if status in (429, 503)]
    ok = [took * 1000 for status, took in attempts if status == 200]
    in_window = sum(1 for t in succeeded.values() if t <= seconds)
    return {"scheduled": count, "sent": len(attempts), "statuses": statuses,
            "logins_succeeded": len(succeeded), "goodput_per_s": in_window / seconds,
            "timeouts": statuses.get("None", 0), "shed_ms": shed, "ok_ms": ok,
            "seconds": seconds, "rate": rate}


def run(ctx: Context, **options) -> list[Row]:
    from preau.accounts.models import User

    stack = options.get("stack", "granian-wsgi")
    storm = int(options.get("storm", 300 if ctx.quick else STORM_LOGINS))
    storm_seconds = float(options.get("storm_seconds", 10 if ctx.quick else STORM_SECONDS))
    overload_seconds = 8.0 if ctx.quick else OVERLOAD_SECONDS
    names = _users(max(storm, 200), ctx.password)
    encoded = User.objects.get(username=names[0]).password.removeprefix("argon2")
    env = {"DJANGO_SETTINGS_MODULE": ctx.settings_module, "DATABASE_URL": ctx.database_url,
           "REDIS_URL": ctx.redis_url}
    previous = os.sched_getaffinity(0)
    if len(previous) > 1:
        os.sched_setaffinity(0, {sorted(previous)[1]})
    try:
        with server(stack, env, core=0) as (base, pid):
            async def measure() -> dict:
                ours, walls, floor, batch = [], [], [], names[:CPU_BATCH]
                await sequential_cpu(base, pid, names[:2], ctx.password)  # warm up
                for _ in range(max(3, ctx.rounds)):
                    cpu, wall = await sequential_cpu(base, pid, batch, ctx.password)
                    ours.append(cpu)
                    walls.append(wall)
                    floor.append(raw_verify_cpu(encoded, ctx.password, CPU_BATCH))
                # What the server's core share sustains now (the machine is shared): the
                # rate of logins sent one after the other.
                sustainable = 1 / statistics.median(walls)
                await asyncio.to_thread(_end_sessions, names)
                overload = await open_loop(base, names, ctx.password, 2 * sustainable,
                                           overload_seconds, 0.0)
                await asyncio.to_thread(_end_sessions, names)
                stormed = await open_loop(base, names, ctx.password, storm / storm_seconds,
                                          storm_seconds, RETRY_SHARE)
                return {"ours": ours, "walls": walls, "floor": floor,
                        "sustainable": sustainable,
                        "overload": overload, "storm": stormed}
            figures = asyncio.run(measure())
    finally:
        os.sched_setaffinity(0, previous)
        _end_sessions(names)
    return _rows(figures, stack, storm, storm_seconds)


def _rows(figures: dict, stack: str, storm: int, seconds: float) -> list[Row]:
    ours_ms = [x * 1000 for x in figures["ours"]]
    floor_ms = [x * 1000 for x in figures["floor"]]
    ratio = statistics.median(a / b for a, b in zip(ours_ms, floor_ms, strict=True))
    sustainable = figures["sustainable"]
    overload, stormed = figures["overload"], figures["storm"]
    goodput_share = overload["goodput_per_s"] / sustainable
    shed = stormed["shed_ms"] + overload["shed_ms"]
    timeouts = stormed["timeouts"] + overload["timeouts"]
    return [
        Row(scenario="5 logins", measure=f"CPU per login (ms), {stack}",
            ours=statistics.median(ours_ms), floor=statistics.median(floor_ms),
            goal="ratio ≤ 1.1", ok=ratio <= 1.1, command=COMMAND,
            note=f"median of per-round ratios {ratio:.2f}; floor: argon2-cffi verify",
            raw={"ours_ms": ours_ms, "floor_ms": floor_ms}),
        Row(scenario="5 logins", measure="sustainable rate, logins one after another (logins/s)",
            ours=sustainable, floor=1000 / statistics.median(floor_ms), goal="", ok=None,
            command=COMMAND, note="floor: raw verifications per CPU second",
            raw={"wall_ms": [w * 1000 for w in figures["walls"]]}),
        Row(scenario="5 logins",
            measure=f"goodput at 2× the sustainable rate ({overload['rate']:.1f}/s offered)",
            ours=goodput_share * 100, floor=None, goal="≥ 80 % of sustainable",
            ok=goodput_share >= 0.8, command=COMMAND,
            note=f"{overload['goodput_per_s']:.1f} logins/s; statuses {overload['statuses']}",
            raw={k: v for k, v in overload.items() if not k.endswith("_ms")}),
        Row(scenario="5 logins",
            measure=f"storm: {storm} logins in {seconds:.0f} s, 30 % resent: logged in",
            ours=stormed["logins_succeeded"], floor=None, goal="", ok=None, command=COMMAND,
            note=f"{stormed['sent']} requests; statuses {stormed['statuses']}; offered "
                 f"{stormed['rate'] / sustainable:.0f}× the sustainable rate",
            raw={k: v for k, v in stormed.items() if not k.endswith("_ms")}),
        Row(scenario="5 logins", measure="overload shed: answer time p50 / p99 (ms), p99 shown",
            ours=percentile(shed, 99), floor=None, goal="fast (< 1,500 ms), no timeout",
            ok=bool(shed) and percentile(shed, 99) < 1500 and timeouts == 0, command=COMMAND,
            note=f"p50 {percentile(shed, 50):.0f} ms over {len(shed)} shed answers; "
                 f"timeouts {timeouts}; login p99 "
                 f"{percentile(stormed['ok_ms'], 99):.0f} ms"),
    ]


if __name__ == "__main__":
    from bench.scenarios.fanout import context_from_environment

    context = context_from_environment()
    started = time.monotonic()
    stack_name = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--stack=")),
                      "granian-wsgi")
    result = run(context, stack=stack_name)
    for row in result:
        print(f"{row.measure:70} ours {row.ours:9.1f}  floor {row.floor!s:>22}  ok {row.ok}  "
              f"{row.note}")
    print(f"logins: {time.monotonic() - started:.0f} s")
    Path("var").mkdir(exist_ok=True)
    Path(f"var/bench-logins-{stack_name}.json").write_text(
        json.dumps([r.as_json() for r in result], default=str, indent=1))
