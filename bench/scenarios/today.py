"""Scenario 8 — the family home page at 07:00.

Guardians (one to three children at school, drawn with a weight of the square of their
children's class sizes, as in scenario 2) load their home page
(``GET /api/v1/today/``): per child, the lessons of today and of the next school day
with their changes, the homework not done yet, the liaison notes to sign, the absences
to justify, and the unread messages count. Throughput is measured closed-loop (every
connection busy), latency from all samples.

The floor, served by the same server in the same rounds (A B A B …): a Django
``.values()`` view of the same rows for the same guardian (``/bench/floor/today/``: the
children's enrolments, the slots of today's and the next weekday's lessons and their
changes, the homework due in the coming week not done, the notes to sign, the absences
to justify, the unread count), returned as JSON, without access rules. "Uncached" is each
guardian's first load (cold session and rows), on both sides: each side has its own
guardians in a round, and which side goes first alternates; "cached" the same guardians
again right after (the application has no response cache: what is warm is PostgreSQL's buffers and
the server). The 07:00 replay sends the same loads open-loop at the département's
morning rate (scenario 2's rate), then the floor's at the same rate.
"""

from __future__ import annotations

import random

from bench import loadgen
from bench.common import counted_queries, ms, server_env, test_client
from bench.core import Row, median_ratio, percentile
from bench.scenarios.homework import REPLAY_RATE
from bench.servers import server

NOTE = __doc__
TODAY = "/api/v1/today/"
FLOOR = "/bench/floor/today/"
COMMAND = "python -m bench --only today"
SCENARIO = "8 family home page"


def guardians(n: int, seed: int = 8) -> list[str]:
    """Usernames of guardians with one to three children at school, weighted toward large
    classes (the sum of their children's class sizes, squared)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            WITH sizes AS (SELECT classroom_id, count(*) AS size FROM people_enrolment
                           WHERE end_date IS NULL GROUP BY classroom_id)
            SELECT u.username, sum(s.size) AS weight
            FROM people_guardianship g
            JOIN people_enrolment e ON e.pupil_id = g.pupil_id AND e.end_date IS NULL
            JOIN sizes s ON s.classroom_id = e.classroom_id
            JOIN accounts_user u ON u.person_id = g.guardian_id AND u.username LIKE 'famille-%%'
            GROUP BY u.username HAVING count(*) BETWEEN 1 AND 3
            ORDER BY u.username""")
        rows = cursor.fetchall()
    rnd = random.Random(seed)  # reproducible draw, not a secret  # noqa: S311
    chosen = rnd.choices(rows, weights=[float(w) ** 2 for _u, w in rows], k=n * 3)
    seen: list[str] = []
    for username, _w in chosen:
        if username not in seen:
            seen.append(username)
        if len(seen) == n:
            break
    return seen


def requests_for(kind: str, usernames: list[str], cookies) -> list[loadgen.Request]:
    path = TODAY if kind == "ours" else FLOOR
    return [loadgen.json_request("GET", path, None, cookies=cookies[u], tag=u)
            for u in usernames]


def count_queries(usernames: list[str]) -> dict:
    """Queries of the endpoint and of the floor for five guardians, in-process; and what
    both answered (children, absences to justify), to check they read the same rows."""
    counts: dict = {"ours": [], "floor": [], "children": [], "absences": []}
    warm = test_client(usernames[0])  # the process's first request loads caches
    warm.get(TODAY)
    warm.get(FLOOR)
    for username in usernames[:5]:
        client = test_client(username)
        with counted_queries() as captured:
            response = client.get(TODAY)
        assert response.status_code == 200, response.content
        ours = response.json()["guardian"]["children"]
        counts["ours"].append(len(captured))
        with counted_queries() as captured:
            response = client.get(FLOOR)
        assert response.status_code == 200, response.content
        floor = response.json()
        counts["floor"].append(len(captured))
        counts["children"].append((len(ours), len(floor["children"])))
        counts["absences"].append((sum(len(c["absences_to_justify"]) for c in ours),
                                   len(floor["absences"])))
    return counts


def run(ctx, server_name: str = "uvicorn") -> list[Row]:
    from bench.sessions import cookies_for

    n = 30 if ctx.quick else 60
    rounds_n = max(3, ctx.rounds)
    # Two batches a round, one for each side: "uncached" is a guardian's first load for the
    # floor too (with one batch, the floor read the rows the page had just brought into
    # PostgreSQL's buffers). Which side goes first alternates from round to round.
    usernames = guardians(n * 2 * (rounds_n + 1))
    cookies = cookies_for(usernames)
    queries = count_queries(usernames[-5:])
    batches = [usernames[i * n:(i + 1) * n] for i in range(2 * (rounds_n + 1))]
    rounds = []
    with server(server_name, server_env(ctx), core=0) as (base_url, _pid):
        loadgen.run(base_url, requests_for("ours", batches[0], cookies), connections=8)
        loadgen.run(base_url, requests_for("values", batches[1], cookies), connections=8)
        for number in range(1, rounds_n + 1):
            batch = {"ours": batches[2 * number], "values": batches[2 * number + 1]}
            order = [("uncached", "ours"), ("values", "values")]
            if number % 2 == 0:
                order.reverse()
            measured = {}
            for label, kind in (*order, ("cached", "ours"), ("values_cached", "values")):
                result = loadgen.run(base_url, requests_for(kind, batch[kind], cookies),
                                     connections=8)
                measured[label] = {"throughput": result.throughput,
                                   "p50": ms(percentile(result.latencies, 50)),
                                   "p95": ms(percentile(result.latencies, 95)),
                                   "statuses": result.statuses}
            rounds.append(measured)
        replay = loadgen.run(base_url, requests_for("ours", batches[2], cookies),
                             rate=REPLAY_RATE, connections=32)
        replay_floor = loadgen.run(base_url, requests_for("values", batches[3], cookies),
                                   rate=REPLAY_RATE, connections=32)
    return rows_of(rounds, queries, replay, replay_floor, server_name=server_name)


def rows_of(rounds, queries, replay, replay_floor, *, server_name: str) -> list[Row]:
    def series(label, figure="throughput"):
        return [r[label][figure] for r in rounds]

    def median(values):
        return sorted(values)[len(values) // 2]

    uncached = median_ratio(series("uncached"), series("values"))
    cached = median_ratio(series("cached"), series("values_cached"))
    same_rows = all(a == b for a, b in queries["children"] + queries["absences"])
    raw = {"server": server_name, "rounds": rounds, "queries": queries,
           "replay": {"rate": REPLAY_RATE, "ours_p50_p95_p99": [
               ms(percentile(replay.latencies, p)) for p in (50, 95, 99)],
               "floor_p50_p95_p99": [ms(percentile(replay_floor.latencies, p))
                                     for p in (50, 95, 99)],
               "statuses": replay.statuses, "floor_statuses": replay_floor.statuses}}
    statuses = {label: [r[label]["statuses"] for r in rounds] for label in rounds[0]}
    return [
        Row(SCENARIO, f"uncached throughput (req/s, {server_name}) vs .values() view",
            round(median(series("uncached")), 1), round(median(series("values")), 1),
            "ratio ≥ 0.5", uncached >= 0.5, queries=max(queries["ours"]), command=COMMAND,
            paired=uncached, note=f"median ratio {uncached:.2f}; statuses {statuses}", raw=raw),
        Row(SCENARIO, "uncached latency p50 (ms)", median(series("uncached", "p50")),
            median(series("values", "p50")), "—", None, command=COMMAND),
        Row(SCENARIO, "uncached latency p95 (ms)", median(series("uncached", "p95")),
            median(series("values", "p95")), "—", None, command=COMMAND),
        Row(SCENARIO, "cached throughput (req/s) vs .values() view, cached",
            round(median(series("cached")), 1), round(median(series("values_cached")), 1),
            "—", None, queries=max(queries["ours"]), command=COMMAND, paired=cached,
            note=f"median ratio {cached:.2f}"),
        Row(SCENARIO, f"07:00 replay at {REPLAY_RATE:.0f} req/s, p50 (ms)",
            raw["replay"]["ours_p50_p95_p99"][0], raw["replay"]["floor_p50_p95_p99"][0], "—",
            None, command=COMMAND),
        Row(SCENARIO, f"07:00 replay at {REPLAY_RATE:.0f} req/s, p95 (ms)",
            raw["replay"]["ours_p50_p95_p99"][1], raw["replay"]["floor_p50_p95_p99"][1], "—",
            None, command=COMMAND, note=f"statuses {replay.statuses}"),
        Row(SCENARIO, "SQL queries per load (ours; floor), 5 guardians",
            max(queries["ours"]), max(queries["floor"]), "constant, same rows as the floor",
            len(set(queries["ours"])) == 1 and same_rows, queries=max(queries["ours"]),
            command=COMMAND, note=f"{queries}"),
    ]
