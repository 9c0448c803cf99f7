"""Scenario 6 — growth: scenarios 1, 2 and 4 at scale 1, 2, 4, 8.

The scale is years of history (``bench/dataset.py``): a copy of the dataset's database
per scale (``CREATE DATABASE … TEMPLATE`` of the previous scale, a file copy, kept for
the next runs) receives years 2…8 of roll calls, absences
and homework, shifted back by 52-week steps. At each scale, the cost per operation: CPU
per roll-call submit (server process), seconds per homework load (closed loop, inverse of
the throughput), and the inspector's dashboard time; one server per scale, the scales
measured in turn in each of three rounds (medians) (the DASEN's hits the statement
timeout, see scenario 4). The slope of log(cost) against log(scale), least squares,
must stay ≤ 0.1: the hot paths read by date and by classroom
through indexes, so more years must not cost more per operation.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import statistics
from datetime import date

from bench import loadgen
from bench.common import server_env
from bench.core import Row
from bench.scenarios import dashboards, homework, rollcall
from bench.servers import server

NOTE = __doc__
COMMAND = "python -m bench --only growth"


def slope(scales: list[int], costs: list[float]) -> float:
    """Least-squares slope of log(cost) on log(scale)."""
    xs = [math.log(s) for s in scales]
    ys = [math.log(c) for c in costs]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def run(ctx, **options) -> list[Row]:
    from bench import dataset
    from bench.sessions import cookies_for

    use_database = ctx.extra["use_database"]
    base_name = ctx.extra["database_name"]
    maintenance = ctx.extra["maintenance_url"]
    scales = [s for s in (1, 2, 4, 8) if s <= ctx.scale]
    if ctx.quick:
        scales = [s for s in scales if s <= 2]
    who = dashboards.viewers()
    start, end = homework.week_of(date.fromisoformat(ctx.extra["dataset"]["until"]))
    fams = homework.families(20 if ctx.quick else 30, seed=6)
    seconds = 3.0 if ctx.quick else 4.0
    growth_seconds = {}
    previous = base_name
    prepared = []
    for scale in scales:
        # Scale 1 is the dataset itself; scale k a database of its own, copied from the
        # previous scale (CREATE DATABASE … TEMPLATE) and grown to k years, kept for reuse.
        # Every database is ready before any server starts (a template takes no connection).
        name = base_name if scale == 1 else f"{base_name}_s{scale}"
        if scale > 1:
            use_database(maintenance)  # no connection may stay on the template
            ctx.extra["ensure_database"](maintenance, name, template=previous)
        previous = name
        url = ctx.database_url.rsplit("/", 1)[0] + f"/{name}"
        use_database(url)
        grown = dataclasses.replace(ctx, database_url=url, extra=dict(ctx.extra))
        state = dataset.build(today=date.today(), password_hash="", scale=scale,
                              log=lambda m: print(m))
        grown.extra["dataset"] = state
        growth_seconds[scale] = state.get("growth_seconds", {}).get(str(scale), 0)
        _sheets, slots, teachers, _ = rollcall.prepare(grown)
        cookies = cookies_for(sorted(teachers) + [f["username"] for f in fams]
                              + [who["inspector"]])
        prepared.append((scale, grown, url, slots, cookies))
    # One server per scale, all up at once; each round measures every scale in turn
    # (A B C D A B C D …), so that a drift of the machine falls on all scales alike.
    samples = {scale: {"submit": [], "homework": [], "dashboard": []} for scale in scales}
    with contextlib.ExitStack() as stack:
        running = {scale: stack.enter_context(server("uvicorn", server_env(grown), core=0))
                   for scale, grown, _url, _slots, _cookies in prepared}
        for scale, _grown, url, _slots, cookies in prepared:
            use_database(url)
            loadgen.run(running[scale][0], homework.requests_for("ours", fams[:10], cookies,
                                                                 start, end),
                        connections=4)  # warm
        for _ in range(3):
            for scale, grown, url, slots, cookies in prepared:
                use_database(url)
                base_url, pid = running[scale]
                wave = rollcall.measure_wave(grown, base_url, pid, slots, cookies,
                                             seconds=seconds, rate=rollcall.WAVE_RATE,
                                             floor=False)
                samples[scale]["submit"].append(wave["cpu_per_submit"])
                result = loadgen.run(base_url, homework.requests_for("ours", fams, cookies,
                                                                     start, end), connections=8)
                samples[scale]["homework"].append(1 / result.throughput)
                samples[scale]["dashboard"].append(dashboards.time_page(
                    base_url, cookies[who["inspector"]], dashboards.PAGES["IEN"][1], 1))
    costs: dict[str, list[float]] = {
        key: [statistics.median(samples[scale][key]) for scale in scales]
        for key in ("submit", "homework", "dashboard")}
    for index, scale in enumerate(scales):
        print(f"  scale {scale}: {[round(v[index] * 1000, 2) for v in costs.values()]} ms")
    use_database(ctx.database_url)
    rows = []
    labels = {"submit": "1 roll call: CPU per submit", "homework": "2 homework: s per load",
              "dashboard": "4 IEN: page time"}
    for key, values in costs.items():
        s = slope(scales, values) if len(scales) > 1 else float("nan")
        rows.append(Row("6 growth", f"{labels[key]}, log-log slope (scales {scales})",
                        round(s, 3), None, "slope ≤ 0.1", s <= 0.1 if s == s else None,
                        command=COMMAND,
                        note="ms per scale: " + ", ".join(
                            f"{sc}: {v * 1000:.2f}" for sc, v in zip(scales, values, strict=True)),
                        raw={"scales": scales, "costs_s": values,
                             "rounds_s": {str(sc): samples[sc][key] for sc in scales},
                             "growth_seconds": growth_seconds}))
    return rows
