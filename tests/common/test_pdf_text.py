"""The text of every PDF Préau writes with the core fonts (Windows-1252)."""

from __future__ import annotations

from preau.common.pdf import pdf_text


def test_french_stays_and_other_latin_letters_lose_only_their_accent():
    assert pdf_text("Léa Bœuf — « Évacuation » à 10 h") == "Léa Bœuf — « Évacuation » à 10 h"
    assert pdf_text("Łukasz Dvořák, Øyvind, Đorđe") == "Lukasz Dvorák, Oyvind, Dorde"
    assert pdf_text("李雷") == "??"
