"""Every read of personal data by an authority role (a pupil list, an L131-8 case) is
written to an access log — one row per request, not per pupil — that the director of the
school consults."""

from __future__ import annotations

import pytest
from django.urls import reverse

from preau.authority.models import AccessKind, AccessLog
from tests.attendance.scope import with_attendance

pytestmark = pytest.mark.django_db


def test_reading_a_pupil_list_writes_one_row_naming_who_what_and_when(world, client_for):
    school = world.schools["A"]
    url = reverse("authority:school-pupils", kwargs={"school_id": school.pk})

    response = client_for("commune").get(url, {"page_size": 1})

    assert response.status_code == 200
    (log,) = AccessLog.objects.all()
    assert log.viewer == world.users["commune"].person
    assert log.viewer_name == world.users["commune"].person.full_name
    assert log.viewer_roles == "commune"
    assert log.kind == AccessKind.PUPIL_LIST
    assert log.path == f"{url}?page_size=1"
    assert log.row_count == 1
    assert list(log.schools.all()) == [school]
    assert log.created_at.isoformat().startswith("2026-11-24T09:00")


def test_reading_l1318_cases_writes_one_row_for_the_whole_list(world, client_for):
    with_attendance(world)
    response = client_for("dasen").get(reverse("authority:case-list"))
    assert response.json()["count"] == 3
    (log,) = AccessLog.objects.all()
    assert log.kind == AccessKind.L1318_CASE_LIST
    assert log.row_count == 3
    assert {s.pk for s in log.schools.all()} == {world.schools["A"].pk, world.schools["B"].pk}

    case = world.extra["cases"]["B1"]
    client_for("inspector_other").get(reverse("authority:case-detail",
                                              kwargs={"case_id": case.pk}))
    detail = AccessLog.objects.get(kind=AccessKind.L1318_CASE)
    assert detail.object_id == case.pk
    assert list(detail.schools.all()) == [world.schools["B"]]


def test_a_refused_read_and_an_aggregate_write_nothing(world, client_for):
    with_attendance(world)
    client = client_for("commune")
    client.get(reverse("authority:school-pupils", kwargs={"school_id": world.schools["B"].pk}))
    client.get(reverse("authority:headcounts"))
    client.get(reverse("authority:attendance"))
    client_for("commune").get(reverse("authority:case-list"))  # the commune sees no case
    client_for("director").get(reverse("attendance:case-list"))  # the school's own work
    assert AccessLog.objects.filter(kind=AccessKind.PUPIL_LIST).count() == 0
    assert AccessLog.objects.filter(row_count__gt=0).count() == 0


def test_the_director_consults_the_reads_of_their_school_only(world, client_for):
    school_a, school_b = world.schools["A"], world.schools["B"]
    client_for("commune").get(reverse("authority:school-pupils",
                                      kwargs={"school_id": school_a.pk}))
    client_for("dasen").get(reverse("authority:school-pupils", kwargs={"school_id": school_b.pk}))

    logs = client_for("director").get(reverse("authority:access-log")).json()["results"]
    assert [(log["viewer_roles"], log["kind"], [s["name"] for s in log["schools"]])
            for log in logs] == [("commune", "pupil_list", ["École Jean Jaurès"])]
    other = client_for("director_other").get(reverse("authority:access-log")).json()["results"]
    assert [log["viewer_roles"] for log in other] == ["dasen"]
    for role in ["teacher", "commune", "dasen", "guardian"]:
        assert client_for(role).get(reverse("authority:access-log")).json()["count"] == 0


def test_the_access_log_filters_by_dates_and_names_a_bad_one(world, client_for):
    client_for("commune").get(reverse("authority:school-pupils",
                                      kwargs={"school_id": world.schools["A"].pk}))
    client = client_for("director")
    url = reverse("authority:access-log")
    assert client.get(url, {"date_from": "2026-11-24"}).json()["count"] == 1
    assert client.get(url, {"date_from": "2026-11-25"}).json()["count"] == 0
    response = client.get(url, {"date_from": "hier"})
    assert response.status_code == 400
    assert "date_from" in response.json()["error"]["fields"]


def test_purge_expired_drops_access_log_rows_past_the_policy_and_keeps_the_younger(
        world, client_for, settings):
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    settings.PREAU_RETENTION_DAYS = {**settings.PREAU_RETENTION_DAYS, "access_log": 365}
    url = reverse("authority:school-pupils", kwargs={"school_id": world.schools["A"].pk})
    client_for("commune").get(url)
    client_for("commune").get(url)
    old, young = AccessLog.objects.order_by("pk")
    AccessLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=366))
    AccessLog.objects.filter(pk=young.pk).update(created_at=timezone.now() - dt.timedelta(days=364))

    out = StringIO()
    call_command("purge_expired", "--kind", "access_log", stdout=out)

    assert list(AccessLog.objects.values_list("pk", flat=True)) == [young.pk]
    assert "access_log" in out.getvalue()
    assert "1 supprimé(s)" in out.getvalue()


def test_an_operator_reading_the_case_list_gets_an_empty_list_and_no_log(world, client):
    from tests.factories import UserFactory

    operator = UserFactory(username="exploitant", person=None, is_staff=True)
    client.force_login(operator)

    response = client.get(reverse("authority:case-list"))

    assert response.status_code == 200
    assert response.json()["results"] == []
    assert list(AccessLog.objects.values_list("viewer_name", "kind", "path")) == []
