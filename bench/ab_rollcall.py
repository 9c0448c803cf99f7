"""In-process A/B of the roll-call submit: two checkouts' code in turn, the process's CPU.

On a shared, loaded machine the benchmark's servers do not decide between two versions of
the code; this does. Each run is a fresh process on one checkout's code (``--root``): it
logs in the teachers (before the clock starts), submits ``--warmup`` roll calls through
Django's test client, then ``--submits`` more, and reports the process's CPU time per
measured submit (every thread counted: the live events' publishing included) and the SQL
queries of one submit. The runs alternate A B A B … within a few minutes, each on half-days
of its own among the dataset's free days (``preau_bench_v<n>``, see bench/dataset.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/preau_bench_v1 \\
    REDIS_URL=redis://127.0.0.1:6379/12 \\
    python bench/ab_rollcall.py --a <old checkout> --b <new checkout> --pairs 2
    python bench/ab_rollcall.py --a . --b . --b-env DB_PREPARE_THRESHOLD=1   # a setting

``--publish N`` measures only the publishing of one write's events after its commit (an
absence to N guardians and a roll call to 2 users, ``preau.realtime.publish._send``, 300
times; 40 when N ≥ 100) instead of the whole submit.

``--child`` runs one side (used by the driver).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def child(root: Path, offset: int, warmup: int, submits: int, free: bool) -> dict:
    sys.path[:0] = [str(root), str(root / "backend")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.dataset import free_window, state
    from bench.scenarios.rollcall import SUBMIT, Slots, marks, sheets
    from preau.accounts.models import User

    days = state()["free_days"]
    if free:
        free_window(days)
    all_sheets = sheets(3000)
    slots = Slots(all_sheets, days)
    slots.next = offset
    taken = slots.take(warmup + submits + 1)
    clients: dict[str, Client] = {}
    users = {u.username: u for u in User.objects.filter(
        username__in={sheet.teacher_username for sheet, _d, _h in taken})}
    for sheet, _day, _half in taken:
        if sheet.teacher_username not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(users[sheet.teacher_username])
            clients[sheet.teacher_username] = client

    def submit(index: int, slot) -> None:
        sheet, day, half = slot
        response = clients[sheet.teacher_username].post(
            SUBMIT.format(sheet.classroom),
            {"date": day, "half_day": half, "absences": marks(sheet, index)},
            content_type="application/json")
        assert response.status_code == 201, response.content

    for index, slot in enumerate(taken[:warmup]):
        submit(index, slot)
    measured = taken[warmup:warmup + submits]
    cpu, wall = time.process_time(), time.perf_counter()
    for index, slot in enumerate(measured):
        submit(index, slot)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    with CaptureQueriesContext(connection) as captured:
        submit(0, taken[-1])
    return {"root": str(root), "cpu_ms_per_submit": round(cpu * 1000 / submits, 2),
            "wall_ms_per_submit": round(wall * 1000 / submits, 2),
            "queries_per_submit": len(captured),
            "queries": [q["sql"][:120] for q in captured.captured_queries]}


def child_publish(root: Path, recipients: int) -> dict:
    """CPU and wall time of publishing one write's events (no database)."""
    sys.path[:0] = [str(root), str(root / "backend")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from preau.realtime import publish

    absence = {"type": "attendance.absence_recorded", "absence_id": 1, "pupil_id": 2,
               "date": "2026-11-20", "half_day": "morning"}
    taken = {"type": "attendance.roll_call_taken", "roll_call_id": 5}
    batch = [(absence, list(range(1, recipients + 1))), (taken, [recipients + 1,
                                                              recipients + 2])]
    times = 40 if recipients >= 100 else 300
    for _ in range(20):
        publish._send(batch)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(times):
        publish._send(batch)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"root": str(root), "cpu_ms_per_submit": round(cpu * 1000 / times, 3),
            "wall_ms_per_submit": round(wall * 1000 / times, 3), "queries_per_submit": 0,
            "queries": []}


def run_side(root: Path, offset: int, args, free: bool, extra_env: list[str]) -> dict:
    command = [sys.executable, str(HERE), "--child", "--root", str(root),
               "--offset", str(offset), "--warmup", str(args.warmup),
               "--submits", str(args.submits), "--publish", str(args.publish)] + (
                   ["--free"] if free else [])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "backend")]),
           **dict(item.split("=", 1) for item in extra_env)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False,  # noqa: S603
                          cwd=root / "backend")
    if done.returncode:
        raise SystemExit(done.stderr[-4000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--a", type=Path, help="checkout A (before)")
    parser.add_argument("--b", type=Path, help="checkout B (after)")
    parser.add_argument("--a-env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment of side A only")
    parser.add_argument("--b-env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment of side B only")
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--submits", type=int, default=150)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--root", type=Path)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--free", action="store_true")
    parser.add_argument("--publish", type=int, default=0, metavar="N",
                        help="measure only the publishing of a write's events to N users")
    args = parser.parse_args()
    if args.child:
        result = (child_publish(args.root, args.publish) if args.publish else
                  child(args.root, args.offset, args.warmup, args.submits, args.free))
        print(json.dumps(result))
        return
    per_run = args.warmup + args.submits + 1
    results: dict[str, list[dict]] = {"A": [], "B": []}
    started = time.strftime("%H:%M:%S")
    for pair in range(args.pairs):
        sides = (("A", args.a, args.a_env), ("B", args.b, args.b_env))
        for position, (side, root, extra_env) in enumerate(sides):
            number = 2 * pair + position
            result = run_side(root.resolve(), number * per_run, args, free=number == 0,
                              extra_env=extra_env)
            results[side].append(result)
            print(f"{side} {root} {' '.join(extra_env)}: {result['cpu_ms_per_submit']} ms CPU/submit, "
                  f"{result['wall_ms_per_submit']} ms wall, "
                  f"{result['queries_per_submit']} queries", flush=True)
    load = os.getloadavg()
    print(json.dumps({
        "started": started, "ended": time.strftime("%H:%M:%S"),
        "load_average": [round(x, 2) for x in load],
        **{f"{side}_median_cpu_ms": statistics.median(r["cpu_ms_per_submit"] for r in runs)
           for side, runs in results.items()},
        "B_queries": results["B"][-1]["queries"]}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
