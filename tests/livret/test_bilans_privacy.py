"""The accompaniment modalities (PPRE, PAP, PPS, PAI, RASED, ULIS, UPE2A) reach the pupil's
teachers and director only: every livret answer to every other role is probed for their
field names, codes, labels and the PPRE complement."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from preau.livret.models import Accompaniment, BilanAccompaniment, PeriodicBilan
from tests.matrix import MATRIX
from tests.world import ROLES

pytestmark = pytest.mark.django_db

WORLD_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
STAFF_ROLES = {"teacher", "teacher_other", "director", "director_other"}
OTHER_ROLES = [role for role in ROLES if role not in STAFF_ROLES | {"anonymous"}]
LIVRET_ROWS = [row for row in MATRIX if row.name.startswith(("livret:", "livret_authority:"))]
COMPLEMENT = "Complément PPRE confidentiel"
FIELD_NAMES = {"accompaniments", "ppre_complement", "accompaniment"}
VALUES = set(Accompaniment.values)
LABELS = {str(label) for label in Accompaniment.labels}


@pytest.fixture
def world(world_of_module):
    return world_of_module


@pytest.fixture(autouse=True)
def _fixed_date():
    with time_machine.travel(WORLD_NOW):
        yield


def _every_bilan_accompanied() -> None:
    rows = []
    for bilan_id in PeriodicBilan.objects.values_list("pk", flat=True):
        for code in Accompaniment.values:
            rows.append(BilanAccompaniment(
                bilan_id=bilan_id, code=code,
                ppre_complement=COMPLEMENT if code == Accompaniment.PPRE else ""))
    BilanAccompaniment.objects.bulk_create(rows, ignore_conflicts=True)


def _leaks(value, path="") -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, sub in value.items():
            if key in FIELD_NAMES:
                found.append(f"{path}.{key}")
            found += _leaks(sub, f"{path}.{key}")
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += _leaks(sub, f"{path}[{index}]")
    elif isinstance(value, str) and (value in VALUES or COMPLEMENT in value
                                     or any(label in value for label in LABELS)):
        found.append(f"{path}={value!r}")
    return found


def _answers(world, client, row):
    """The answers of one row for each of its targets (or its one URL)."""
    method = getattr(client, row.method.lower())
    targets = ([(key, reverse(row.name, kwargs={row.kwarg: row.resolve(world, key).pk}))
                for key in row.targets.values()] if row.kwarg else [(None, reverse(row.name))])
    for key, url in targets:
        if row.method == "GET":
            yield url, method(url, row.query(world) if row.query else None)
        else:
            yield url, method(url, row.body_for(world, key) or {}, format="json")


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_no_livret_answer_to_anyone_but_the_staff_names_an_accompaniment(world, client_for,
                                                                       role):
    for row in LIVRET_ROWS:
        if row.prepare:
            row.prepare(world)
    _every_bilan_accompanied()
    client = client_for(role)
    reached = 0
    for row in LIVRET_ROWS:
        for url, response in _answers(world, client, row):
            if response.get("Content-Type", "").startswith("application/json"):
                leaks = _leaks(response.json())
                assert leaks == [], (role, row.method, url, leaks)
            reached += response.status_code < 400
    if role in {"pupil", "guardian", "guardian_other", "inspector", "dasen"}:
        assert reached, f"{role} read nothing: the probe would prove nothing"


def test_the_staff_do_read_the_accompaniments(world, client_for):
    """The probe's counterpart: the same data, to the teacher, names them."""
    for row in LIVRET_ROWS:
        if row.prepare:
            row.prepare(world)
    _every_bilan_accompanied()
    row = next(row for row in LIVRET_ROWS if row.name == "livret:bilan-detail")
    (_, response), *_ = _answers(world, client_for("teacher"), row)
    assert response.status_code == 200
    assert _leaks(response.json())
