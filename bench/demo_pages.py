"""How long the authorities' pages take on the demo: the API requests each page makes.

Seeds the demo (``seed_demo --flush``) into the database of ``DATABASE_URL``, then, in this
process, signs in the commune, the IEN and the DASEN (Django's test client, no network) and
times the requests each authority page of the web app makes when it opens
(frontend/src/features/authority/api.ts), the first time ("cold": the first request of the
process to each endpoint) and then the median of five more ("warm"). A page's time is the
sum of its requests, as if the browser sent them one after another (it sends them together:
an upper bound).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/preau_demo_pages \\
    python bench/demo_pages.py

The database is emptied and re-seeded: never point it at a database you keep.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 5


def pages(school_id: int, classroom_id: int, circonscription: str) -> dict[str, list[str]]:
    """The requests each page sends when it opens, with its default filters."""
    return {
        "tableau de bord": ["/api/v1/authority/overview/",
                            "/api/v1/authority/attendance/?page_size=50",
                            "/api/v1/authority/roll-calls-not-taken/?period=week",
                            "/api/v1/authority/l1318-cases/?page_size=50",
                            "/api/v1/authority/timetable-volume/?page_size=50"],
        "écoles": ["/api/v1/authority/schools/?page_size=50"],
        "circonscriptions": ["/api/v1/authority/circonscriptions/?page_size=50"],
        "une école": [f"/api/v1/authority/schools/{school_id}/",
                      f"/api/v1/authority/schools/{school_id}/classrooms/",
                      f"/api/v1/authority/headcounts/?school={school_id}",
                      f"/api/v1/authority/attendance/?school={school_id}&page_size=50",
                      f"/api/v1/authority/canteen/?school={school_id}"],
        "une classe": [f"/api/v1/authority/classrooms/{classroom_id}/",
                       f"/api/v1/authority/classrooms/{classroom_id}/cahier-recap/"],
        "une circonscription": [
            f"/api/v1/authority/schools/?circonscription={circonscription}&page_size=50"],
    }


def main() -> int:
    sys.path[:0] = [str(ROOT), str(ROOT / "backend")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    from preau.accounts.models import User
    from preau.schools.models import Classroom

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--flush", verbosity=0)
    print(f"demo seeded in {time.perf_counter() - started:.1f} s")
    classroom = Classroom.objects.select_related("school__circonscription").filter(
        enrolments__isnull=False).order_by("pk").first()
    school = classroom.school
    circonscription = getattr(school.circonscription, "code", "") or ""
    print(f"{'role':8} {'page':22} {'cold (ms)':>10} {'warm (ms)':>10}  statuses")
    for username in ("mairie", "ien", "dasen"):
        client = Client(HTTP_HOST="127.0.0.1")
        user = User.objects.get(username=username)
        client.force_login(user)
        device = next(devices_for_user(user), None)  # the demo's second factor, as verified
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        for page, urls in pages(school.pk, classroom.pk, circonscription).items():
            cold, warm, statuses = 0.0, [], set()
            for url in urls:
                begin = time.perf_counter()
                statuses.add(client.get(url).status_code)
                cold += time.perf_counter() - begin
            for _ in range(REPEATS):
                begin = time.perf_counter()
                for url in urls:
                    client.get(url)
                warm.append(time.perf_counter() - begin)
            print(f"{username:8} {page:22} {cold * 1000:10.0f} "
                  f"{statistics.median(warm) * 1000:10.0f}  {sorted(statuses)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
