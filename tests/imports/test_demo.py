"""The demo: real schools from the bundled extract, synthetic people, fixed logins."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command

from preau.accounts.models import User
from preau.imports import demo as demo_module
from preau.imports.demo import (
    DEMO_ANNUAIRE_FILE,
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    demo_seed,
)
from preau.people.models import (
    Enrolment,
    Person,
)
from preau.people.selectors import children_of
from preau.schools.models import Classroom, School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "parent": ["guardian"],
    "parent2": ["guardian"],
    "eleve": ["pupil"],
    "enseignant": ["teacher"],
    "directeur": ["director"],
    "mairie": ["commune"],
    "ien": ["inspector"],
    "dasen": ["dasen"],
    "admin": ["operator"],
}


def pupil_names() -> list[tuple[str, str]]:
    return sorted(
        Person.objects.filter(enrolments__isnull=False).values_list("first_name", "last_name")
    )


def test_the_bundled_extract_has_real_schools_in_two_communes_of_two_circonscriptions():
    with DEMO_ANNUAIRE_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))

    assert 4 <= len(rows) <= 6
    assert {row["Ecole_elementaire"] for row in rows} == {"1"}
    assert len({row["Code_commune"] for row in rows}) == 2
    assert len({row["code_circonscription"] for row in rows}) == 2
    assert {row["Code_departement"] for row in rows} == {"094"}
    readme = (DEMO_ANNUAIRE_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "Ministère de l'Éducation nationale — Annuaire de l'éducation" in readme
    assert "Licence Ouverte" in readme


def test_the_command_prints_every_login_then_says_the_demo_exists_and_exits_normally():
    """Outside the local demo (config.settings.local) the accounts that need a second factor
    set it up at their first login: no device is seeded, no key printed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    out = io.StringIO()

    call_command("seed_demo", "--seed", "2026", stdout=out)

    output = out.getvalue()
    for username in DEMO_USERNAMES:
        assert f"  {username} " in output
    assert DEMO_PASSWORD in output
    assert "Démonstration prête." in output
    assert not TOTPDevice.objects.exists()
    assert "OBZGKYLVFVSGK3LPFV2G65DQFVVWK6JB" not in output
    assert "configure à sa première connexion" in output
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert "existe déjà" in again.getvalue()
    assert "--flush" in again.getvalue()


def test_the_command_flush_recreates_the_demo_and_keeps_the_territory_and_other_people():
    call_command("seed_demo", stdout=io.StringIO())
    other = SchoolFactory()
    outsider = Person.objects.create(first_name="Hors", last_name="Démo")
    schools = set(School.objects.values_list("pk", flat=True))
    out = io.StringIO()

    call_command("seed_demo", "--flush", stdout=out)

    assert "Démonstration précédente effacée." in out.getvalue()
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == len(DEMO_USERNAMES)
    assert set(School.objects.values_list("pk", flat=True)) == schools
    assert School.objects.filter(pk=other.pk).exists()
    assert Person.objects.filter(pk=outsider.pk).exists()


SECOND_FACTOR_ACCOUNTS = ["admin", "dasen", "directeur", "ien", "mairie"]


def test_the_local_demo_gives_directors_authorities_and_the_admin_the_demo_device(settings):
    """Under config.settings.local the accounts that must use a second factor come with the
    demo's device, and the command prints the key to add to an application."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from preau.accounts.services import DEMO_TOTP_KEY
    from tests.accounts.test_login import LOGIN, csrf_client

    settings.PREAU_DEMO_TOTP_ALLOWED = True  # what config.settings.local says
    out = io.StringIO()

    call_command("seed_demo", "--seed", "2026", stdout=out)

    devices = TOTPDevice.objects.filter(confirmed=True, key=DEMO_TOTP_KEY)
    assert sorted(devices.values_list("user__username", flat=True)) == SECOND_FACTOR_ACCOUNTS
    assert "OBZGKYLVFVSGK3LPFV2G65DQFVVWK6JB" in out.getvalue()
    client = csrf_client()
    assert client.post(LOGIN, {"username": "directeur", "password": DEMO_PASSWORD},
                       format="json").json()["otp_required"] is True
    device = devices.get(user__username="directeur")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    answer = client.post("/api/v1/accounts/login/otp/", {"code": code}, format="json")
    assert answer.status_code == 200
    assert answer.json()["username"] == "directeur"


# --- The demo is alive: the weeks since the rentrée ---------------------------------------------

PARIS = "Europe/Paris"
A_THURSDAY = (2026, 11, 26, 10, 0)  # a school day, mid-morning: the morning's call is open
A_SATURDAY = (2026, 11, 28, 10, 0)


def travel(*when):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    return time_machine.travel(datetime(*when, tzinfo=ZoneInfo(PARIS)), tick=False)


def api_for(username: str):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_login(User.objects.get(username=username))
    return api


def demo_classrooms() -> tuple[Classroom, Classroom]:
    """The classrooms of the demo's two children: the older one's (the teacher's), the
    younger one's."""
    eleve = User.objects.get(username="eleve").person
    older = Enrolment.objects.get(pupil=eleve).classroom
    parent = User.objects.get(username="parent")
    (younger,) = [e.classroom for e in Enrolment.objects.filter(
        pupil__in=children_of(guardian_id=parent.person_id)).select_related("classroom")
        if e.classroom_id != older.pk]
    return older, younger


def test_on_a_saturday_the_demo_runs_to_friday_and_homework_waits_for_monday():
    from preau.attendance.models import RollCall
    from preau.homework.models import Homework

    with travel(*A_SATURDAY):
        demo_seed()
        older, _younger = demo_classrooms()

    friday = RollCall.objects.filter(classroom=older, date=date(2026, 11, 27))
    assert sorted(friday.values_list("half_day", flat=True)) == ["afternoon", "morning"]
    assert not RollCall.objects.filter(date__gt=date(2026, 11, 27)).exists()
    assert Homework.objects.filter(classroom=older, due_date=date(2026, 11, 30)).exists()


def test_the_same_seed_gives_the_same_pupils_and_activity_another_seed_other_pupils():
    """Three seeds, two of them with ``flush``: the seed alone decides who and what."""
    from preau.attendance.models import Absence, AbsenteeismCase

    def activity():
        return (sorted(Absence.objects.values_list(
                    "pupil__first_name", "pupil__last_name", "date", "half_day", "kind",
                    "justification_status")),
                sorted(AbsenteeismCase.objects.values_list("pupil__last_name", "month")))

    with travel(*A_THURSDAY):
        first = demo_seed(seed=7)
        names, first_activity = pupil_names(), activity()
        second = demo_seed(seed=7, flush=True)
        same_names, second_activity = pupil_names(), activity()
        enrolled = Person.objects.filter(enrolments__isnull=False).count()
        demo_seed(seed=8, flush=True)
        other_names = pupil_names()

    assert second.flushed
    assert same_names == names
    assert (first.classrooms, first.pupils, first.guardians) == (
        second.classrooms, second.pupils, second.guardians,
    )  # fmt: skip
    assert enrolled == first.pupils
    assert first_activity == second_activity
    assert len(first_activity[0]) > 500
    assert other_names != names


def test_the_demo_writes_in_bulk_hashes_the_password_once_and_publishes_no_live_event(
    monkeypatch, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """About 580 queries for the people and the livret, 130 for the weeks of activity (on
    SQLite, whose inserts go by batches of a hundred rows): never one per row. One password
    hash for every login, and no live event for anyone's open page."""
    from preau.realtime import publish

    hashed, sent = [], []
    real = demo_module.make_password
    monkeypatch.setattr(demo_module, "make_password", lambda password: (
        hashed.append(password), real(password))[1])
    monkeypatch.setattr(publish, "_send", sent.extend)

    with (travel(*A_THURSDAY), django_capture_on_commit_callbacks(execute=True),
          django_assert_max_num_queries(800)):
        report = demo_seed()

    assert report.activity["calls"] > 2000
    assert report.activity["absences"] > 500
    assert hashed == [DEMO_PASSWORD]
    assert len(set(User.objects.values_list("password", flat=True))) == 1
    assert sent == []
    assert User.objects.filter(username="parent").exists()
