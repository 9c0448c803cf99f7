"""In-process timing and EXPLAIN ANALYZE of the absence list (`GET /api/v1/attendance/absences/`)
for a guardian, a teacher and a director of the bench dataset (docs/benchmarks.md, "Before
and after", the guardian's absence list).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/preau_bench_v1 \
        REDIS_URL=redis://127.0.0.1:6379/13 PREAU_REQUEST_DATABASE_SECONDS=60 \
        python bench/absence_list.py explain

Per role: two requests (ms), their queries, the two slowest (ms); with ``explain``, the end
of EXPLAIN ANALYZE of the list's first page (50 rows) and of its count.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(explain: bool) -> None:
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "backend")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from preau.attendance.selectors import absence_list
    from preau.people.models import Guardianship, StaffAssignment

    users = get_user_model().objects
    staff = StaffAssignment.objects.order_by("pk")
    people = {
        "guardian": Guardianship.objects.order_by("pk").values_list("guardian_id", flat=True)[500],
        "teacher": staff.filter(role="teacher").values_list("person_id", flat=True)[200],
        "director": staff.filter(role="director").values_list("person_id", flat=True)[50],
    }
    for name, person_id in people.items():
        user = users.get(person_id=person_id)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        times = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get("/api/v1/attendance/absences/")
                times.append(round((time.perf_counter() - start) * 1000))
        count = response.json().get("count") if response.status_code == 200 else None
        slowest = sorted((round(float(q["time"]) * 1000) for q in ctx.captured_queries),
                         reverse=True)[:2]
        print(f"{name} person={person_id} status={response.status_code} count={count} "
              f"ms={times} queries={len(ctx.captured_queries)} slowest={slowest}", flush=True)
        if not explain:
            continue
        qs = absence_list(viewer=user, filters={})
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            for label, query in (("page", qs[:50].query), ("count", None)):
                sql, params = (query or qs.query).sql_with_params()
                if query is None:
                    sql = f"SELECT COUNT(*) FROM ({sql}) s"  # noqa: S608 - the ORM's own SQL
                cursor.execute("EXPLAIN ANALYZE " + sql, params)
                lines = [row[0] for row in cursor.fetchall()]
                print(label, *[line for line in lines if "Time" in line or "JIT" in line],
                      sep="\n  ", flush=True)


if __name__ == "__main__":
    main(explain="explain" in sys.argv[1:])
