"""``seed_departement``: the département of the effectifs extract, at a small scale, with
calls on its last school days — counts that add up, and dashboards that answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from preau.accounts.models import User
from preau.attendance.models import Absence, RollCall
from preau.imports.departement import EFFECTIFS_035, read_effectifs
from preau.people.models import Enrolment, Person
from preau.schools.models import Classroom, School

pytestmark = pytest.mark.django_db

ANNUAIRE_035 = Path(__file__).parent / "data" / "annuaire_ecoles_035_ille-et-vilaine.csv"


def test_the_extract_keeps_the_elementaires_and_primaires_of_the_rentree_2022():
    rows = EFFECTIFS_035.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 563
    assert all(row.startswith("2022;") for row in rows)
    plans = read_effectifs(EFFECTIFS_035)
    assert len(plans) == 562  # one école primaire had only pre-élémentaire pupils
    assert sum(sum(plan.levels.values()) for plan in plans) == 67_718


def test_seed_departement_builds_schools_pupils_and_calls(time_machine):
    time_machine.move_to("2026-11-20 10:00 +01:00")
    call_command("seed_departement", annuaire=str(ANNUAIRE_035), until=date(2026, 11, 20),
                 days=2, scale=0.02)

    plans = {plan.uai: plan for plan in read_effectifs(EFFECTIFS_035, scale=0.02)}
    in_annuaire = {line.split(";", 1)[0] for line in
                   ANNUAIRE_035.read_text(encoding="utf-8-sig").splitlines()[1:]}
    schools = School.objects.filter(uai__in=plans)
    # every school with pupils at this scale, except the few the annuaire does not list
    assert schools.count() == len(set(plans) & in_annuaire) == School.objects.count()
    pupils = sum(sum(plans[s.uai].levels.values()) for s in schools)
    assert Enrolment.objects.count() == pupils
    assert Person.objects.filter(enrolments__isnull=False).count() == pupils
    classrooms = Classroom.objects.count()
    # Thursday 19 November (two half-days) and Friday 20 (the morning only), a few missed
    calls = RollCall.objects.count()
    assert classrooms * 3 * 0.97 < calls <= classrooms * 3
    assert Absence.objects.exists()

    dasen = User.objects.get(username="dasen-035")
    client = APIClient()
    client.force_login(dasen)
    overview = client.get(reverse("authority:overview")).json()
    assert overview["schools"] == schools.count()
    assert overview["classrooms"] == classrooms
    assert overview["pupils"] <= pupils


def test_seed_departement_limited_to_the_first_schools_stores_each_calls_pupils(time_machine):
    time_machine.move_to("2026-11-20 10:00 +01:00")
    call_command("seed_departement", annuaire=str(ANNUAIRE_035), until=date(2026, 11, 20),
                 days=2, schools=4)

    first = [plan.uai for plan in read_effectifs(EFFECTIFS_035)[:4]]
    assert set(School.objects.values_list("uai", flat=True)) <= set(first)
    assert School.objects.count() >= 3  # one school of the file may be missing from the annuaire
    calls = list(RollCall.objects.all())
    assert calls
    for call in calls:
        assert call.pupil_count == Enrolment.objects.filter(
            classroom=call.classroom_id, start_date__lte=call.date).exclude(
            end_date__lt=call.date).count() > 0
