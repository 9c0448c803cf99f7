"""Scenario 4 — the authorities' dashboards on the whole dataset.

- the DASEN: ``overview/`` and ``circonscriptions/`` (the département, drill-down by
  circonscription);
- an inspector (the circonscription with the most schools): ``overview/`` and ``schools/``;
- the commune with the most schools: ``canteen/`` (the coming five school days).

Ours is the answer time of the API (one client, in turn, as a person reloads a page);
the floor is the same figures computed by one hand-written SQL statement per page, sent
by psycopg from the runner (round trip included). Then the roll-call wave of scenario 1
runs alone and with the three dashboards reloaded in a loop beside it: the slow-down is
the ratio of the wave's median latency with and without them.
"""

from __future__ import annotations

import statistics
import threading
import time
from datetime import date

from bench import loadgen
from bench.common import counted_queries, ms, server_env, test_client
from bench.core import Row, median_ratio, percentile
from bench.scenarios import rollcall
from bench.servers import server

NOTE = __doc__
COMMAND = "python -m bench --only dashboards"

FLOOR_DEPARTEMENT = """
WITH scope AS (SELECT s.id, s.circonscription_id FROM schools_school s),
calls AS (SELECT c.school_id, sum(r.pupil_count) AS expected FROM attendance_rollcall r
          JOIN schools_classroom c ON c.id = r.classroom_id
          WHERE r.date BETWEEN %(first)s AND %(today)s GROUP BY c.school_id),
absent AS (SELECT c.school_id, count(*) AS absent FROM attendance_absence a
           JOIN attendance_rollcall r ON r.id = a.roll_call_id
           JOIN schools_classroom c ON c.id = r.classroom_id
           WHERE a.date BETWEEN %(first)s AND %(today)s AND a.kind = 'absent'
           GROUP BY c.school_id),
pupils AS (SELECT c.school_id, count(*) AS n FROM people_enrolment e
           JOIN schools_classroom c ON c.id = e.classroom_id
           WHERE e.start_date <= %(today)s AND (e.end_date IS NULL OR e.end_date >= %(today)s)
           GROUP BY c.school_id),
cases AS (SELECT c.school_id, count(*) AS n FROM attendance_absenteeismcase k
          JOIN schools_classroom c ON c.id = k.classroom_id WHERE k.status <> 'closed'
          GROUP BY c.school_id)
SELECT scope.circonscription_id, count(*) AS schools, sum(pupils.n) AS pupils,
       1 - sum(absent.absent)::float / nullif(sum(calls.expected), 0) AS rate,
       sum(cases.n) AS open_cases
FROM scope LEFT JOIN calls ON calls.school_id = scope.id
LEFT JOIN absent ON absent.school_id = scope.id LEFT JOIN pupils ON pupils.school_id = scope.id
LEFT JOIN cases ON cases.school_id = scope.id
WHERE %(circonscription)s::bigint IS NULL OR scope.circonscription_id = %(circonscription)s
GROUP BY ROLLUP (scope.circonscription_id)
"""

FLOOR_INSPECTOR = FLOOR_DEPARTEMENT.replace(
    "GROUP BY ROLLUP (scope.circonscription_id)", "GROUP BY ROLLUP (scope.id)").replace(
    "SELECT scope.circonscription_id, count(*)", "SELECT scope.id, count(*)")

FLOOR_CANTEEN = """
SELECT c.school_id, d.day,
       count(*) FILTER (WHERE e.start_date <= d.day
                        AND (e.end_date IS NULL OR e.end_date >= d.day)) AS enrolled,
       count(*) FILTER (WHERE e.start_date <= d.day
                        AND (e.end_date IS NULL OR e.end_date >= d.day)
                        AND EXISTS (SELECT 1 FROM attendance_absencenotice n
                                    WHERE n.pupil_id = e.pupil_id AND n.start_date <= d.day
                                      AND n.end_date >= d.day AND n.cancelled_at IS NULL
                                      AND n.half_day IN ('', 'morning'))) AS announced
FROM people_enrolment e JOIN schools_classroom c ON c.id = e.classroom_id
JOIN schools_school s ON s.id = c.school_id
CROSS JOIN unnest(%(days)s::date[]) AS d(day)
WHERE s.commune_id = %(commune)s
GROUP BY c.school_id, d.day
"""


def viewers() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""SELECT circonscription_id, count(*) FROM schools_school
                          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")
        circonscription = cursor.fetchone()[0]
        cursor.execute("SELECT code FROM schools_circonscription WHERE id = %s",
                       [circonscription])
        code = cursor.fetchone()[0]
        cursor.execute("""SELECT commune_id, count(*) FROM schools_school
                          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")
        commune = cursor.fetchone()[0]
        cursor.execute("SELECT insee_code FROM schools_commune WHERE id = %s", [commune])
        insee = cursor.fetchone()[0]
    return {"dasen": "dasen-035", "inspector": f"ien-{code.lower()}",
            "commune": f"mairie-{insee}", "circonscription": circonscription,
            "commune_id": commune}


PAGES = {
    "DASEN": ("dasen", ["/api/v1/authority/overview/", "/api/v1/authority/circonscriptions/"]),
    "IEN": ("inspector", ["/api/v1/authority/overview/", "/api/v1/authority/schools/"]),
    "commune (canteen)": ("commune", ["/api/v1/authority/canteen/"]),
}


def floor_sql(page: str, who: dict, today: date, days: list[date]) -> tuple[str, dict]:
    params = {"first": today.replace(day=1), "today": today, "circonscription": None}
    if page == "DASEN":
        return FLOOR_DEPARTEMENT, params
    if page == "IEN":
        return FLOOR_INSPECTOR, {**params, "circonscription": who["circonscription"]}
    return FLOOR_CANTEEN, {"days": days, "commune": who["commune_id"]}


def coming_days(today: date, n: int = 5) -> list[date]:
    from datetime import timedelta

    out, day = [], today
    while len(out) < n:
        if day.weekday() not in (2, 5, 6):
            out.append(day)
        day += timedelta(days=1)
    return out


FAILED: dict[str, int] = {}  # answers other than 200 (e.g. 503 after the statement timeout)


def time_page(base_url, cookie, paths, repeat: int) -> float:
    """Median seconds to load the page's endpoints, one after the other (an answer other
    than 200 is timed all the same and counted in ``FAILED``)."""
    samples = []
    for _ in range(repeat):
        result = loadgen.run(base_url, [loadgen.json_request("GET", p, None, cookies=cookie,
                                                             tag=p) for p in paths],
                             rate=None, connections=1, timeout=60)
        for tag, _scheduled, _answered, status in result.timeline:
            if status != 200:
                FAILED[f"{tag} → {status}"] = FAILED.get(f"{tag} → {status}", 0) + 1
        samples.append(sum(result.latencies))
    return statistics.median(samples)


def time_sql(database_url, sql, params, repeat: int) -> float:
    import psycopg

    samples = []
    with psycopg.connect(database_url) as conn:
        for _ in range(repeat):
            started = time.perf_counter()
            conn.execute(sql, params).fetchall()
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def count_page_queries(who: dict) -> dict[str, int]:
    counts = {}
    for page, (role, paths) in PAGES.items():
        client = test_client(who[role])
        total = 0
        for path in paths:
            with counted_queries() as captured:
                response = client.get(path)
            if response.status_code != 200:
                FAILED[f"{path} → {response.status_code} (comptage)"] = 1
            total += len(captured)
        counts[page] = total
    return counts


def run(ctx, **options) -> list[Row]:
    from bench.sessions import cookies_for

    who = viewers()
    cookies = cookies_for([who["dasen"], who["inspector"], who["commune"]])
    today = date.today()
    days = coming_days(today)
    queries = count_page_queries(who)
    repeat = 1
    results = {page: {"ours": [], "floor": []} for page in PAGES}
    _sheets, slots, teachers, _ = rollcall.prepare(ctx)
    teacher_cookies = cookies_for(sorted(teachers))
    seconds = 3.0 if ctx.quick else 6.0
    with server("uvicorn", server_env(ctx), core=0) as (base_url, pid):
        for role, paths in PAGES.values():
            time_page(base_url, cookies[who[role]], paths, 1)  # warm
        for _ in range(max(3, ctx.rounds)):
            for page, (role, paths) in PAGES.items():
                results[page]["ours"].append(time_page(base_url, cookies[who[role]], paths,
                                                       repeat))
                sql, params = floor_sql(page, who, today, days)
                results[page]["floor"].append(time_sql(ctx.database_url, sql, params, repeat))
        alone, beside = [], []
        for _ in range(2):
            alone.append(_wave(ctx, base_url, pid, slots, teacher_cookies, seconds))
            beside.append(_wave(ctx, base_url, pid, slots, teacher_cookies, seconds,
                                dashboards=(who, cookies)))
    rows = []
    for page, figures in results.items():
        ratio = median_ratio(figures["ours"], figures["floor"])
        rows.append(Row("4 dashboards", f"{page}: page time (ms)",
                        ms(statistics.median(figures["ours"])),
                        ms(statistics.median(figures["floor"])), "ratio ≤ 1.5", ratio <= 1.5,
                        queries=queries[page], command=COMMAND, paired=ratio,
                        note=f"median ratio {ratio:.2f}" + "".join(
                            f"; {k} ×{v}" for k, v in FAILED.items()
                            if any(p in k for p in PAGES[page][1])),
                        raw={"ours_s": figures["ours"], "floor_s": figures["floor"]}))
    p50_alone = statistics.median(percentile(w, 50) for w in alone)
    p50_beside = statistics.median(percentile(w, 50) for w in beside)
    slow = median_ratio([percentile(w, 50) for w in beside], [percentile(w, 50) for w in alone])
    rows.append(Row("4 dashboards", "roll call (scenario 1) beside the dashboards: latency p50 (ms)",
                    ms(p50_beside), ms(p50_alone), "slow-down ≤ 10 % (ratio ≤ 1.1)",
                    slow <= 1.1, command=COMMAND,
                    note=f"p95 alone {ms(statistics.median(percentile(w, 95) for w in alone))} ms, "
                         f"beside {ms(statistics.median(percentile(w, 95) for w in beside))} ms"))
    return rows


def _wave(ctx, base_url, pid, slots, cookies, seconds, dashboards=None) -> list[float]:
    stop = threading.Event()
    thread = None
    if dashboards:
        who, dash_cookies = dashboards

        def reload_loop():
            while not stop.is_set():
                for _page, (role, paths) in PAGES.items():
                    if stop.is_set():
                        return
                    time_page(base_url, dash_cookies[who[role]], paths, 1)

        thread = threading.Thread(target=reload_loop, daemon=True)
        thread.start()
    try:
        measured = rollcall.measure_wave(ctx, base_url, pid, slots, cookies, seconds=seconds,
                                         rate=rollcall.WAVE_RATE, floor=False)
    finally:
        stop.set()
        if thread:
            thread.join(60)
    return measured["latencies"]
