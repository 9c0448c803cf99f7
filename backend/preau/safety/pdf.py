"""The registre de sécurité as a PDF: one line per exercise or alert of the school year."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

from preau.common.pdf import pdf_text
from preau.safety.models import Muster
from preau.schools.models import School, SchoolYear

COLUMNS = [("Date", 22), ("Type", 44), ("Nature", 18), ("Début", 14), ("Fin", 14),
           ("Durée", 14), ("Élèves attendus", 22), ("Retrouvés", 18), ("Manquants", 18),
           ("Observations (problèmes constatés)", 0)]


def _duration(muster: Muster) -> str:
    if muster.ended_at is None:
        return "en cours"
    minutes = round((muster.ended_at - muster.started_at).total_seconds() / 60)
    return f"{minutes} min"


def register_pdf(*, school: School, school_year: SchoolYear, musters: list[Muster]) -> bytes:
    """A4 landscape: the school, the year, then each muster (oldest first) with its times,
    its figures and its observations."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    title = f"Registre de sécurité — {school.name} ({school.uai}) — {school_year.label}"
    pdf.set_title(pdf_text(title))
    pdf.set_author(pdf_text(school.name))
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    pdf.cell(0, 5, pdf_text("Exercices de sécurité et alertes (évacuation incendie, PPMS) — "
                            f"édité le {timezone.localdate():%d/%m/%Y}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(col_widths=[width or 80 for _, width in COLUMNS], line_height=5,
                   text_align="LEFT", first_row_as_headings=True) as table:
        header = table.row()
        for label, _ in COLUMNS:
            header.cell(pdf_text(label))
        pdf.set_font("Helvetica", size=8)
        for muster in sorted(musters, key=lambda m: m.started_at):
            start = timezone.localtime(muster.started_at)
            end = timezone.localtime(muster.ended_at) if muster.ended_at else None
            row = table.row()
            for value in (f"{start:%d/%m/%Y}", muster.get_kind_display(),
                          "Exercice" if muster.is_drill else "Alerte réelle",
                          f"{start:%H:%M}", f"{end:%H:%M}" if end else "—", _duration(muster),
                          str(muster.expected_count), str(muster.found_count),
                          str(muster.missing_count), muster.observations or "Aucun problème signalé"):
                row.cell(pdf_text(value))
    if not musters:
        pdf.ln(4)
        pdf.cell(0, 6, pdf_text("Aucun exercice enregistré cette année scolaire."))
    return bytes(pdf.output())
