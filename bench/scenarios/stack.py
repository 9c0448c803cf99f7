"""Scenario 7 (HTTP part) — the serving stack.

Scenarios 1 and 2, shortened, under each server, one worker pinned to one core:
ASGI (uvicorn, granian, daphne) and WSGI (granian, gunicorn). For each: CPU per roll-call
submit beside the raw-executemany floor of the same server, and the homework loads'
throughput beside the ``.values()`` view of the same server. The server whose floor
view serves the most loads per second (the framework's own cost; ties: the least CPU per
raw submit) serves the HTTP API in ``docker/``; WebSockets stay on ASGI (``/ws/``: WSGI cannot hold them). The channel
layers (``RedisChannelLayer`` vs ``RedisPubSubChannelLayer``) are scenario 3's part.
"""

from __future__ import annotations

import statistics
from datetime import date

from bench import loadgen
from bench.common import server_env
from bench.core import Row, median_ratio
from bench.scenarios import homework, rollcall
from bench.servers import SERVERS, server

NOTE = __doc__
COMMAND = "python -m bench --only stack"
NAMES = ["uvicorn", "granian-asgi", "daphne", "granian-wsgi", "gunicorn"]
KIND = {"uvicorn": "ASGI", "granian-asgi": "ASGI", "daphne": "ASGI", "granian-wsgi": "WSGI",
        "gunicorn": "WSGI"}


# What docker/entrypoint.sh serves the HTTP API with (docs/benchmarks-profiles.md, 7).
DEPLOYED = "granian-wsgi"


def run(ctx, **options) -> list[Row]:
    from bench.sessions import cookies_for

    _sheets, slots, teachers, _ = rollcall.prepare(ctx)
    cookies = cookies_for(sorted(teachers))
    start, end = homework.week_of(date.fromisoformat(ctx.extra["dataset"]["until"]))
    n = 20 if ctx.quick else 30
    fams = homework.families(n)
    cookies.update(cookies_for([f["username"] for f in fams]))
    seconds = 2.0
    rounds = 3
    figures = {}
    for name in [n for n in NAMES if n in SERVERS]:
        cpu, cpu_floor, rps, rps_floor = [], [], [], []
        with server(name, server_env(ctx), core=0) as (base_url, pid):
            loadgen.run(base_url, homework.requests_for("ours", fams[:10], cookies, start, end),
                        connections=4)  # warm
            for _ in range(rounds):
                ours = rollcall.measure_wave(ctx, base_url, pid, slots, cookies, seconds=seconds,
                                             rate=rollcall.WAVE_RATE, floor=False)
                floor = rollcall.measure_wave(ctx, base_url, pid, slots, cookies,
                                              seconds=seconds, rate=rollcall.WAVE_RATE,
                                              floor=True)
                cpu.append(ours["cpu_per_submit"])
                cpu_floor.append(floor["cpu_per_submit"])
                load = loadgen.run(base_url, homework.requests_for("ours", fams, cookies, start,
                                                                   end), connections=8)
                values = loadgen.run(base_url, homework.requests_for("values", fams, cookies,
                                                                     start, end), connections=8)
                assert set(load.statuses) == {200}, (name, load.statuses)
                rps.append(load.throughput)
                rps_floor.append(values.throughput)
        figures[name] = {"cpu_ms": [c * 1000 for c in cpu], "cpu_floor_ms":
                         [c * 1000 for c in cpu_floor], "homework_rps": rps,
                         "values_rps": rps_floor}
    # The framework's own cost decides: the floor views' throughput on each server (the
    # same rows through ``.values()``). Our endpoints' figures are dominated today by their
    # own cost (about 100 ms a request, docs/benchmarks-profiles.md), within noise of
    # each other from one server to the next.
    best = max(figures, key=lambda k: (statistics.median(figures[k]["values_rps"]),
                                       -statistics.median(figures[k]["cpu_floor_ms"])))
    best_rps = statistics.median(figures[best]["values_rps"])
    rows = []
    for name, f in figures.items():
        rows.append(Row("7 serving stack", f"{name} ({KIND[name]}): CPU per submit (ms)",
                        round(statistics.median(f["cpu_ms"]), 2),
                        round(statistics.median(f["cpu_floor_ms"]), 2), "—", None,
                        command=COMMAND, raw=f,
                        note=f"median ratio {median_ratio(f['cpu_ms'], f['cpu_floor_ms']):.2f}"))
        share = statistics.median(f["values_rps"]) / best_rps if best_rps else 0.0
        deployed = name == DEPLOYED
        rows.append(Row("7 serving stack", f"{name} ({KIND[name]}): homework (req/s)",
                        round(statistics.median(f["homework_rps"]), 1),
                        round(statistics.median(f["values_rps"]), 1),
                        "served by docker/: floor ≥ 90 % of the best" if deployed else "—",
                        share >= 0.9 if deployed else None, command=COMMAND,
                        note=f"floor at {share:.0%} of the best of this run ({best})"))
    ctx.extra["stack_best"] = best
    return rows
