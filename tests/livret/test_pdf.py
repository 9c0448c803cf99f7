"""The periodic bilan as a printable PDF, read back by its text."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from preau.livret.models import Acknowledgement, BilanDomain, BilanState
from tests.livret.lsu_scope import livret_ready

pytestmark = pytest.mark.django_db


def _url(bilan) -> str:
    return reverse("livret:bilan-pdf", kwargs={"bilan_id": bilan.pk})


def _text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # One space for any run of blanks: the table wraps long labels on several lines.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_teachers_copy_shows_the_whole_bilan(world, client_for):
    bilan = livret_ready(world)["A1"]

    text = _text(client_for("teacher").get(_url(bilan)))

    for expected in ("Livret scolaire", "Bilan périodique", "École Jean Jaurès", "0940001A",
                     "MARTIN Léa", "CE2 A", "Trimestre 1", "2026-2027",
                     "Français", "Langage oral", "Lecture et compréhension de l'écrit",
                     "Mathématiques", "Nombres et calculs", "Éducation physique et sportive",
                     "Arts plastiques", "Questionner le monde", "Enseignement moral et civique",
                     "Positionnement : objectifs d'apprentissage", "Non atteints",
                     "Atteints", "Dépassés",
                     "Appréciation en langage oral.",
                     "Léa a fourni un travail régulier ce trimestre.",
                     "Parcours citoyen", "Élection des délégués",
                     "L'enseignant(e)", "La directrice / le directeur",
                     "Les responsables légaux", "Sophie Martin", "Karim Martin"):
        assert expected in text, expected
    # One mark per domain that carries a positionnement.
    leaves = BilanDomain.objects.filter(bilan=bilan, positionnement__isnull=False).count()
    assert text.split().count("X") == leaves
    # The school's copy shows the accompaniments.
    assert "Modalités spécifiques d'accompagnement" in text
    for shown in ("PPRE", "deux séances par semaine", "RASED"):
        assert shown in text, shown


def test_a_family_reads_a_communicated_bilan_without_the_accompaniments(world, client_for):
    bilan = livret_ready(world, state=BilanState.COMMUNICATED)["A1"]
    Acknowledgement.objects.create(periodic_bilan=bilan, guardian=world.users["guardian"].person,
                                   acknowledged_at=bilan.communicated_at)

    text = _text(client_for("guardian").get(_url(bilan)))

    assert "MARTIN Léa" in text
    assert "Langage oral" in text
    assert "Sophie Martin : pris connaissance le" in text
    assert "Communiqué aux familles le" in text
    for hidden in ("accompagnement", "PPRE", "RASED", "deux séances"):
        assert hidden not in text, hidden


def test_a_bilan_not_communicated_yet_is_not_for_the_family(world, client_for):
    bilan = livret_ready(world)["A1"]  # validated, not communicated

    assert client_for("guardian").get(_url(bilan)).status_code == 404
    assert client_for("director").get(_url(bilan)).status_code == 200


@pytest.mark.parametrize("role", ["guardian_other", "teacher_other", "director_other",
                                  "inspector", "dasen", "commune", "operator"])
def test_others_do_not_reach_the_pdf(world, client_for, role):
    bilan = livret_ready(world, state=BilanState.COMMUNICATED)["A1"]

    response = client_for(role).get(_url(bilan))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_pupil_reads_their_own_communicated_bilan_as_a_family_does(world, client_for):
    """The pupil themself reads their communicated bilans (docs/livret.md, ## Bilans)."""
    bilan = livret_ready(world, state=BilanState.COMMUNICATED)["A1"]
    assert client_for("pupil").get(_url(bilan)).status_code == 200
    assert client_for("pupil").get(_url(livret_ready(world, state=BilanState.COMMUNICATED)[
        "A2"])).status_code == 404


def test_a_draft_prints_with_empty_marks_and_names_outside_latin_1(world, client_for):
    bilan = livret_ready(world)["A2"]
    bilan.state, bilan.locked_at, bilan.validated_at = BilanState.DRAFT, None, None
    bilan.save()
    BilanDomain.objects.filter(bilan=bilan).update(positionnement=None)
    pupil = bilan.pupil
    pupil.first_name, pupil.last_name = "Łucja", "Nguyễn"
    pupil.save()

    text = _text(client_for("teacher_other").get(_url(bilan)))

    assert "NGUYEN Lucja" in text
    assert "Bilan en cours de rédaction" in text
    assert "Non encore validé" in text
    assert "X" not in text.split()
