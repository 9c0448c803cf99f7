"""The demo has the periods of its schools and published evaluations in every class."""

import time

import pytest
from rest_framework.test import APIClient

from preau.accounts.models import User
from preau.imports.demo import DEMO_EVALUATIONS, demo_school_uais, demo_seed
from preau.livret.models import Evaluation, Period, Result
from preau.people.models import Enrolment
from preau.schools.models import Classroom

pytestmark = pytest.mark.django_db


def test_the_demo_has_trimesters_and_published_evaluations_with_results_in_each_class():
    started = time.monotonic()
    demo_seed(seed=2026)
    seconds = time.monotonic() - started

    uais = demo_school_uais()
    assert Period.objects.filter(school__uai__in=uais).count() == 3 * len(uais)
    for classroom in Classroom.objects.filter(school__uai__in=uais):
        evaluations = Evaluation.objects.filter(classroom=classroom)
        assert evaluations.count() == len(DEMO_EVALUATIONS)
        assert not evaluations.filter(published_at__isnull=True).exists()
        pupils = Enrolment.objects.filter(classroom=classroom).count()
        for evaluation in evaluations:
            cells = Result.objects.filter(evaluation=evaluation)
            assert cells.values("pupil").distinct().count() == pupils
    assert seconds < 30  # the seed stays fast: the livret adds a few bulk inserts

    parent = APIClient()
    parent.force_login(User.objects.get(username="parent"))
    eleve = User.objects.get(username="eleve")
    body = parent.get(f"/api/v1/livret/pupils/{eleve.person_id}/evaluations/").json()
    assert body["count"] == len(DEMO_EVALUATIONS)
    assert all(item["results"] for item in body["results"])


def test_flushing_the_demo_removes_its_evaluations_and_periods():
    demo_seed(seed=2026)
    report = demo_seed(seed=2026, flush=True)

    assert report.flushed
    uais = demo_school_uais()
    assert Period.objects.filter(school__uai__in=uais).count() == 3 * len(uais)
    assert Evaluation.objects.count() == len(DEMO_EVALUATIONS) * Classroom.objects.filter(
        school__uai__in=uais).count()
