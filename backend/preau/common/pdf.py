"""Text for the PDFs Préau writes with fpdf2's core fonts (registers, livret, letters,
registre de sécurité)."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a Latin letter and an accent.
_UNDECOMPOSED = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o",
                               "Ħ": "H", "ħ": "h", "ı": "i"})


def pdf_text(text: str) -> str:
    """The PDF core fonts speak Windows-1252: keep what it has, strip accents from the rest
    (Łukasz Dvořák → Lukasz Dvorák: á is in Windows-1252), "?" for what has no Latin letter."""
    kept = []
    for char in text.translate(_UNDECOMPOSED):
        try:
            char.encode("cp1252")
            kept.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            kept.append(base or "?")
    return "".join(kept)
