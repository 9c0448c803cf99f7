"""The annuaire importer, on small files written by each test."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from preau.imports.annuaire import AnnuaireFileError, annuaire_import
from preau.schools.models import (
    Academie,
    Circonscription,
    Commune,
    Departement,
    HolidayZone,
    School,
    SchoolKind,
    Sector,
    WeekPattern,
)
from tests.imports.annuaire_files import HEADER, school_row, uai, write_annuaire

pytestmark = pytest.mark.django_db


def five_schools(**line_5_overrides: str) -> list[dict[str, str]]:
    """Rows on lines 2 to 6; the overrides go to line 5."""
    rows = [school_row(number) for number in range(1, 6)]
    rows[3].update(line_5_overrides)
    return rows


def test_import_creates_the_territory_and_the_schools(tmp_path):
    path = write_annuaire(
        tmp_path / "a.csv",
        [
            school_row(1, latitude="48.84234712345", longitude="2.42"),
            school_row(2, Ecole_maternelle="1", Restauration="0"),
            school_row(3, Code_commune="94065", Nom_commune="Rungis",
                       code_circonscription="0940927X",
                       nom_circonscription="Circonscription d'inspection du 1er degré de Fresnes"),
        ],
    )  # fmt: skip

    report = annuaire_import(path_or_file=path)

    assert (report.created, report.updated, report.skipped, report.rejected) == (3, 0, 0, [])
    assert Academie.objects.get().name == "Créteil"
    departement = Departement.objects.get()
    assert (departement.code, departement.name, departement.is_alsace_moselle) == (
        "094", "Val-de-Marne", False,
    )  # fmt: skip
    assert set(Circonscription.objects.values_list("code", flat=True)) == {
        "0940935F", "0940927X",
    }  # fmt: skip
    assert set(Commune.objects.values_list("insee_code", "name")) == {
        ("94067", "Saint-Mandé"), ("94065", "Rungis"),
    }  # fmt: skip
    first = School.objects.get(uai=uai(1))
    assert first.kind == SchoolKind.ELEMENTAIRE
    assert first.sector == Sector.PUBLIC
    assert first.holiday_zone == HolidayZone.C
    assert first.commune.insee_code == "94067"
    assert first.circonscription.code == "0940935F"
    assert (first.address, first.postal_code) == ("1 rue Paul Bert", "94160")
    assert (first.latitude, first.longitude) == (Decimal("48.842347"), Decimal("2.42"))
    assert first.has_canteen is True
    assert first.is_rpi is False
    second = School.objects.get(uai=uai(2))
    assert second.kind == SchoolKind.PRIMAIRE
    assert second.has_canteen is False
    assert report.summary_line() == "Écoles : 3 créées, 0 mises à jour, 0 ignorées, 0 rejetées"


def test_maternelles_are_skipped_by_default(tmp_path):
    path = write_annuaire(
        tmp_path / "a.csv",
        [school_row(1), school_row(2, Ecole_maternelle="1", Ecole_elementaire="0")],
    )

    report = annuaire_import(path_or_file=path)

    assert (report.created, report.skipped) == (1, 1)
    assert report.skipped_reasons == {"école maternelle": 1}
    assert not School.objects.filter(uai=uai(2)).exists()


def test_maternelles_are_imported_with_the_flag(tmp_path):
    path = write_annuaire(
        tmp_path / "a.csv",
        [school_row(1), school_row(2, Ecole_maternelle="1", Ecole_elementaire="0")],
    )

    report = annuaire_import(path_or_file=path, include_maternelles=True)

    assert (report.created, report.skipped) == (2, 0)
    assert School.objects.get(uai=uai(2)).kind == SchoolKind.MATERNELLE


def test_rows_not_open_or_not_ecoles_are_skipped(tmp_path):
    path = write_annuaire(
        tmp_path / "a.csv",
        [
            school_row(1),
            school_row(2, etat="A FERMER"),
            school_row(3, Type_etablissement="Collège"),
            school_row(4, Ecole_maternelle="0", Ecole_elementaire="0"),
        ],
    )

    report = annuaire_import(path_or_file=path)

    assert (report.created, report.skipped, report.rejected) == (1, 3, [])
    assert report.skipped_reasons == {
        "état « A FERMER »": 1,
        "type d'établissement « Collège »": 1,
        "ni maternelle ni élémentaire": 1,
    }


def test_a_second_run_creates_nothing_updates_nothing_and_costs_no_query_per_row(
    tmp_path, django_assert_max_num_queries
):
    path = write_annuaire(tmp_path / "a.csv", [school_row(n) for n in range(1, 31)])
    annuaire_import(path_or_file=path)

    with django_assert_max_num_queries(8):
        report = annuaire_import(path_or_file=path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 30)
    assert report.summary_line() == "Écoles : 0 créées, 0 mises à jour, 0 ignorées, 0 rejetées"
    assert School.objects.count() == 30
    assert report.territory_created.total() == 0
    assert report.territory_updated.total() == 0


def test_a_changed_row_updates_only_the_imported_fields_of_that_school(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1), school_row(2)])
    annuaire_import(path_or_file=path)
    School.objects.filter(uai=uai(1)).update(week_pattern=WeekPattern.FOUR_AND_HALF_DAYS)
    untouched_before = School.objects.get(uai=uai(2)).updated_at
    write_annuaire(path, [school_row(1, Nom_etablissement="Ecole élémentaire renommée"),
                          school_row(2)])  # fmt: skip

    report = annuaire_import(path_or_file=path)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    renamed = School.objects.get(uai=uai(1))
    assert renamed.name == "Ecole élémentaire renommée"
    assert renamed.week_pattern == WeekPattern.FOUR_AND_HALF_DAYS  # owned by the school
    assert School.objects.get(uai=uai(2)).updated_at == untouched_before


def test_a_renamed_commune_is_updated_not_duplicated(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1)])
    annuaire_import(path_or_file=path)
    write_annuaire(path, [school_row(1, Nom_commune="Saint-Mandé-sur-Bois")])

    report = annuaire_import(path_or_file=path)

    assert Commune.objects.get().name == "Saint-Mandé-sur-Bois"
    assert report.territory_updated["commune"] == 1
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_a_corrupted_uai_is_rejected_with_its_line_and_the_other_rows_are_imported(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", five_schools(Identifiant_de_l_etablissement="XYZ"))

    report = annuaire_import(path_or_file=path)

    assert report.created == 4
    assert len(report.rejected) == 1
    rejection = report.rejected[0]
    assert (rejection.line, rejection.uai) == (5, "XYZ")
    assert "UAI invalide" in rejection.reason
    assert School.objects.count() == 4


def test_an_empty_commune_code_is_rejected_with_its_line(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", five_schools(Code_commune=""))

    report = annuaire_import(path_or_file=path)

    assert report.created == 4
    assert [(r.line, r.uai) for r in report.rejected] == [(5, uai(4))]
    assert "code commune" in report.rejected[0].reason
    assert not School.objects.filter(uai=uai(4)).exists()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"Identifiant_de_l_etablissement": ""}, "UAI manquant"),
        ({"Identifiant_de_l_etablissement": "094000AB"}, "UAI invalide"),
        ({"Code_commune": "9406"}, "code commune (INSEE) invalide"),
        ({"code_circonscription": "", "nom_circonscription": ""}, "circonscription manquante"),
        ({"code_circonscription": "", "nom_circonscription": "Circonscription de l'Atlantide"},
         "inconnu du référentiel"),
        ({"Code_academie": "99", "Libelle_academie": "Atlantide"}, "académie inconnue"),
        ({"Code_academie": "27", "Libelle_academie": "Corse"}, "calendrier scolaire propre"),
        ({"latitude": "quarante-huit"}, "coordonnées invalides"),
        ({"latitude": "148.2"}, "coordonnées hors limites"),
        ({"longitude": ""}, "coordonnées incomplètes"),
        ({"Statut_public_prive": "Associatif"}, "statut public/privé inconnu"),
        ({"Ecole_elementaire": "oui"}, "0 ou 1 attendu"),
        ({"Code_postal": "9416"}, "code postal invalide"),
        ({"Nom_etablissement": ""}, "nom de l'école manquant"),
        ({"Nom_etablissement": "É" * 201}, "trop long"),
        ({"date_ouverture": "hier"}, "date d'ouverture invalide"),
        ({"Code_departement": "94X"}, "code département invalide"),
    ],
)  # fmt: skip
def test_a_bad_row_is_rejected_with_a_reason(tmp_path, overrides, reason):
    path = write_annuaire(tmp_path / "a.csv", five_schools(**overrides))

    report = annuaire_import(path_or_file=path)

    assert report.created == 4
    assert [r.line for r in report.rejected] == [5]
    assert reason in report.rejected[0].reason


def test_a_duplicated_uai_is_rejected_on_its_second_line(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1), school_row(2), school_row(1)])

    report = annuaire_import(path_or_file=path)

    assert report.created == 2
    assert [(r.line, r.uai) for r in report.rejected] == [(4, uai(1))]
    assert "déjà ligne 2" in report.rejected[0].reason


def test_a_row_with_a_missing_field_is_rejected(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1), school_row(2)])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rsplit(";", 3)[0]  # three fields short
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = annuaire_import(path_or_file=path)

    assert report.created == 1
    assert [(r.line, r.uai) for r in report.rejected] == [(3, uai(2))]
    assert "champs au lieu de" in report.rejected[0].reason


def test_line_numbers_are_physical_lines_even_with_a_quoted_newline(tmp_path):
    rows = five_schools(Identifiant_de_l_etablissement="XYZ")
    rows[1]["Adresse_2"] = "Bâtiment A\nEscalier 2"  # line 3 spans lines 3 and 4
    path = write_annuaire(tmp_path / "a.csv", rows)

    report = annuaire_import(path_or_file=path)

    assert [r.line for r in report.rejected] == [6]
    assert report.created == 4


def test_a_row_failing_in_the_database_is_rolled_back_with_its_new_commune(tmp_path, monkeypatch):
    create = School.objects.create

    def failing_create(**values):
        if values["uai"] == uai(2):
            raise IntegrityError("panne simulée")
        return create(**values)

    monkeypatch.setattr(School.objects, "create", failing_create)
    rungis = {"Code_commune": "94065", "Nom_commune": "Rungis"}
    path = write_annuaire(
        tmp_path / "a.csv", [school_row(1), school_row(2, **rungis), school_row(3, **rungis)]
    )

    report = annuaire_import(path_or_file=path)

    assert [(r.line, r.uai) for r in report.rejected] == [(3, uai(2))]
    assert "panne simulée" in report.rejected[0].reason
    assert report.created == 2
    # Rungis was created by the failed row, rolled back, then created again by the next.
    assert School.objects.get(uai=uai(3)).commune.name == "Rungis"
    assert report.territory_created["commune"] == 2


def test_dry_run_writes_nothing_but_reports_what_would_happen(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", five_schools(Code_commune=""))

    report = annuaire_import(path_or_file=path, dry_run=True)

    assert (report.created, len(report.rejected), report.dry_run) == (4, 1, True)
    assert School.objects.count() == 0
    assert Commune.objects.count() == 0
    assert Academie.objects.count() == 0


def test_a_bom_and_a_file_object_are_accepted(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1)], bom=True)

    with path.open("rb") as handle:
        report = annuaire_import(path_or_file=handle)

    assert report.created == 1
    assert report.rejected == []


def test_a_text_stream_with_crlf_line_ends_is_accepted(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", five_schools(Identifiant_de_l_etablissement="XYZ"))
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")

    report = annuaire_import(path_or_file=io.StringIO(text))

    assert report.created == 4
    assert [r.line for r in report.rejected] == [5]


def test_an_older_export_without_circonscription_codes_uses_the_reference(tmp_path):
    """The Ille-et-Vilaine export has ``Code postal`` and no ``code_circonscription``."""
    header = [
        "Code postal" if column == "Code_postal" else column
        for column in HEADER
        if column != "code_circonscription"
    ]
    bruz = "Circonscription d'inspection du 1er degré de Bruz"
    rennes = {
        "Code_commune": "35016", "Nom_commune": "Baulon", "Code_departement": "035",
        "Libelle_departement": "Ille-et-Vilaine", "Code_academie": "14",
        "Libelle_academie": "Rennes", "Code postal": "35580", "nom_circonscription": bruz,
        "Statut_public_prive": "Privé",
    }  # fmt: skip
    rows = [
        school_row(1, **rennes, Identifiant_de_l_etablissement=uai(122, departement="035")),
        school_row(2, **{**rennes, "nom_circonscription": "Circonscription imaginaire"},
                   Identifiant_de_l_etablissement=uai(123, departement="035")),
    ]  # fmt: skip
    path = write_annuaire(tmp_path / "a.csv", rows, header=header)

    report = annuaire_import(path_or_file=path)

    assert report.created == 1
    assert [r.line for r in report.rejected] == [3]
    school = School.objects.get()
    assert school.circonscription.code == "0350739N"
    assert school.circonscription.name == bruz
    assert school.postal_code == "35580"
    assert school.sector == Sector.PRIVATE
    assert school.holiday_zone == HolidayZone.B


def test_a_circonscription_without_code_matches_a_known_one_by_name(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1)])
    annuaire_import(path_or_file=path)
    header = [column for column in HEADER if column != "code_circonscription"]
    name = "CIRCONSCRIPTION D'INSPECTION DU 1ER DEGRE DE VINCENNES"
    write_annuaire(path, [school_row(2, nom_circonscription=name)], header=header)

    report = annuaire_import(path_or_file=path)

    assert report.created == 1
    assert Circonscription.objects.count() == 1
    assert School.objects.get(uai=uai(2)).circonscription.code == "0940935F"


def test_alsace_moselle_departements_are_flagged(tmp_path):
    strasbourg = {
        "Code_commune": "67482", "Nom_commune": "Strasbourg", "Code_departement": "067",
        "Libelle_departement": "Bas-Rhin", "Code_academie": "15",
        "Libelle_academie": "Strasbourg", "Code_postal": "67000",
        "code_circonscription": "0672001X", "nom_circonscription": "Strasbourg 1",
    }  # fmt: skip
    path = write_annuaire(
        tmp_path / "a.csv",
        [school_row(1), school_row(2, **strasbourg,
                                   Identifiant_de_l_etablissement=uai(12, departement="067"))],
    )  # fmt: skip

    annuaire_import(path_or_file=path)

    flags = dict(Departement.objects.values_list("code", "is_alsace_moselle"))
    assert flags == {"094": False, "067": True}
    assert School.objects.get(commune__insee_code="67482").holiday_zone == HolidayZone.B


def test_a_two_digit_departement_code_is_padded(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1), school_row(2, Code_departement="94")])

    report = annuaire_import(path_or_file=path)

    assert report.created == 2
    assert list(Departement.objects.values_list("code", flat=True)) == ["094"]


def test_schools_of_one_rpi_disperse_get_each_others_communes(tmp_path):
    path = write_annuaire(
        tmp_path / "a.csv",
        [
            school_row(1, rpi_disperse="094001"),
            school_row(2, rpi_disperse="094001", Code_commune="94065", Nom_commune="Rungis"),
            school_row(3, rpi_concentre="1"),
            school_row(4),
        ],
    )

    annuaire_import(path_or_file=path)
    report = annuaire_import(path_or_file=path)

    first, second, third, fourth = (School.objects.get(uai=uai(n)) for n in range(1, 5))
    assert [c.insee_code for c in first.rpi_communes.all()] == ["94065"]
    assert [c.insee_code for c in second.rpi_communes.all()] == ["94067"]
    assert (first.is_rpi, second.is_rpi, third.is_rpi, fourth.is_rpi) == (True, True, True, False)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)


def test_a_wrong_uai_control_letter_is_a_warning_not_a_rejection(tmp_path):
    wrong = uai(1)[:7] + ("A" if uai(1)[7] != "A" else "B")
    path = write_annuaire(tmp_path / "a.csv", [school_row(1, Identifiant_de_l_etablissement=wrong)])

    report = annuaire_import(path_or_file=path)

    assert report.created == 1
    assert [(w.line, w.uai) for w in report.warnings] == [(2, wrong)]


def test_a_file_without_the_uai_column_is_refused(tmp_path):
    header = [column for column in HEADER if column != "Identifiant_de_l_etablissement"]
    path = write_annuaire(tmp_path / "a.csv", [school_row(1)], header=header)

    with pytest.raises(AnnuaireFileError, match="Identifiant_de_l_etablissement"):
        annuaire_import(path_or_file=path)
    assert School.objects.count() == 0


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_text("", encoding="utf-8")

    with pytest.raises(AnnuaireFileError, match="vide"):
        annuaire_import(path_or_file=path)


def test_a_file_not_in_utf8_is_refused(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", [school_row(1)])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))

    with pytest.raises(AnnuaireFileError, match="UTF-8"):
        annuaire_import(path_or_file=path)


# --- The command ---------------------------------------------------------------------


def test_the_command_prints_rejections_and_the_summary_line(tmp_path):
    path = write_annuaire(
        tmp_path / "a.csv",
        [
            *five_schools(Identifiant_de_l_etablissement="XYZ"),
            school_row(9, Ecole_maternelle="1", Ecole_elementaire="0"),
        ],
    )
    out = io.StringIO()

    call_command("import_annuaire", str(path), stdout=out)

    output = out.getvalue()
    assert "Ligne 5 (UAI XYZ) : UAI invalide" in output
    assert output.strip().splitlines()[-1] == (
        "Écoles : 4 créées, 0 mises à jour, 1 ignorées, 1 rejetées"
    )
    assert "\r" not in output  # no progress bar when stdout is not a terminal


def test_the_command_second_run_reports_nothing_created_nor_updated(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", five_schools())
    call_command("import_annuaire", str(path), stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_annuaire", str(path), stdout=out)

    assert "Écoles : 0 créées, 0 mises à jour, 0 ignorées, 0 rejetées" in out.getvalue()
    assert "Écoles inchangées : 5" in out.getvalue()


def test_the_command_dry_run_writes_nothing(tmp_path):
    path = write_annuaire(tmp_path / "a.csv", five_schools())
    out = io.StringIO()

    call_command("import_annuaire", str(path), "--dry-run", stdout=out)

    assert "Écoles : 5 créées" in out.getvalue()
    assert "Simulation" in out.getvalue()
    assert School.objects.count() == 0


def test_the_command_includes_maternelles_with_the_flag(tmp_path):
    path = write_annuaire(
        tmp_path / "a.csv", [school_row(1, Ecole_maternelle="1", Ecole_elementaire="0")]
    )

    call_command("import_annuaire", str(path), "--include-maternelles", stdout=io.StringIO())

    assert School.objects.get().kind == SchoolKind.MATERNELLE


def test_the_command_fails_clearly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_annuaire", str(tmp_path / "absent.csv"), stdout=io.StringIO())


def test_the_command_fails_clearly_without_the_uai_column(tmp_path):
    header = [column for column in HEADER if column != "Identifiant_de_l_etablissement"]
    path = write_annuaire(tmp_path / "a.csv", [school_row(1)], header=header)

    with pytest.raises(CommandError, match=r"colonne.*Identifiant_de_l_etablissement"):
        call_command("import_annuaire", str(path), stdout=io.StringIO())


def test_the_command_hints_at_the_separator(tmp_path):
    path = tmp_path / "virgules.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")

    with pytest.raises(CommandError, match="séparateur"):
        call_command("import_annuaire", str(path), stdout=io.StringIO())
