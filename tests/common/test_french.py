"""French elision in the backend's sentences: "d'Axel", not "de Axel"."""

from __future__ import annotations

import pytest

from preau.common.french import elide, of, takes_elision


@pytest.mark.parametrize(("name", "expected"), [
    ("Axel", "d'Axel"),
    ("Émile", "d'Émile"),
    ("Hugo", "d'Hugo"),
    ("Inès", "d'Inès"),
    ("Yanis", "de Yanis"),
    ("Yves", "d'Yves"),
    ("Léa", "de Léa"),
    ("CE1 A", "de CE1 A"),
    ("octobre 2026", "d'octobre 2026"),
])
def test_of_elides_before_a_vowel_an_h_or_y_and_a_consonant(name, expected):
    assert of(name) == expected


def test_other_particles_and_empty_names():
    assert elide("le", "école") == "l'école"
    assert elide("que", "Inès") == "qu'Inès"
    assert elide("que", "Yanis") == "que Yanis"
    assert not takes_elision("")
