"""Scenario 2 — the homework check.

Guardians of two children load "homework this week" (``GET /api/v1/homework/children/``)
then the timetable week (``GET /api/v1/timetable/children/week/``), drawn with a weight of
the square of their children's class sizes (large classes are more often asked about).
Throughput is measured closed-loop (every connection busy), latency from all samples.

Floors, served by the same server in the same rounds: a bare authenticated view
returning a JSON body of the same size as each of our answers, and a Django ``.values()``
view of the same rows (the homework of the two classrooms that week; their timetable
slots). "Uncached" is each guardian's first load (cold session and rows); "cached" the
same guardians again right after (the application has no response cache: what is warm is
PostgreSQL's buffers and the server). The 07:00 replay sends the same loads open-loop at
a fixed rate, as the families do at 07:00.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from bench import loadgen
from bench.common import counted_queries, ms, server_env, test_client
from bench.core import Row, median_ratio, percentile
from bench.servers import server

NOTE = __doc__
HOMEWORK = "/api/v1/homework/children/?start={start}&end={end}"
WEEK = "/api/v1/timetable/children/week/?start={start}&end={end}"
COMMAND = "python -m bench --only homework"
REPLAY_RATE = 60.0


def families(n: int, seed: int = 2) -> list[dict]:
    """Guardians with exactly two children, weighted toward large classes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            WITH sizes AS (SELECT classroom_id, count(*) AS size FROM people_enrolment
                           WHERE end_date IS NULL GROUP BY classroom_id),
            kids AS (
                SELECT g.guardian_id, array_agg(e.classroom_id ORDER BY e.classroom_id) AS rooms,
                       sum(s.size) AS weight
                FROM people_guardianship g
                JOIN people_enrolment e ON e.pupil_id = g.pupil_id AND e.end_date IS NULL
                JOIN sizes s ON s.classroom_id = e.classroom_id
                GROUP BY g.guardian_id HAVING count(*) = 2)
            SELECT guardian_id, rooms, weight FROM kids ORDER BY guardian_id""")
        rows = cursor.fetchall()
    rnd = random.Random(seed)  # reproducible draw, not a secret  # noqa: S311
    chosen = rnd.choices(rows, weights=[float(w) ** 2 for _g, _r, w in rows], k=n * 3)
    seen, out = set(), []
    for guardian, rooms, _w in chosen:
        if guardian not in seen:
            seen.add(guardian)
            out.append({"username": f"famille-{guardian}", "rooms": rooms})
        if len(out) == n:
            break
    return out


def week_of(day: date) -> tuple[str, str]:
    monday = day - timedelta(days=day.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def requests_for(kind: str, fams: list[dict], cookies, start: str, end: str,
                 sizes: dict | None = None) -> list[loadgen.Request]:
    out = []
    for family in fams:
        cookie = cookies[family["username"]]
        rooms = ",".join(map(str, family["rooms"]))
        if kind == "ours":
            paths = [HOMEWORK.format(start=start, end=end), WEEK.format(start=start, end=end)]
        elif kind == "values":
            paths = [f"/bench/floor/homework/?classrooms={rooms}&start={start}&end={end}",
                     f"/bench/floor/slots/?classrooms={rooms}"]
        else:  # bare: a body of the same size as ours
            paths = [f"/bench/floor/bare/?size={sizes[(family['username'], 0)]}",
                     f"/bench/floor/bare/?size={sizes[(family['username'], 1)]}"]
        out += [loadgen.json_request("GET", p, None, cookies=cookie,
                                     tag=f"{family['username']}|{i}")
                for i, p in enumerate(paths)]
    return out


def count_queries(fams: list[dict], start: str, end: str) -> dict[str, list[int]]:
    """Queries of each endpoint for three families with homework that week (constant
    whatever the rows; a family without any skips the prefetches)."""
    counts: dict[str, list[int]] = {"homework": [], "timetable": []}
    for family in fams:
        client = test_client(family["username"])
        measured = {}
        for name, path in (("homework", HOMEWORK), ("timetable", WEEK)):
            with counted_queries() as captured:
                response = client.get(path.format(start=start, end=end))
            assert response.status_code == 200, response.content
            measured[name] = (len(captured), response.json())
        if all(child["items"] for child in measured["homework"][1]):
            for name, (count, _body) in measured.items():
                counts[name].append(count)
        if len(counts["homework"]) == 3:
            break
    return counts


def run(ctx, server_name: str = "uvicorn", **options) -> list[Row]:
    from bench.sessions import cookies_for

    n = 30 if ctx.quick else 60
    until = date.fromisoformat(ctx.extra["dataset"]["until"])
    start, end = week_of(until)
    rounds_n = max(3, ctx.rounds)
    fams = families(n * (rounds_n + 1))
    cookies = cookies_for([f["username"] for f in fams])
    queries = count_queries(fams, start, end)
    batches = [fams[i * n:(i + 1) * n] for i in range(rounds_n + 1)]
    rounds = []
    with server(server_name, server_env(ctx), core=0) as (base_url, _pid):
        # Sizes of our answers (one pass on the warm-up batch), for the bare floor.
        warm = loadgen.run(base_url, requests_for("ours", batches[0], cookies, start, end),
                           connections=8, keep_bodies=True)
        typical = sorted(len(b) for b in warm.bodies)
        for batch in batches[1:]:
            sizes = {(f["username"], i): typical[(j * 2 + i) % len(typical)]
                     for j, f in enumerate(batch) for i in (0, 1)}
            measured = {}
            for label, kind in (("uncached", "ours"), ("values", "values"), ("bare", "bare"),
                                ("cached", "ours")):
                result = loadgen.run(base_url, requests_for(kind, batch, cookies, start, end,
                                                            sizes), connections=8)
                measured[label] = {"throughput": result.throughput,
                                   "p50": ms(percentile(result.latencies, 50)),
                                   "p95": ms(percentile(result.latencies, 95)),
                                   "statuses": result.statuses}
            rounds.append(measured)
        replay = loadgen.run(base_url, requests_for("ours", batches[1], cookies, start, end),
                             rate=REPLAY_RATE, connections=32)
        replay_floor = loadgen.run(base_url, requests_for("values", batches[1], cookies, start,
                                                          end), rate=REPLAY_RATE,
                                   connections=32)
    return rows_of(rounds, queries, replay, replay_floor, server_name=server_name)


def rows_of(rounds, queries, replay, replay_floor, *, server_name: str,
            scenario: str = "2 homework") -> list[Row]:
    def series(label):
        return [r[label]["throughput"] for r in rounds]

    uncached = median_ratio(series("uncached"), series("values"))
    cached = median_ratio(series("cached"), series("bare"))
    constant = all(len(set(v)) == 1 for v in queries.values())
    per_load = max(queries["homework"]) + max(queries["timetable"])
    raw = {"server": server_name, "rounds": rounds, "queries": queries,
           "replay": {"rate": REPLAY_RATE, "ours_p50_p95_p99": [
               ms(percentile(replay.latencies, p)) for p in (50, 95, 99)],
               "floor_p50_p95_p99": [ms(percentile(replay_floor.latencies, p))
                                     for p in (50, 95, 99)],
               "statuses": replay.statuses}}

    def median(values):
        return sorted(values)[len(values) // 2]

    return [
        Row(scenario, f"uncached throughput (req/s, {server_name}) vs .values() view",
            round(median(series("uncached")), 1), round(median(series("values")), 1),
            "ratio ≥ 0.5", uncached >= 0.5, queries=per_load / 2, command=COMMAND, paired=uncached,
            note=f"median ratio {uncached:.2f}", raw=raw),
        Row(scenario, "cached throughput (req/s) vs bare view of the same size",
            round(median(series("cached")), 1), round(median(series("bare")), 1),
            "ratio ≥ 0.8", cached >= 0.8, queries=per_load / 2, command=COMMAND, paired=cached,
            note=f"median ratio {cached:.2f}"),
        Row(scenario, "uncached latency p95 (ms)", median([r["uncached"]["p95"] for r in rounds]),
            median([r["values"]["p95"] for r in rounds]), "—", None, command=COMMAND),
        Row(scenario, f"07:00 replay at {REPLAY_RATE:.0f} req/s, p95 (ms)",
            raw["replay"]["ours_p50_p95_p99"][1], raw["replay"]["floor_p50_p95_p99"][1], "—",
            None, command=COMMAND, note=f"statuses {replay.statuses}"),
        Row(scenario, "SQL queries (homework / week), 3 families",
            per_load, None, "constant", constant, queries=per_load, command=COMMAND,
            note=f"{queries}"),
    ]
