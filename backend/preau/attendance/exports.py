"""The monthly register as files: CSV for spreadsheets, PDF to print and keep.

Both come from ``registers.monthly_register`` (no query here). One code per cell:

- (empty) present · ``NF`` call not taken (a half-day that is over) · ``-`` not enrolled
  that day
- (empty, in a column headed "à venir", shaded in the PDF) upcoming: the half-day is not
  over and its call not taken yet. The register never accuses the future.
- ``A`` absent, no accepted justification · ``AA`` absent, justification awaiting the
  director · ``AJ`` absent, justified (legitimate reason accepted) · ``AX`` absent, excused
  for another reason (accepted, but left to the DASEN's judgement by L131-8: it counts)
- ``R10`` late, 10 minutes
"""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

from preau.attendance.dates import HALF_DAY_NAMES, month_label
from preau.attendance.models import LEGITIMATE_REASONS, JustificationStatus
from preau.common.csv import spreadsheet_csv
from preau.common.pdf import pdf_text

LEGEND = (
    "Case vide : présent·e (colonne « à venir » : demi-journée pas encore terminée, rien "
    "n'y est encore inscrit)   NF : appel non fait   - : pas inscrit·e   "
    "A : absence non justifiée   AA : justification en attente   "
    "AJ : absence justifiée (motif légitime, art. L131-8)   "
    "AX : absence excusée pour un autre motif (laissé à l'appréciation du DASEN)   "
    "R10 : retard de 10 minutes"
)
TOTAL_HEADERS = ["Absences (demi-journées)", "dont justifiées", "dont non justifiées",
                 "Retards", "Minutes de retard"]
TOTAL_KEYS = ["absent", "absent_justified", "absent_unjustified", "late", "minutes_late"]


def cell_code(cell: dict) -> str:
    mark = cell["presence"]
    if mark == "not_enrolled":
        return "-"
    if mark == "not_taken":
        return "NF"
    if mark == "upcoming":
        return ""
    if mark == "present":
        return ""
    if mark == "late":
        return f"R{cell['minutes_late']}"
    status = cell["justification_status"]
    if status == JustificationStatus.PENDING:
        return "AA"
    if status == JustificationStatus.ACCEPTED:
        return "AJ" if cell["absence_reason"] in LEGITIMATE_REASONS else "AX"
    return "A"


def _sign_off_line(register: dict) -> str:
    sign_off = register["sign_off"]
    if sign_off is None:
        return "Registre non signé par la direction."
    signed_at = timezone.localtime(sign_off.signed_at)
    return (f"Registre signé par {sign_off.signed_by.full_name}, direction, "
            f"le {signed_at:%d/%m/%Y à %H:%M}.")


def _half_day_header(half_day: dict) -> str:
    header = f"{half_day['date']:%d/%m} {HALF_DAY_NAMES[half_day['half_day']]}"
    if not half_day["is_over"] and not half_day["roll_call_taken"]:
        header += " (à venir)"
    return header


def register_csv(register: dict) -> bytes:
    """Semicolon-separated, UTF-8 with a BOM: what French spreadsheets open as is."""
    rows = [["Nom", "Prénom", "Niveau",
             *[_half_day_header(h) for h in register["half_days"]], *TOTAL_HEADERS]]
    for row in register["rows"]:
        pupil = row["pupil"]
        rows.append([pupil.usage_name or pupil.last_name, pupil.first_name, row["level"],
                     *[cell_code(cell) for cell in row["cells"]],
                     *[row["totals"][key] for key in TOTAL_KEYS]])
    rows += [[], [_sign_off_line(register)], [LEGEND]]
    return spreadsheet_csv(rows)


# --- PDF -----------------------------------------------------------------------------------


class _RegisterPdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.register_title = title
        self.set_margins(8, 8, 8)
        self.set_auto_page_break(auto=True, margin=14)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=7)
        self.cell(0, 5, pdf_text(f"{self.register_title} — page {self.page_no()}/{{nb}}"),
                  align="R")


def register_pdf(register: dict) -> bytes:
    """A4 landscape: one line per pupil, one column per half-day of class, totals."""
    classroom, month = register["classroom"], register["month"]
    school = classroom.school
    title = f"Registre d'appel — {classroom.name} — {month_label(month)}"
    pdf = _RegisterPdf(pdf_text(title))
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    pdf.cell(0, 5, pdf_text(f"{school.name} ({school.uai}) — année scolaire "
                             f"{classroom.school_year.label}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    half_days = register["half_days"]
    name_width, total_width, row_height = 40, 9, 4.6
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    cell_width = (usable - name_width - total_width * len(TOTAL_KEYS)) / max(len(half_days), 1)
    total_labels = ["Abs.", "Just.", "Non j.", "Ret.", "Min."]

    def header() -> None:
        pdf.set_font("Helvetica", "B", 5.5)
        pdf.set_fill_color(235, 235, 235)
        pdf.cell(name_width, row_height, pdf_text("Élève"), border=1, fill=True)
        for half_day in half_days:
            label = f"{half_day['date']:%d}{'m' if half_day['half_day'] == 'morning' else 'a'}"
            if half_day["roll_call_taken"]:
                pdf.set_fill_color(235, 235, 235)
            elif not half_day["is_over"]:
                pdf.set_fill_color(255, 255, 255)  # à venir: its cells are shaded
            else:
                pdf.set_fill_color(250, 220, 220)
            pdf.cell(cell_width, row_height, label, border=1, align="C", fill=True)
        pdf.set_fill_color(235, 235, 235)
        for label in total_labels:
            pdf.cell(total_width, row_height, pdf_text(label), border=1, align="C", fill=True)
        pdf.ln(row_height)

    header()
    pdf.set_font("Helvetica", size=5.5)
    for row in register["rows"]:
        if pdf.will_page_break(row_height):
            pdf.add_page()
            header()
            pdf.set_font("Helvetica", size=5.5)
        pupil = row["pupil"]
        name = f"{pupil.usage_name or pupil.last_name} {pupil.first_name} ({row['level']})"
        pdf.cell(name_width, row_height, pdf_text(name)[:34], border=1)
        for cell in row["cells"]:
            code = cell_code(cell)
            unjustified = code == "A"
            if unjustified:
                pdf.set_font("Helvetica", "B", 5.5)
            upcoming = cell["presence"] == "upcoming"
            if upcoming:
                pdf.set_fill_color(235, 235, 235)
            pdf.cell(cell_width, row_height, code, border=1, align="C", fill=upcoming)
            if unjustified:
                pdf.set_font("Helvetica", size=5.5)
        for key in TOTAL_KEYS:
            pdf.cell(total_width, row_height, str(row["totals"][key]), border=1, align="C")
        pdf.ln(row_height)

    pdf.ln(3)
    pdf.set_font("Helvetica", size=6.5)
    pdf.multi_cell(0, 3.5, pdf_text(LEGEND + "   En-tête rouge : appel non fait.   "
                                     "Colonne grisée : à venir."),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 8)
    pdf.cell(0, 5, pdf_text(_sign_off_line(register)), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
