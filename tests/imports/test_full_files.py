"""The two full annuaire files (tests/imports/data): every valid row imports, twice idempotently."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from preau.imports.annuaire import annuaire_import
from preau.schools.models import Circonscription, Commune, School, SchoolKind, Sector
from tests.imports.annuaire_files import FULL_035, FULL_094

pytestmark = pytest.mark.django_db


def test_both_full_files_import_without_a_rejection_and_a_second_run_changes_nothing():
    first_094 = annuaire_import(path_or_file=FULL_094)
    first_035 = annuaire_import(path_or_file=FULL_035)

    assert first_094.rejected == []
    assert first_035.rejected == []
    # 094: 613 rows = 270 élémentaires + 37 primaires + 306 maternelles (2 of them closing).
    assert (first_094.created, first_094.skipped) == (307, 306)
    # 035: 685 rows = 119 élémentaires + 454 primaires (1 closing) + 112 maternelles.
    assert (first_035.created, first_035.skipped) == (572, 113)
    assert School.objects.count() == 879
    assert Circonscription.objects.filter(departement__code="094").count() == 24
    assert Circonscription.objects.filter(departement__code="035").count() == 19
    assert Commune.objects.filter(departement__code="094").count() == 47
    assert School.objects.filter(sector=Sector.PRIVATE).exists()
    assert School.objects.filter(rpi_communes__isnull=False).exists()

    again_094 = annuaire_import(path_or_file=FULL_094)
    again_035 = annuaire_import(path_or_file=FULL_035)

    for report, total in ((again_094, 307), (again_035, 572)):
        assert (report.created, report.updated, report.rejected) == (0, 0, [])
        assert report.unchanged == total
        assert report.territory_created.total() == report.territory_updated.total() == 0
    assert School.objects.count() == 879


def test_the_full_094_file_with_maternelles_through_the_command():
    out = io.StringIO()

    call_command("import_annuaire", str(FULL_094), "--include-maternelles", stdout=out)

    assert out.getvalue().strip().splitlines()[-1] == (
        "Écoles : 611 créées, 0 mises à jour, 2 ignorées, 0 rejetées"
    )
    assert School.objects.filter(kind=SchoolKind.MATERNELLE).count() == 304
