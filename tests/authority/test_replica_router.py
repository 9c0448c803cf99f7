"""With ``DATABASE_REPLICA_URL`` set, authority reads go to the ``replica`` alias (in the
tests, a mirror of the primary); unset, they stay on ``default``. Writes (the access log)
always go to the primary, as do the school's own reads."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from preau.authority.routers import AuthorityReplicaRouter, reading_for_authority
from preau.schools.models import School
from tests.world import build_world

BOTH = ["default", "replica"]


def _queries(client, url):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [q["sql"] for q in primary], [q["sql"] for q in replica]


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_authority_reads_go_to_the_replica_when_it_is_configured(settings):
    settings.PREAU_AUTHORITY_READ_DATABASE = "replica"
    world = build_world()
    client = APIClient()
    client.force_login(world.users["commune"])

    primary, replica = _queries(client, reverse("authority:school-pupils",
                                                kwargs={"school_id": world.schools["A"].pk}))

    assert any("people_person" in sql for sql in replica)  # the pupils, read on the replica
    assert not any("people_person" in sql and "SELECT" in sql for sql in primary
                   if "django_session" not in sql and "accounts_user" not in sql
                   and "authority_accesslog" not in sql and "people_authoritymembership" not in sql)
    assert any("INSERT" in sql and "authority_accesslog" in sql for sql in primary)
    assert not any("INSERT" in sql for sql in replica)

    # The school's own reads stay on the primary.
    director = APIClient()
    director.force_login(world.users["director"])
    _primary, replica = _queries(director, reverse("schools:school-list"))
    assert replica == []


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_without_a_replica_authority_reads_stay_on_the_primary(settings):
    settings.PREAU_AUTHORITY_READ_DATABASE = None
    world = build_world()
    client = APIClient()
    client.force_login(world.users["dasen"])

    primary, replica = _queries(client, reverse("authority:headcounts"))

    assert replica == []
    assert any("people_enrolment" in sql for sql in primary)


def test_the_router_falls_back_to_the_primary_when_the_alias_is_unknown(settings):
    router = AuthorityReplicaRouter()
    settings.PREAU_AUTHORITY_READ_DATABASE = "replica"
    assert router.db_for_read(School) is None  # not an authority request
    with reading_for_authority():
        assert router.db_for_read(School) == "replica"
        assert router.db_for_write(School) == "default"
        settings.PREAU_AUTHORITY_READ_DATABASE = "absent"
        assert router.db_for_read(School) is None  # falls back to default
    assert router.allow_migrate("replica", "authority") is False
