"""What goes into the audit log: logins (succeeded, failed, blocked), logouts, refusals and
the authorities' reads — who, what, when, from where — and never a secret."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from preau.audit.models import AppendOnlyError, AuditEvent, AuditEventSchool, AuditKind
from preau.authority.models import AccessLog

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/accounts/login/"
LOGOUT = "/api/v1/accounts/logout/"
PASSWORD = "motdepasse-demo"  # the factories' password
SECRET_PASSWORD = "Tr0ub4dor-secret-7Qx!"
BROWSER = "Mozilla/5.0 (X11; Linux) Firefox/140.0"


def csrf_client() -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/v1/accounts/csrf/").json()["csrf_token"]
    client.credentials(HTTP_X_CSRFTOKEN=token)
    return client


def only_event(**filters) -> AuditEvent:
    (event,) = AuditEvent.objects.filter(**filters)
    return event


def school_keys(world, event: AuditEvent) -> set[str]:
    ids = set(AuditEventSchool.objects.filter(event=event).values_list("school_id", flat=True))
    return {key for key, school in world.schools.items() if school.pk in ids}


def test_a_failed_login_records_the_username_tried_the_address_and_the_school(world):
    client = csrf_client()
    response = client.post(LOGIN, {"username": "teacher", "password": "faux"}, format="json",
                           REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 400
    event = only_event(kind=AuditKind.LOGIN_FAILED)
    assert event.username == "teacher"
    assert event.actor is None  # nobody was authenticated
    assert event.ip_address == "203.0.113.7"
    assert event.user_agent == BROWSER
    assert event.method == "POST"
    assert event.path == LOGIN
    assert school_keys(world, event) == {"A"}  # the director of A will see it


def test_a_failed_login_for_an_unknown_username_concerns_no_school(db):
    csrf_client().post(LOGIN, {"username": "personne", "password": "x"}, format="json")
    event = only_event(kind=AuditKind.LOGIN_FAILED)
    assert event.username == "personne"
    assert not AuditEventSchool.objects.filter(event=event).exists()


def test_a_successful_login_and_the_logout_record_the_account(world):
    client = csrf_client()
    response = client.post(LOGIN, {"username": "guardian", "password": PASSWORD}, format="json",
                           HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert client.post(LOGOUT).status_code == 204

    guardian = world.users["guardian"]
    login = only_event(kind=AuditKind.LOGIN_SUCCEEDED)
    assert (login.actor, login.username, login.actor_name) == (
        guardian, "guardian", guardian.person.full_name)
    assert login.ip_address == "127.0.0.1"
    assert login.sign_in_method == "password"
    assert school_keys(world, login) == {"A"}
    assert only_event(kind=AuditKind.LOGOUT).actor == guardian


def test_a_blocked_login_is_recorded_as_well(world):
    client = csrf_client()
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "teacher", "password": f"faux{attempt}"}, format="json")
    response = client.post(LOGIN, {"username": "teacher", "password": PASSWORD}, format="json")

    assert response.status_code == 429
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).count() == 10
    blocked = only_event(kind=AuditKind.LOGIN_THROTTLED)
    assert blocked.username == "teacher"
    assert school_keys(world, blocked) == {"A"}


def test_no_password_token_session_key_or_cookie_is_ever_in_the_log(world):
    teacher = world.users["teacher"]
    teacher.set_password(SECRET_PASSWORD)
    teacher.save()
    csrf_client().post(LOGIN, {"username": "teacher", "password": SECRET_PASSWORD + "-typo"},
                       format="json")
    client = csrf_client()
    assert client.post(LOGIN, {"username": "teacher", "password": SECRET_PASSWORD},
                       format="json").status_code == 200
    session_key = client.cookies["sessionid"].value
    csrf_token = client.cookies["csrftoken"].value
    # A refused request carrying secrets in a header, the query string and the body.
    client.credentials(HTTP_X_CSRFTOKEN=csrf_token, HTTP_AUTHORIZATION=f"Token {SECRET_PASSWORD}")
    url = reverse("invitations:letters", kwargs={"school_id": world.schools["A"].pk})
    response = client.post(f"{url}?password={SECRET_PASSWORD}", {"password": SECRET_PASSWORD},
                           format="json")

    assert response.status_code == 403
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert kinds == {AuditKind.LOGIN_FAILED, AuditKind.LOGIN_SUCCEEDED,
                     AuditKind.PERMISSION_DENIED}
    everything = repr(list(AuditEvent.objects.values_list())) + repr(
        list(AuditEventSchool.objects.values_list()))
    for secret in [SECRET_PASSWORD, "-typo", session_key, csrf_token, "sessionid",
                   "csrftoken", "Token ", "?"]:
        assert secret not in everything


def test_a_refused_action_records_who_tried_what_on_which_object(world, client_for):
    school = world.schools["A"]
    url = reverse("invitations:letters", kwargs={"school_id": school.pk})

    response = client_for("teacher").post(url, {}, format="json", REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 403
    event = only_event(kind=AuditKind.PERMISSION_DENIED)
    assert event.actor == world.users["teacher"]
    assert event.method == "POST"
    assert event.path == "/api/v1/schools/<id:school_id>/invitations/"
    assert event.object_ref == f"{response.json()['error']['code']} school_id={school.pk}"
    assert event.ip_address == "198.51.100.4"
    assert school_keys(world, event) == {"A"}


def test_an_authority_write_attempt_is_recorded_as_a_refusal(world, client_for):
    url = reverse("invitations:letters", kwargs={"school_id": world.schools["A"].pk})
    response = client_for("commune").post(url, {}, format="json")
    assert response.status_code == 403
    assert only_event(kind=AuditKind.PERMISSION_DENIED).actor == world.users["commune"]


def test_a_404_is_not_recorded_missing_and_not_yours_are_one_answer(world, client_for):
    url = reverse("schools:school-detail", kwargs={"school_id": world.schools["B"].pk})
    assert client_for("teacher").get(url).status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditKind.PERMISSION_DENIED).exists()


def test_an_authority_read_of_pupils_is_an_audit_event_pointing_at_its_access_log(
        world, client_for):
    school = world.schools["A"]
    url = reverse("authority:school-pupils", kwargs={"school_id": school.pk})

    assert client_for("inspector").get(url, REMOTE_ADDR="192.0.2.10").status_code == 200

    (log,) = AccessLog.objects.all()
    event = only_event(kind=AuditKind.AUTHORITY_READ)
    assert event.actor == world.users["inspector"]
    assert event.object_ref == f"access_log={log.pk} pupil_list"
    assert event.path == "/api/v1/authority/schools/<id:school_id>/pupils/"
    assert event.ip_address == "192.0.2.10"
    assert school_keys(world, event) == {"A"}


def test_an_audit_row_cannot_be_changed_or_deleted_through_the_models(world):
    event = AuditEvent.objects.create(kind=AuditKind.LOGIN_FAILED, username="x",
                                      created_at="2026-11-24T09:00:00+01:00")
    event.username = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(username="y")
    assert AuditEvent.objects.get(pk=event.pk).username == "x"


def test_the_retention_purge_deletes_events_older_than_a_year_and_keeps_the_others(db):
    from datetime import timedelta

    from django.utils import timezone

    from preau.common.retention import purge_expired

    now = timezone.now()
    old = AuditEvent.objects.create(kind=AuditKind.LOGIN_FAILED, username="old",
                                    created_at=now - timedelta(days=366))
    recent = AuditEvent.objects.create(kind=AuditKind.LOGIN_FAILED, username="recent",
                                       created_at=now - timedelta(days=364))

    counts = purge_expired(kinds=["audit_events"], now=now)

    assert counts == {"audit_events": 1}
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk
