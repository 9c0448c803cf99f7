"""The département-scale dataset of the benchmark, built on PostgreSQL in a few minutes.

The structure (schools placed by the annuaire, classrooms, pupils, guardians, staff,
timetables, a month of cahier de textes and homework) comes from ``seed_departement``
with no roll call at all; the volume (a school year of roll calls and their absences,
the L131-8 cases, the siblings, the accounts) is generated inside PostgreSQL by
``INSERT … SELECT`` over the school half-days: no row crosses the wire, memory stays
flat. Random draws are hashes of the row ids and the seed (``hashint8extended``), so the
same seed builds the same data.

Growth (``--scale`` 1, 2, 4, 8) adds years of history: year k is the first year shifted
back by 52·k weeks (same weekdays), copied in SQL. A département does not grow eightfold;
its history does, and that is what the hot queries must not feel.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection

DATASET_VERSION = 1
SEED = 35
FREE_DAYS = 8  # the last school days before the run are left without calls (scenario 1)
WINTER_UPLIFT = {12: 1.4, 1: 1.5, 2: 1.4, 3: 1.1, 9: 0.7, 6: 0.8, 7: 0.8}
ABSENT_USUAL, ABSENT_CHRONIC, CHRONIC_SHARE, LATE = 0.04, 0.16, 0.025, 0.01
SIBLING_SHARE = 0.3  # of guardians also responsible for a second pupil of the same school

STATE_TABLE = "bench_dataset"


def _u(expression: str, salt: int) -> str:
    """SQL for a uniform draw in [0, 1) from an integer expression and the seed."""
    return f"((hashint8extended(({expression})::bigint, {SEED * 1000 + salt}) & 4294967295)" \
           f"::float8 / 4294967296.0)"


def state() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [STATE_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT value FROM {STATE_TABLE} WHERE key = 'state'")  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _save_state(value: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (key text PRIMARY KEY, "
                       "value text NOT NULL)")
        cursor.execute(f"INSERT INTO {STATE_TABLE} VALUES ('state', %s) "  # noqa: S608
                       "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                       [json.dumps(value)])


def last_school_day_before(today: date) -> date:
    day = today - timedelta(days=1)
    while day.weekday() in (2, 5, 6):  # Wednesday, Saturday, Sunday: no class
        day -= timedelta(days=1)
    return day


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


COUNTED = {
    "schools": "schools_school", "classrooms": "schools_classroom", "people": "people_person",
    "enrolments": "people_enrolment", "guardianships": "people_guardianship",
    "accounts": "accounts_user", "timetable_slots": "timetable_timetableslot",
    "homework": "homework_homework", "lesson_entries": "homework_lessonentry",
    "roll_calls": "attendance_rollcall", "absences": "attendance_absence",
    "l1318_cases": "attendance_absenteeismcase",
}


def build(*, today: date, password_hash: str, scale: int = 1,
          log: Callable[[str], None] = print) -> dict:
    """Build (or reuse, or grow) the dataset in the current database; return its state:
    seconds per step, row counts, the free days left for scenario 1."""
    current = state()
    if current and current["version"] == DATASET_VERSION and current["seed"] == SEED:
        log(f"dataset reused (version {DATASET_VERSION}, scale {current['scale']})")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the code may have moved on since it was built
        if current["scale"] < scale:
            current = grow(current, scale=scale, log=log)
        return current
    if current:
        raise RuntimeError("the database holds another dataset: drop it")
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        seconds[name] = round(now - started, 1)
        log(f"  {name}: {seconds[name]} s")
        started = now

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # bulk statements run longer than a request may
        cursor.execute("SET statement_timeout = 0")
    step("migrate")
    from preau.imports.departement import DATA, school_half_days, seed_departement

    until = last_school_day_before(today)
    report = seed_departement(annuaire=DATA / "annuaire_ecoles_035.csv", until=until, days=0,
                              seed=SEED, log=lambda message: None)
    step("structure (seed_departement, no roll calls)")
    from preau.schools.models import School, SchoolYear

    year = SchoolYear.objects.get(start_date__lte=until, end_date__gte=until)
    school = School.objects.order_by("pk").first()
    half_days = school_half_days(school, year.start_date, year.end_date)
    window = sorted({d for d, _h in half_days if d <= until})[-FREE_DAYS:]
    _siblings()
    _accounts(password_hash)
    step("siblings and accounts")
    _roll_calls(half_days=[(d, h) for d, h in half_days if d not in set(window)],
                year_id=year.pk)
    step("roll calls and absences (one year)")
    _cases(until=until)
    step("L131-8 cases")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("ANALYZE")
    value = {"version": DATASET_VERSION, "seed": SEED, "scale": 1, "built_on": today.isoformat(),
             "until": until.isoformat(), "first_day": year.start_date.isoformat(),
             "free_days": [d.isoformat() for d in window],
             "seconds": seconds, "seconds_total": round(sum(seconds.values()), 1),
             "logins": sorted(report.logins), "structure_seconds": report.seconds}
    value["rows"] = {name: _count(table) for name, table in COUNTED.items()}
    _save_state(value)
    return value


def _siblings() -> None:
    """Some guardians are responsible for a second pupil of the same school (a sibling in
    another classroom): the homework scenario loads two children."""
    share = SIBLING_SHARE
    with connection.cursor() as cursor:
        cursor.execute(f"""
            WITH pupils AS (
                SELECT e.pupil_id, c.school_id,
                       row_number() OVER (PARTITION BY c.school_id ORDER BY e.pupil_id) AS n,
                       count(*) OVER (PARTITION BY c.school_id) AS total
                FROM people_enrolment e JOIN schools_classroom c ON c.id = e.classroom_id
            ), pairs AS (
                SELECT a.pupil_id AS pupil, b.pupil_id AS sibling
                FROM pupils a JOIN pupils b ON b.school_id = a.school_id
                 AND b.n = ((a.n + a.total / 2 - 1) % a.total) + 1
                WHERE a.total > 1 AND {_u('a.pupil_id', 1)} < {share}
            )
            INSERT INTO people_guardianship (created_at, updated_at, relationship, is_legal,
                                             guardian_id, pupil_id)
            SELECT now(), now(), 'autre', true, g.guardian_id, pairs.sibling
            FROM pairs JOIN people_guardianship g ON g.pupil_id = pairs.pupil
            ON CONFLICT DO NOTHING""")  # noqa: S608 - constants of this module


def _accounts(password_hash: str) -> None:
    """An account for every guardian and member of staff, all with the bench password
    (one Argon2 hash computed once): ``famille-<id>``, ``personnel-<id>``."""
    with connection.cursor() as cursor:
        for prefix, query in [
            ("famille", "SELECT DISTINCT guardian_id FROM people_guardianship"),
            ("personnel", "SELECT DISTINCT person_id FROM people_staffassignment"),
        ]:
            cursor.execute(f"""
                INSERT INTO accounts_user (password, is_superuser, username, first_name,
                    last_name, email, is_staff, is_active, date_joined, language, person_id,
                    notify_absence_by_email)
                SELECT %s, false, '{prefix}-' || p.id, '', '', '', false, true, now(), 'fr',
                       p.id, false
                FROM people_person p WHERE p.id IN ({query})
                ON CONFLICT DO NOTHING""", [password_hash])  # noqa: S608
        cursor.execute("UPDATE accounts_user SET password = %s WHERE password NOT LIKE 'argon2%%'",
                       [password_hash])


def _roll_calls(*, half_days: list[tuple[date, str]], year_id: int) -> None:
    """A call per classroom and school half-day (0.5 % not taken); absences drawn per
    pupil and half-day: about 5 % of half-days, more in winter, much more for a few
    chronic absentees (whose absences are not justified: the L131-8 cases)."""
    days = [d for d, _h in half_days]
    halves = [h for _d, h in half_days]
    uplift = " ".join(f"WHEN {month} THEN {factor}" for month, factor in WINTER_UPLIFT.items())
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE TEMP TABLE bench_half_days AS
            SELECT d::date AS date, h::text AS half_day FROM unnest(%s::date[], %s::text[]) AS t(d, h)
        """, [days, halves])
        cursor.execute(f"""
            INSERT INTO attendance_rollcall (classroom_id, date, half_day, taken_by_id, taken_at,
                                             updated_at, version, pupil_count)
            SELECT c.id, hd.date, hd.half_day, s.person_id, t.at, t.at, 1, sizes.n
            FROM schools_classroom c
            JOIN (SELECT classroom_id, count(*) AS n FROM people_enrolment
                  GROUP BY classroom_id) sizes ON sizes.classroom_id = c.id
            JOIN people_staffassignment s ON s.classroom_id = c.id AND s.role = 'teacher'
            CROSS JOIN bench_half_days hd
            CROSS JOIN LATERAL (SELECT (hd.date + CASE hd.half_day WHEN 'morning'
                                  THEN time '08:35' ELSE time '13:35' END)
                                  AT TIME ZONE 'Europe/Paris' AS at) t
            WHERE c.school_year_id = %s
              AND {_u("c.id * 100000 + (hd.date - date '2000-01-01') * 2 + "
                      "(hd.half_day = 'morning')::int", 2)} >= 0.005
            ORDER BY c.id, hd.date, hd.half_day
        """, [year_id])  # noqa: S608
        chronic = _u("e.pupil_id", 3)
        draw = _u("r.id * 131 + e.pupil_id", 4)
        justified = _u("r.id * 137 + e.pupil_id", 5)
        cursor.execute(f"""
            INSERT INTO attendance_absence (created_at, updated_at, roll_call_id, pupil_id, date,
                half_day, kind, minutes_late, justification_status, reason, comment,
                justified_at, reviewed_at, refusal_reason)
            SELECT r.taken_at, r.taken_at, r.id, e.pupil_id, r.date, r.half_day,
                   CASE WHEN x.draw < x.p THEN 'absent' ELSE 'late' END,
                   CASE WHEN x.draw < x.p THEN NULL
                        ELSE 2 + (x.draw * 1000)::int % 38 END,
                   CASE WHEN x.draw < x.p AND NOT x.chronic AND x.justified < 0.7
                        THEN 'accepted' ELSE 'none' END,
                   CASE WHEN x.draw < x.p AND NOT x.chronic AND x.justified < 0.7
                        THEN 'maladie_enfant' ELSE '' END,
                   '',
                   CASE WHEN x.draw < x.p AND NOT x.chronic AND x.justified < 0.7
                        THEN r.taken_at END,
                   CASE WHEN x.draw < x.p AND NOT x.chronic AND x.justified < 0.7
                        THEN r.taken_at END,
                   ''
            FROM attendance_rollcall r
            JOIN people_enrolment e ON e.classroom_id = r.classroom_id
             AND e.start_date <= r.date AND (e.end_date IS NULL OR e.end_date >= r.date)
            CROSS JOIN LATERAL (
                SELECT {draw} AS draw, {justified} AS justified,
                       {chronic} < {CHRONIC_SHARE} AS chronic,
                       (CASE WHEN {chronic} < {CHRONIC_SHARE} THEN {ABSENT_CHRONIC}
                             ELSE {ABSENT_USUAL} END)
                       * (CASE extract(month FROM r.date)::int {uplift} ELSE 1 END) AS p
            ) x
            WHERE x.draw < x.p + {LATE}
        """)  # noqa: S608
        cursor.execute("DROP TABLE bench_half_days")


def _cases(*, until: date) -> None:
    """4 or more unjustified absent half-days in a calendar month: a case (up to now)."""
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO attendance_absenteeismcase (created_at, updated_at, month,
                unjustified_half_days, status, opened_at, notes, classroom_id, pupil_id)
            SELECT now(), now(), date_trunc('month', a.date)::date, least(count(*), 32000),
                   'open', now(), '', min(r.classroom_id), a.pupil_id
            FROM attendance_absence a JOIN attendance_rollcall r ON r.id = a.roll_call_id
            WHERE a.kind = 'absent' AND a.justification_status = 'none' AND a.date <= %s
            GROUP BY a.pupil_id, date_trunc('month', a.date)
            HAVING count(*) >= 4
            ON CONFLICT DO NOTHING""", [until])


def grow(current: dict, *, scale: int, log: Callable[[str], None] = print) -> dict:
    """Years 2…``scale`` of history: the first year's calls, absences, lessons and
    homework shifted back by 52·k weeks (the same weekdays), copied in SQL."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        for k in range(current["scale"] + 1, scale + 1):
            shift = 364 * (k - 1)
            cursor.execute(f"""
                INSERT INTO attendance_rollcall (classroom_id, date, half_day, taken_by_id,
                    taken_at, updated_at, version, pupil_count)
                SELECT classroom_id, date - {shift}, half_day, taken_by_id,
                       taken_at - interval '{shift} days', updated_at - interval '{shift} days',
                       version, pupil_count
                FROM attendance_rollcall WHERE date >= %s""",  # noqa: S608
                           [current["first_day"]])
            cursor.execute(f"""
                INSERT INTO attendance_absence (created_at, updated_at, roll_call_id, pupil_id,
                    date, half_day, kind, minutes_late, justification_status, reason, comment,
                    justified_at, reviewed_at, refusal_reason)
                SELECT a.created_at - interval '{shift} days', a.updated_at - interval
                       '{shift} days', r2.id, a.pupil_id, a.date - {shift}, a.half_day, a.kind,
                       a.minutes_late, a.justification_status, a.reason, a.comment,
                       a.justified_at - interval '{shift} days',
                       a.reviewed_at - interval '{shift} days', a.refusal_reason
                FROM attendance_absence a
                JOIN attendance_rollcall r ON r.id = a.roll_call_id
                JOIN attendance_rollcall r2 ON r2.classroom_id = r.classroom_id
                 AND r2.date = r.date - {shift} AND r2.half_day = r.half_day
                WHERE a.date >= %s""",  # noqa: S608
                           [current["first_day"]])
            cursor.execute(f"""
                INSERT INTO homework_homework (created_at, updated_at, subject, instructions,
                    due_date, estimated_minutes, to_bring_back, audience, status,
                    withdrawn_at, author_id, classroom_id, lesson_id)
                SELECT created_at - interval '{shift} days', updated_at - interval
                       '{shift} days', subject, instructions, due_date - {shift},
                       estimated_minutes, to_bring_back, audience, status, withdrawn_at,
                       author_id, classroom_id, NULL
                FROM homework_homework WHERE due_date >= %s""",  # noqa: S608
                           [current["first_day"]])
            log(f"  year {k} of history added")
        cursor.execute("ANALYZE")
    current["scale"] = scale
    current.setdefault("growth_seconds", {})[str(scale)] = round(time.perf_counter() - started, 1)
    current["rows"] = {name: _count(table) for name, table in COUNTED.items()}
    _save_state(current)
    return current


def free_window(days: list[str]) -> int:
    """Remove the calls of the free days (left by earlier runs); return how many."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM attendance_absence WHERE date = ANY(%s::date[])", [days])
        cursor.execute("DELETE FROM attendance_rollcall WHERE date = ANY(%s::date[])", [days])
        removed = cursor.rowcount
        cursor.execute("DELETE FROM common_idempotencyrecord")
    return removed
