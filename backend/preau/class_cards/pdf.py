"""The class's cards as a PDF to print and cut: per card, the pupil's first name, the QR
code of its token (``segno``) and its two pictures (the same SVG files as the tablet's
page)."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.utils import timezone
from fpdf import FPDF

from preau.class_cards.models import PICTURES
from preau.class_cards.services import PrintedCard
from preau.common.pdf import pdf_text
from preau.schools.models import Classroom

PICTURES_DIR = Path(__file__).resolve().parent / "static" / "class_cards" / "pictures"
# A4 portrait, 2 × 4 cards of 95 × 68 mm.
COLUMNS, ROWS = 2, 4
CARD_W, CARD_H = 95, 68
LEFT, TOP = 10, 10


def picture_path(key: str) -> Path:
    return PICTURES_DIR / f"{key}.svg"


def qr_png(text: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def cards_pdf(*, classroom: Classroom, cards: list[PrintedCard]) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    title = f"Cartes de classe — {classroom.name} — {classroom.school.name}"
    pdf.set_title(pdf_text(title))
    pdf.set_author(pdf_text(classroom.school.name))
    pdf.set_auto_page_break(auto=False)
    per_page = COLUMNS * ROWS
    for index, card in enumerate(cards):
        if index % per_page == 0:
            pdf.add_page()
            pdf.set_font("Helvetica", size=7)
            pdf.set_xy(LEFT, 3)
            pdf.cell(0, 5, pdf_text(f"{title} — imprimé le {timezone.localdate():%d/%m/%Y}. "
                                    "À découper ; à garder en classe."))
        slot = index % per_page
        x = LEFT + (slot % COLUMNS) * CARD_W
        y = TOP + (slot // COLUMNS) * CARD_H
        pdf.set_draw_color(150, 150, 150)
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        pdf.rect(x, y, CARD_W, CARD_H)
        pdf.set_dash_pattern()
        pdf.set_draw_color(0, 0, 0)
        name = pdf_text(card.first_name)
        size = 20
        pdf.set_font("Helvetica", "B", size)
        while size > 10 and pdf.get_string_width(name) > CARD_W - 8:  # a long first name
            size -= 1
            pdf.set_font("Helvetica", "B", size)
        pdf.set_xy(x + 4, y + 4)
        pdf.cell(CARD_W - 8, 10, name, align="C")
        pdf.image(qr_png(card.qr_text), x=x + 4, y=y + 17, w=44, h=44)
        for offset, key in enumerate(card.pictures):
            px = x + 52 + offset * 20
            pdf.image(str(picture_path(key)), x=px, y=y + 24, w=18, h=18)
            pdf.set_font("Helvetica", size=9)
            pdf.set_xy(px - 1, y + 44)
            pdf.cell(20, 5, pdf_text(PICTURES[key]), align="C")
        pdf.set_font("Helvetica", size=7)
        pdf.set_xy(x + 52, y + 54)
        pdf.cell(40, 4, pdf_text(classroom.name), align="C")
    return bytes(pdf.output())
