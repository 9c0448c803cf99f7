"""``manage.py bench_authority`` — time the DASEN, inspector and commune dashboards.

Run it on a département seeded by ``seed_departement`` (PostgreSQL): each endpoint is
called once to count its queries, then ``--runs`` times to time it (the whole request
through Django: routing, session, selectors, serialization). The clock is set to
``--at`` (the morning of the last day of roll calls), so that "today", "this week" and
"this month" fall inside the data. Prints a Markdown table: median, p95, queries.
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core import signals
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection
from django.db.models import Count
from django.test import Client

from preau.accounts.models import User
from preau.people.models import AuthorityRole
from preau.schools.models import Circonscription, Classroom, School


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Command(BaseCommand):
    help = "Mesure les tableaux de bord DASEN, IEN et mairie (médiane, p95, requêtes SQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", default="2027-07-02T10:00",
                            help="Date et heure simulées (Europe/Paris), AAAA-MM-JJTHH:MM")
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--roles", default="dasen,inspector,commune")

    def handle(self, *args: Any, **options: Any) -> None:
        import time_machine  # a development dependency: the benchmark is a development tool

        at = datetime.fromisoformat(options["at"]).replace(tzinfo=ZoneInfo("Europe/Paris"))
        # One connection kept for the whole run, as a pooled server keeps it (and as the
        # test client does): the figures are the request's own cost, not a reconnection.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        with time_machine.travel(at, tick=True):
            rows = []
            for role in options["roles"].split(","):
                user, urls = self._plan(role.strip(), at)
                client = Client(SERVER_NAME="localhost")
                client.force_login(user)
                for label, url in urls:
                    rows.append(self._measure(client, role, label, url, options["runs"]))
        self.stdout.write(f"\n{options['runs']} runs per endpoint, clock at {options['at']}, "
                          f"database {connection.vendor}\n")
        self.stdout.write("| role | endpoint | rows | median ms | p95 ms | queries |")
        self.stdout.write("|---|---|---|---|---|---|")
        for row in rows:
            self.stdout.write("| {role} | `{label}` | {rows} | {median:.0f} | {p95:.0f} | "
                              "{queries} |".format(**row))

    def _measure(self, client: Client, role: str, label: str, url: str, runs: int) -> dict:
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url}: {response.status_code} {response.content[:200]!r}")
        if response["Content-Type"].startswith("application/json"):
            body = response.json()
            size = body.get("count", "1") if isinstance(body, dict) else len(body)
        else:
            size = response.content.count(b"\n") - 1
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        return {"role": role, "label": label, "rows": size, "queries": len(queries),
                "median": statistics.median(timings), "p95": _percentile(timings, 0.95)}

    def _plan(self, role: str, at: datetime) -> tuple[User, list[tuple[str, str]]]:
        base = "/api/v1/authority/"
        user = (User.objects.filter(person__authority_memberships__role=role)
                .order_by("pk").first())
        if user is None:
            raise CommandError(f"Aucun compte {role} : lancez d'abord seed_departement.")
        membership = user.person.authority_memberships.get()
        year_start = f"{at.year if at.month >= 9 else at.year - 1}-09-01"
        if role == AuthorityRole.INSPECTOR:
            # the largest circonscription: the heaviest inspector dashboard
            largest = (Circonscription.objects.annotate(n=Count("schools")).order_by("-n")
                       .first())
            user = User.objects.filter(person__authority_memberships__circonscription=largest,
                                       person__authority_memberships__role=role).first()
            membership = user.person.authority_memberships.get()
        schools = School.objects.filter(
            **({"circonscription": membership.circonscription} if membership.circonscription
               else {"circonscription__departement": membership.departement}
               if membership.departement else {"commune": membership.commune}))
        school = schools.annotate(n=Count("classrooms")).order_by("-n", "pk").first()
        classroom = Classroom.objects.filter(school=school).order_by("pk").first()
        common = [
            ("overview/", "overview/"),
            ("schools/", "schools/"),
            ("schools/{id}/classrooms/", f"schools/{school.pk}/classrooms/"),
            ("headcounts/", "headcounts/"),
            ("attendance/ (this month)", "attendance/"),
            ("attendance/?period=month (trend, school year)",
             f"attendance/?period=month&date_from={year_start}"),
            ("attendance/ trend as CSV (all rows)",
             f"attendance/?period=month&date_from={year_start}&format=csv"),
        ]
        if role == AuthorityRole.COMMUNE:
            urls = [*common,
                ("attendance/?period=day", "attendance/?period=day"),
                ("movements/", "movements/"),
                ("canteen/", "canteen/"),
                ("schools/{id}/pupils/", f"schools/{school.pk}/pupils/"),
            ]
        else:
            urls = [*common,
                ("attendance/?by=classroom&school={id}",
                 f"attendance/?by=classroom&school={school.pk}"),
                ("roll-calls-not-taken/?period=today", "roll-calls-not-taken/"),
                ("roll-calls-not-taken/?period=week", "roll-calls-not-taken/?period=week"),
                ("roll-calls-not-taken/?period=month", "roll-calls-not-taken/?period=month"),
                ("l1318-cases/", "l1318-cases/"),
                ("timetable-volume/", "timetable-volume/"),
                ("classrooms/{id}/cahier-recap/", f"classrooms/{classroom.pk}/cahier-recap/"),
            ]
            if role == AuthorityRole.DASEN:
                urls.insert(2, ("circonscriptions/", "circonscriptions/"))
        return user, [(label, base + url) for label, url in urls]
