"""Role-matrix rows of the ONDE import: the director of the school only."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.imports.onde_files import onde_files
from tests.matrix import Row
from tests.world import World

SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
SCHOOLS_SEEN = {
    "pupil": {"A"}, "guardian": {"A"}, "guardian_other": {"A"}, "teacher": {"A"},
    "teacher_other": {"A"}, "director": {"A"}, "director_other": {"B"},
    "commune": {"A"}, "commune_other": {"B"}, "inspector": {"A"}, "inspector_other": {"B"},
    "dasen": {"A", "B"},
}
DIRECTORS = {"director": {"A"}, "director_other": {"B"}}
# The operator (a superuser, no school role) runs the rentrée imports of every school.
IMPORTERS = {**DIRECTORS, "operator": {"A", "B", "C"}}


def _files(world: World, key: str | None) -> dict:
    """Three pupils per school, other children in each (a pupil is in one school only)."""
    offset = 100 * "ABC".index(key) if key else 0
    pupils, guardians, _ = onde_files(3, seed=7 + offset, first_ine=offset)
    return {"pupils": SimpleUploadedFile("eleves.csv", pupils),
            "guardians": SimpleUploadedFile("responsables.csv", guardians)}


ROWS: list[Row] = [
    Row("imports:oneroster", kwarg="school_id", resolve=lambda w, k: w.schools[k],
        targets=SCHOOLS, seen=IMPORTERS),
    Row("imports:onde-preview", method="POST", kwarg="school_id",
        resolve=lambda w, k: w.schools[k], targets=SCHOOLS, seen=SCHOOLS_SEEN,
        writers=IMPORTERS, body=_files, multipart=True),
    Row("imports:onde-apply", method="POST", kwarg="school_id",
        resolve=lambda w, k: w.schools[k], targets=SCHOOLS, seen=SCHOOLS_SEEN,
        writers=IMPORTERS, body=_files, multipart=True),
]
