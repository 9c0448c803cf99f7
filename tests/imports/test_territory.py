"""The académie → holiday zone table and the bundled circonscription reference."""

from __future__ import annotations

import pytest

from preau.imports.territory import (
    ACADEMIES,
    academie_info,
    normalize_label,
    reference_circonscriptions,
)
from preau.schools.models import HolidayZone

# The national calendar's three zones (arrêté in force since the 2016 reform of the regions).
ZONE_A = {"Besançon", "Bordeaux", "Clermont-Ferrand", "Dijon", "Grenoble", "Limoges", "Lyon",
          "Poitiers"}  # fmt: skip
ZONE_B = {"Aix-Marseille", "Amiens", "Caen", "Lille", "Nancy-Metz", "Nantes", "Nice",
          "Normandie", "Orléans-Tours", "Reims", "Rennes", "Rouen", "Strasbourg"}  # fmt: skip
ZONE_C = {"Créteil", "Montpellier", "Paris", "Toulouse", "Versailles"}
OWN_CALENDAR = {"Corse", "La Réunion", "Martinique", "Guadeloupe", "Guyane", "Mayotte",
                "Nouvelle-Calédonie", "Polynésie française", "Wallis-et-Futuna",
                "Saint-Pierre-et-Miquelon"}  # fmt: skip


def test_every_academie_is_in_the_table_with_its_zone():
    zones = {info.name: info.zone for info in ACADEMIES.values()}

    assert set(zones) == ZONE_A | ZONE_B | ZONE_C | OWN_CALENDAR
    assert {name for name, zone in zones.items() if zone == HolidayZone.A} == ZONE_A
    assert {name for name, zone in zones.items() if zone == HolidayZone.B} == ZONE_B
    assert {name for name, zone in zones.items() if zone == HolidayZone.C} == ZONE_C
    assert {name for name, zone in zones.items() if zone is None} == OWN_CALENDAR


@pytest.mark.parametrize(
    ("code", "label", "name", "zone"),
    [
        ("24", "Créteil", "Créteil", HolidayZone.C),
        ("14", "Rennes", "Rennes", HolidayZone.B),
        ("1", "", "Paris", HolidayZone.C),
        ("010", "", "Lyon", HolidayZone.A),
        ("70", "Normandie", "Normandie", HolidayZone.B),
        ("", "ORLEANS-TOURS", "Orléans-Tours", HolidayZone.B),
        ("99", "Clermont Ferrand", "Clermont-Ferrand", HolidayZone.A),
    ],
)
def test_an_academie_is_found_by_code_or_by_label(code, label, name, zone):
    info = academie_info(code=code, label=label)

    assert info is not None
    assert (info.name, info.zone) == (name, zone)


def test_an_unknown_academie_is_none():
    assert academie_info(code="99", label="Atlantide") is None


def test_labels_compare_without_accents_case_or_doubled_spaces():
    assert normalize_label("Circonscription d'inspection  du 1er degre d'Orly") == normalize_label(
        "CIRCONSCRIPTION D'INSPECTION DU 1ER DEGRÉ D'ORLY"
    )


def test_the_reference_holds_the_circonscriptions_of_035_and_094():
    reference = reference_circonscriptions()

    assert (
        reference[("035", normalize_label("Circonscription d'inspection du 1er degré de Bruz"))][0]
        == "0350739N"
    )
    assert {departement for departement, _name in reference} == {"035", "094"}
    assert sum(1 for departement, _name in reference if departement == "094") == 24
