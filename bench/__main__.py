"""``python -m bench`` (``make bench``): build or reuse the dataset, run every scenario
beside its floor, write ``docs/benchmarks.md`` and ``docs/benchmarks.json``.

    python -m bench                      # everything, about 15 minutes on 2 cores
    python -m bench --quick              # a short smoke run
    python -m bench --only rollcall --rounds 5

``DATABASE_URL`` names the PostgreSQL server (the database itself is
``preau_bench_v<version>``, created and reused); ``REDIS_URL`` defaults to db 15.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]

# The order of the report; a module that is absent (not merged yet) is skipped.
SCENARIOS = ["rollcall", "homework", "fanout", "dashboards", "logins", "growth", "stack",
             "today"]
PASSWORD = "banc-d-essai-preau"  # noqa: S105 - the published password of the bench accounts


def database_urls(base: str, name: str) -> tuple[str, str]:
    """(the server's maintenance URL, the bench database's URL) on ``base``'s server."""
    parts = urlsplit(base)
    return (urlunsplit(parts._replace(path="/postgres")),
            urlunsplit(parts._replace(path=f"/{name}")))


def _complete(maintenance_url: str, name: str) -> bool:
    """The database holds a finished dataset (its state row), not a build cut short."""
    import psycopg

    with psycopg.connect(maintenance_url.rsplit("/", 1)[0] + f"/{name}") as conn:
        if conn.execute("SELECT to_regclass('bench_dataset')").fetchone()[0] is None:
            return False
        return conn.execute("SELECT count(*) FROM bench_dataset").fetchone()[0] > 0


def ensure_database(maintenance_url: str, name: str, template: str | None = None) -> bool:
    """Create the database if missing (from ``template`` if given), or again if a build
    was cut short; True when created."""
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            if _complete(maintenance_url, name):
                return False
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        clause = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{clause}')
    return True


def use_database(url: str) -> None:
    """Point Django's default connection at ``url`` (closing the current pool)."""
    import dj_database_url
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    if hasattr(connection, "close_pool"):
        connection.close_pool()
    connection.close()
    name = dj_database_url.parse(url)["NAME"]
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    os.environ["DATABASE_URL"] = url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=8, choices=[1, 2, 4, 8],
                        help="largest scale (years of history) of the growth scenario (6); "
                             "the databases of scales 2, 4 and 8 are built on the first run "
                             "(about 6 minutes on a quiet 2-core machine) and kept")
    parser.add_argument("--quick", action="store_true", help="short rounds (smoke run)")
    parser.add_argument("--only", action="append", choices=SCENARIOS, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--at", help="the servers' clock, ISO date and time in Europe/Paris "
                                     "(e.g. 2026-12-03T07:00: a school day at 07:00); by "
                                     "default the real one")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    from bench.dataset import DATASET_VERSION

    name = f"preau_bench_v{DATASET_VERSION}"
    maintenance, url = database_urls(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"), name)
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    os.environ.update(DATABASE_URL=url, REDIS_URL=redis_url,
                      DJANGO_SETTINGS_MODULE="bench.settings",
                      PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "backend")]))
    ensure_database(maintenance, name)
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from bench import dataset
    from bench.core import Context
    from bench.report import machine, write_report

    print(f"dataset: {name}")
    built = time.perf_counter()
    state = dataset.build(today=date.today(), password_hash=make_password(PASSWORD), log=print)
    dataset_seconds = round(time.perf_counter() - built, 1)
    print(f"  ready in {dataset_seconds} s: {state['rows']}")
    if args.at:
        # Read by bench/settings.py in the servers started from now on (not in this process:
        # the dataset above is today's).
        os.environ["BENCH_AT"] = args.at
        print(f"servers' clock: {args.at} (Europe/Paris)")
    out_dir = Path(args.out)
    context = Context(database_url=url, redis_url=redis_url, out_dir=out_dir, password=PASSWORD,
                      rounds=args.rounds, quick=args.quick, scale=args.scale,
                      extra={"dataset": state, "database_name": name,
                             "maintenance_url": maintenance, "use_database": use_database,
                             "ensure_database": ensure_database})
    rows, notes, failures = [], {}, {}
    before = machine()
    for scenario in args.only or SCENARIOS:
        try:
            module = importlib.import_module(f"bench.scenarios.{scenario}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.scenarios.{scenario}":
                print(f"scenario {scenario}: not on this branch")
                continue
            raise
        print(f"scenario {scenario} …")
        scenario_started = time.perf_counter()
        try:
            produced = module.run(context)
        except Exception:  # a failed scenario is reported, the others still run
            failures[scenario] = traceback.format_exc()
            print(failures[scenario])
            continue
        finally:
            use_database(url)
        rows += produced
        notes[scenario] = {"seconds": round(time.perf_counter() - scenario_started, 1),
                           "note": getattr(module, "NOTE", "")}
        print(f"  {scenario}: {notes[scenario]['seconds']} s")
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    write_report(out_dir=out_dir, rows=rows, notes=notes, failures=failures,
                 dataset=state, dataset_seconds=dataset_seconds,
                 machine_before=before, machine_after=machine(),
                 total_seconds=round(time.perf_counter() - started, 1),
                 command=command.strip())
    print(f"report: {out_dir / 'benchmarks.md'} ({round(time.perf_counter() - started)} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
