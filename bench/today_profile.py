"""In-process measure of the family home page (`GET /api/v1/today/`) beside its floor
(`/bench/floor/today/`) on the bench dataset (docs/benchmarks.md, "Before and after", the
family home page, fewer ORM compilations).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/preau_bench_v1 \
        REDIS_URL=redis://127.0.0.1:6379/15 python bench/today_profile.py time
    … python bench/today_profile.py queries --at 2026-12-01T07:00
    … python bench/today_profile.py answers --out <file>   # the page's JSON, to compare
    … python bench/today_profile.py profile   # where the page's CPU time goes (cProfile)

Guardians drawn as in scenario 8. ``time``: wall and CPU time per load, ours then the
floor, twice, 40 guardians after 5 of warm-up (Django's test client); ``queries``: the SQL
of one load of each, with its time; ``answers``: the page of 60 guardians as JSON (run it
on two checkouts and compare the files). ``--at`` sets the clock (Europe/Paris), e.g. to a
school day with homework.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["time", "queries", "answers", "profile"])
    parser.add_argument("--at", help="the clock, ISO date and time in Europe/Paris")
    parser.add_argument("--out", help="answers: the JSON file to write")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "backend")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    if args.at:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        import time_machine

        at = datetime.fromisoformat(args.at).replace(tzinfo=ZoneInfo("Europe/Paris"))
        time_machine.travel(at, tick=True).start()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import test_client
    from bench.scenarios.today import FLOOR, TODAY, guardians

    if args.mode == "answers":
        answers = {}
        for username in guardians(60, seed=3):
            response = test_client(username).get(TODAY)
            assert response.status_code == 200, response.content
            answers[username] = response.json()
        Path(args.out).write_text(json.dumps(answers, sort_keys=True))
        print(f"{len(answers)} guardians written to {args.out}")
        return
    clients = [test_client(username) for username in guardians(45)]
    for client in clients[:5]:  # the process's first requests load its caches
        client.get(TODAY)
        client.get(FLOOR)
    if args.mode == "queries":
        for path in (TODAY, FLOOR):
            with CaptureQueriesContext(connection) as captured:
                assert clients[5].get(path).status_code == 200
            print(f"--- {path}: {len(captured)} queries")
            for query in captured.captured_queries:
                print(query["time"], query["sql"][:300])
        return
    measured = clients[5:]
    if args.mode == "profile":
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            for client in measured:
                assert client.get(TODAY).status_code == 200
        stats = pstats.Stats(profile).strip_dirs()
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        return
    for path in (TODAY, FLOOR, TODAY, FLOOR):
        cpu, wall = time.process_time(), time.perf_counter()
        for client in measured:
            assert client.get(path).status_code == 200
        print(f"{path}: wall {(time.perf_counter() - wall) * 1000 / len(measured):.1f} ms, "
              f"CPU {(time.process_time() - cpu) * 1000 / len(measured):.1f} ms per load")


if __name__ == "__main__":
    main()
