"""Scenario 1 — the morning roll call.

Teachers submit half-day calls for classes of 20–28 pupils (one to three absent, one
late) through ``POST /api/v1/attendance/classrooms/<id>/roll-calls/``:

- a *wave*: open loop at the département's pace (its ~4,200 classrooms within 5 minutes,
  about 14 calls a second), for a few seconds per round;
- a *burst*: 10 seconds at several times that pace, 5 % of the calls resent with the same
  ``Idempotency-Key`` (a phone that did not see the answer).

The floor is the same rows (the call and its absences) written by raw ``executemany`` in
one transaction by a view of the same server, at the same pace. CPU per submit is the
server process's CPU time over the submits; latencies are from all samples, measured
from the scheduled send time. A few guardians of pupils marked absent keep
``/ws/events/`` open; the delay is from the submit's scheduled time to their socket's
``attendance.absence_recorded`` event. Queries per submit are counted in-process for 20 and 28 pupils.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass

from bench import loadgen
from bench.common import counted_queries, cpu_seconds, ms, server_env, test_client
from bench.core import Row, median_ratio, percentile
from bench.servers import server

NOTE = __doc__
SUBMIT = "/api/v1/attendance/classrooms/{}/roll-calls/"
FLOOR = "/bench/floor/rollcall/"
WAVE_RATE = 14.0
BURST_RATE = 25.0
COMMAND = "python -m bench --only rollcall"


@dataclass
class Sheet:
    classroom: int
    teacher_username: str
    teacher_person: int
    pupils: list[int]
    guardians: dict[int, list[str]]  # pupil -> guardian usernames


def sheets(limit: int = 3000) -> list[Sheet]:
    """Classrooms of 20–28 pupils with their teacher, pupils and guardians (SQL, bulk)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.id, s.person_id, array_agg(e.pupil_id ORDER BY e.pupil_id)
            FROM schools_classroom c
            JOIN people_staffassignment s ON s.classroom_id = c.id AND s.role = 'teacher'
            JOIN people_enrolment e ON e.classroom_id = c.id AND e.end_date IS NULL
             AND e.start_date <= current_date - 30
            GROUP BY c.id, s.person_id HAVING count(*) BETWEEN 20 AND 28
            ORDER BY c.id LIMIT %s""", [limit])
        rows = cursor.fetchall()
        cursor.execute("""
            SELECT g.pupil_id, 'famille-' || g.guardian_id FROM people_guardianship g
            WHERE g.pupil_id = ANY(%s)""", [[p for row in rows for p in row[2]]])
        guardians = defaultdict(list)
        for pupil, username in cursor.fetchall():
            guardians[pupil].append(username)
    return [Sheet(c, f"personnel-{t}", t, pupils, {p: guardians[p] for p in pupils})
            for c, t, pupils in rows]


class Slots:
    """Distinct (classroom, date, half-day) of the free days, handed out in turn."""

    def __init__(self, sheets_: list[Sheet], days: list[str]) -> None:
        self.items = [(sheet, day, half) for day in reversed(days)
                      for half in ("morning", "afternoon") for sheet in sheets_]
        self.next = 0

    def take(self, n: int) -> list[tuple[Sheet, str, str]]:
        if self.next + n > len(self.items):
            raise RuntimeError("no free half-days left for scenario 1")
        taken = self.items[self.next:self.next + n]
        self.next += n
        return taken


def marks(sheet: Sheet, salt: int) -> list[dict]:
    n_absent = 1 + salt % 3
    chosen = [sheet.pupils[(salt * 7 + i * 5) % len(sheet.pupils)] for i in range(n_absent + 1)]
    chosen = list(dict.fromkeys(chosen))
    out = [{"pupil": p, "absence_kind": "absent"} for p in chosen[:-1]]
    out.append({"pupil": chosen[-1], "absence_kind": "late", "minutes_late": 5 + salt % 20})
    return out


def ours_requests(slots, cookies, *, resend_share: float = 0.0) -> list[loadgen.Request]:
    requests = []
    for index, (sheet, day, half) in enumerate(slots):
        body = {"date": day, "half_day": half, "absences": marks(sheet, index)}
        request = loadgen.json_request(
            "POST", SUBMIT.format(sheet.classroom), body, cookies=cookies[sheet.teacher_username],
            csrf="b" * 32, extra={"Idempotency-Key": str(uuid.uuid4())},
            tag=f"{sheet.classroom}|{day}|{half}")
        requests.append(request)
        if resend_share and index % round(1 / resend_share) == 0:
            requests.append(request)  # resent at once with the same key
    return requests


def floor_requests(slots) -> list[loadgen.Request]:
    return [loadgen.json_request("POST", FLOOR, {
        "classroom": sheet.classroom, "date": day, "half_day": half,
        "teacher": sheet.teacher_person, "pupil_count": len(sheet.pupils),
        "absences": marks(sheet, index)}, cookies="")
        for index, (sheet, day, half) in enumerate(slots)]


async def _with_sockets(base_url, requests, rate, watched, cookies):
    """Run the load while the watched guardians listen; return (result, delays)."""
    import websockets

    ws_url = base_url.replace("http://", "ws://") + "/ws/events/"
    received: dict[tuple, float] = {}
    sockets = []
    for username in watched:
        socket = await websockets.connect(
            ws_url, additional_headers={"Cookie": cookies[username], "Origin": base_url},
            open_timeout=10)
        sockets.append(socket)

    async def listen(socket):
        try:
            async for message in socket:
                event = json.loads(message)
                event = event.get("event", event)
                if event.get("type") == "attendance.absence_recorded":
                    key = (event.get("pupil_id"), event.get("date"), event.get("half_day"))
                    received.setdefault(key, time.time())
        except websockets.ConnectionClosed:
            pass

    listeners = [asyncio.create_task(listen(s)) for s in sockets]
    result = await loadgen._run(base_url, requests, rate=rate, connections=32, timeout=30,
                                keep_bodies=False)
    await asyncio.sleep(1.0)  # the last events
    for socket in sockets:
        await socket.close()
    for task in listeners:
        task.cancel()
    return result, received


def _delays(result, received, watched_pupils) -> list[float]:
    scheduled = {tag: at for tag, at, _answered, _status in result.timeline}
    delays = []
    for (pupil, day, half), at in received.items():
        classroom = watched_pupils.get(pupil)
        start = scheduled.get(f"{classroom}|{day}|{half}")
        if start is not None:
            delays.append(at - start)
    return delays


def measure_wave(ctx, base_url, pid, slots: Slots, cookies, *, seconds: float, rate: float,
                 floor: bool, watch: int = 0, resend_share: float = 0.0) -> dict:
    n = max(5, round(seconds * rate))
    taken = slots.take(n)
    if floor:
        requests = floor_requests(taken)
    else:
        requests = ours_requests(taken, cookies, resend_share=resend_share)
    watched, watched_pupils = [], {}
    if watch and not floor:
        for position in range(0, n, max(1, n // watch))[:watch]:
            sheet = taken[position][0]
            absent = marks(sheet, position)[0]["pupil"]
            if sheet.guardians.get(absent):
                watched.append(sheet.guardians[absent][0])
                watched_pupils[absent] = sheet.classroom
    before = cpu_seconds(pid)
    if watched:
        result, received = asyncio.run(_with_sockets(base_url, requests, rate, watched, cookies))
        delays = _delays(result, received, watched_pupils)
    else:
        result = loadgen.run(base_url, requests, rate=rate, connections=32)
        delays = []
    cpu = cpu_seconds(pid) - before
    ok = sum(v for k, v in result.statuses.items() if 200 <= k < 300)
    return {"submits": n, "requests": len(requests), "cpu_per_submit": cpu / n,
            "statuses": result.statuses, "errors": result.errors, "ok": ok,
            "latencies": result.latencies, "throughput": result.throughput,
            "event_delays": delays, "watched": len(watched)}


def count_submit_queries(sheets_: list[Sheet], slots: Slots) -> dict[int, int]:
    """Queries of one submit through the API for a class of 20 and one of 28 (or the
    nearest sizes), counted in this process."""
    counts = {}
    for wanted in (20, 28):
        sheet = min(sheets_, key=lambda s: abs(len(s.pupils) - wanted))
        slot = next(item for item in slots.items[slots.next:] if item[0] is sheet)
        slots.items.remove(slot)
        client = test_client(sheet.teacher_username)
        with counted_queries() as captured:
            response = client.post(SUBMIT.format(sheet.classroom),
                                   {"date": slot[1], "half_day": slot[2],
                                    "absences": marks(sheet, 1)},
                                   content_type="application/json")
        assert response.status_code == 201, response.content
        counts[len(sheet.pupils)] = len(captured)
    return counts


def prepare(ctx, n_teachers: int = 3000):
    from bench.dataset import free_window
    from bench.sessions import cookies_for

    free_window(ctx.extra["dataset"]["free_days"])
    all_sheets = sheets(n_teachers)
    slots = Slots(all_sheets, ctx.extra["dataset"]["free_days"])
    usernames = {s.teacher_username for s in all_sheets}
    return all_sheets, slots, usernames, cookies_for


def run(ctx, server_name: str = "uvicorn", **options) -> list[Row]:
    all_sheets, slots, usernames, cookies_for = prepare(ctx)
    queries = count_submit_queries(all_sheets, slots)
    wave_seconds = 3.0 if ctx.quick else 8.0
    burst_seconds = 3.0 if ctx.quick else 10.0
    watch = 10 if ctx.quick else 30
    cookies = cookies_for(sorted(usernames))  # guardians' are added per wave
    rounds = []
    with server(server_name, server_env(ctx), core=0) as (base_url, pid):
        _warm(base_url, slots, cookies, all_sheets, ctx)
        for index in range(max(3, ctx.rounds)):
            ours = _measure_with_guardians(ctx, base_url, pid, slots, cookies, wave_seconds,
                                           watch, cookies_for)
            floor = measure_wave(ctx, base_url, pid, slots, cookies, seconds=wave_seconds,
                                 rate=WAVE_RATE, floor=True)
            measured = {"wave": ours, "wave_floor": floor}
            if index == 0:  # the burst once (its queue takes long to drain), beside its floor
                measured["burst"] = measure_wave(ctx, base_url, pid, slots, cookies,
                                                 seconds=burst_seconds, rate=BURST_RATE,
                                                 floor=False, resend_share=0.05)
                measured["burst_floor"] = measure_wave(ctx, base_url, pid, slots, cookies,
                                                       seconds=burst_seconds, rate=BURST_RATE,
                                                       floor=True)
            rounds.append(measured)
    return rows_of(rounds, queries, server_name=server_name)


def _warm(base_url, slots, cookies, all_sheets, ctx) -> None:
    """A few submits and floor writes before measuring (imports, connections, caches)."""
    taken = slots.take(10)
    loadgen.run(base_url, ours_requests(taken[:5], cookies) + floor_requests(taken[5:]),
                rate=None, connections=4)


def _measure_with_guardians(ctx, base_url, pid, slots, cookies, seconds, watch, cookies_for):
    upcoming = slots.items[slots.next:slots.next + round(seconds * WAVE_RATE)]
    wanted = []
    for position, (sheet, _day, _half) in enumerate(upcoming):
        absent = marks(sheet, position)[0]["pupil"]
        wanted += sheet.guardians.get(absent, [])[:1]
    missing = [u for u in wanted if u not in cookies]
    if missing:
        cookies.update(cookies_for(missing))
    return measure_wave(ctx, base_url, pid, slots, cookies, seconds=seconds, rate=WAVE_RATE,
                        floor=False, watch=watch)


def rows_of(rounds: list[dict], queries: dict[int, int], *, server_name: str,
            scenario: str = "1 roll call") -> list[Row]:
    def samples(kind):
        return [x for r in rounds if kind in r for x in r[kind]["latencies"]]

    cpu_ours = [r["wave"]["cpu_per_submit"] for r in rounds]
    cpu_floor = [r["wave_floor"]["cpu_per_submit"] for r in rounds]
    ratio = median_ratio(cpu_ours, cpu_floor)
    delays = [x for r in rounds for x in r["wave"]["event_delays"]]
    worst_queries = max(queries.values())
    raw = {"server": server_name, "queries_by_class_size": queries,
           "rounds": [{k: {kk: vv for kk, vv in v.items() if kk != "latencies"}
                       for k, v in r.items()} for r in rounds]}
    lat = {kind: [ms(percentile(samples(kind), p)) for p in (50, 95, 99)]
           for kind in ("wave", "wave_floor", "burst", "burst_floor")}
    raw["latency_ms_p50_p95_p99"] = lat
    burst_statuses: dict = defaultdict(int)
    for r in rounds:
        for status, n in r.get("burst", {}).get("statuses", {}).items():
            burst_statuses[status] += n
    rows = [
        Row(scenario, f"CPU per submit, wave {WAVE_RATE:.0f}/s (ms, {server_name})",
            ms(sorted(cpu_ours)[len(cpu_ours) // 2]), ms(sorted(cpu_floor)[len(cpu_floor) // 2]),
            "ratio ≤ 3", ratio <= 3, queries=worst_queries, command=COMMAND, paired=ratio,
            note=f"median ratio {ratio:.2f}", raw=raw),
        Row(scenario, "wave latency p50 / p95 / p99 (ms)", lat["wave"][1], lat["wave_floor"][1],
            "— (p95 shown)", None, command=COMMAND,
            note=f"ours {lat['wave']}, floor {lat['wave_floor']}"),
        Row(scenario, f"burst latency 10 s at {BURST_RATE:.0f}/s + 5 % resent, p95 (ms), "
                      "1 round",
            lat["burst"][1], lat["burst_floor"][1], "—", None, command=COMMAND,
            note=f"ours {lat['burst']}, floor {lat['burst_floor']}; statuses "
                 f"{dict(burst_statuses)}"),
        Row(scenario, "SQL queries per submit (20 and 28 pupils)", worst_queries, None,
            "≤ 5 whatever the class", worst_queries <= 5 and len(set(queries.values())) == 1,
            queries=worst_queries, command=COMMAND, note=f"{queries}"),
    ]
    if delays:
        p95 = ms(percentile(delays, 95))
        rows.append(Row(scenario, "absence → guardian's socket, p95 (ms)", p95, None,
                        "p95 ≤ 250 ms", p95 <= 250, command=COMMAND,
                        note=f"p50 {ms(percentile(delays, 50))} ms, {len(delays)} events",
                        raw={"delays_ms": [ms(d) for d in delays]}))
    else:
        rows.append(Row(scenario, "absence → guardian's socket, p95 (ms)", float("nan"),
                        None, "p95 ≤ 250 ms", False, command=COMMAND,
                        note="no event received"))
    return rows
