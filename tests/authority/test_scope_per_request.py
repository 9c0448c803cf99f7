"""An authority's scope is read once per request, and never outlives it.

Most queries of an authority page are limited to the schools of its scope: the scope's
memberships are read once when the request first needs them (``people.access.authority_scope``)
and written into each query as values. The next request reads them again, and so does any
code that runs outside a request (a WebSocket consumer holds its user for hours)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from preau.people.access import Purpose, schools_visible_to
from preau.people.models import AuthorityMembership, AuthorityRole
from tests.authority.helpers import login_for
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def listed_uais(client: APIClient) -> set[str]:
    response = client.get(reverse("authority:school-list"))
    assert response.status_code == 200, response.content
    return {row["school"]["uai"] for row in response.json()["results"]}


def test_a_dashboard_request_reads_the_memberships_once():
    school = SchoolFactory()
    SchoolFactory(circonscription=school.circonscription)
    user = login_for(AuthorityRole.DASEN, departement=school.circonscription.departement)
    client = APIClient()
    client.force_login(user)
    for name in ["overview", "attendance", "roll-calls-not-taken", "timetable-volume",
                 "school-list"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"authority:{name}")).status_code == 200
        # Every time a query reads the memberships, as itself or as a subquery (the user's
        # own row, loaded by the session's middleware, apart).
        reads = [q["sql"] for q in queries.captured_queries
                 if not q["sql"].startswith('SELECT "accounts_user"')
                 for _ in range(q["sql"].count('FROM "people_authoritymembership"'))]
        # The overview also lists the memberships by name (its "scopes").
        assert len(reads) == (2 if name == "overview" else 1), (name, reads)


def test_a_scope_changed_between_two_requests_is_the_next_request_s_scope():
    school_a, school_b = SchoolFactory(), SchoolFactory()
    user = login_for(AuthorityRole.INSPECTOR, circonscription=school_a.circonscription)
    client = APIClient()
    client.force_login(user)
    assert listed_uais(client) == {school_a.uai}

    AuthorityMembership.objects.filter(person=user.person).update(
        circonscription=school_b.circonscription)

    assert listed_uais(client) == {school_b.uai}


def test_outside_a_request_each_reading_sees_the_scope_as_it_is_now():
    school = SchoolFactory()
    user = login_for(AuthorityRole.COMMUNE, commune=school.commune)
    assert list(schools_visible_to(user, purpose=Purpose.OVERSEE)) == [school]

    AuthorityMembership.objects.filter(person=user.person).delete()

    assert list(schools_visible_to(user, purpose=Purpose.OVERSEE)) == []
