"""The periodic bilan as a printable A4 document, close to the national model of the livret
scolaire: school, class, period, pupil; for each domain of the cycle, the elements of the
programme worked, the appreciation and the positionnement in four columns; the general
appreciation, the parcours, and the signatures of the teacher, the director and the
families.

The accompaniment modalities appear only on the copy of the pupil's teachers and director
(``for_family=False``): never on a family's copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from preau.common.pdf import pdf_text
from preau.livret.models import (
    CYCLE_OF_LEVEL,
    Accompaniment,
    Acknowledgement,
    BilanDomain,
    ClassParcours,
    Domain,
    Parcours,
    PeriodicBilan,
)
from preau.people.models import Guardianship, Person, StaffAssignment, StaffRole

# The four columns of the positionnement, under "Objectifs d'apprentissage" (the
# soft hyphen-and-space lets the narrow column wrap inside the word).
POSITIONNEMENTS = ["Non atteints", "Partiel- lement atteints", "Atteints", "Dépassés"]
MARK = "X"


def _name(person: Person) -> str:
    return f"{person.first_name} {person.usage_name or person.last_name}"


def _date(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


@dataclass
class BilanDocument:
    bilan: PeriodicBilan
    domains: list[Domain]  # top-level domains of the pupil's cycle, subdomains prefetched
    teachers: list[Person]
    director: Person | None
    guardians: list[Person]
    acknowledged: dict[int, Acknowledgement]  # guardian id → acknowledgement
    parcours: list[ClassParcours]


def bilan_document(bilan: PeriodicBilan) -> BilanDocument:
    """What the document shows, read for one bilan the caller reached through its gate."""
    bilan = (PeriodicBilan.objects.filter(pk=bilan.pk)
             .select_related("pupil", "classroom__school__commune", "classroom__school_year",
                             "period", "validated_by__person")
             .prefetch_related(
                 Prefetch("domains", queryset=BilanDomain.objects.prefetch_related("elements")),
                 "accompaniments")
             .get())
    classroom = bilan.classroom
    teachers = [a.person for a in StaffAssignment.objects.filter(
        role=StaffRole.TEACHER, classroom_id=classroom.pk).select_related("person").order_by("pk")]
    director_assignment = (StaffAssignment.objects.filter(
        role=StaffRole.DIRECTOR, school_id=classroom.school_id,
        school_year_id=classroom.school_year_id).select_related("person").order_by("pk").first())
    validator = getattr(bilan.validated_by, "person", None) if bilan.validated_by else None
    guardians = [g.guardian for g in Guardianship.objects.filter(pupil_id=bilan.pupil_id)
                 .select_related("guardian").order_by("pk")]
    return BilanDocument(
        bilan=bilan,
        domains=list(Domain.objects.filter(cycle=CYCLE_OF_LEVEL.get(bilan.level, ""),
                                           parent__isnull=True)
                     .prefetch_related("subdomains").order_by("position")),
        teachers=teachers,
        director=validator or (director_assignment.person if director_assignment else None),
        guardians=guardians,
        acknowledged={ack.guardian_id: ack for ack in bilan.acknowledgements.all()},
        parcours=list(ClassParcours.objects.filter(classroom_id=classroom.pk,
                                                   period_id=bilan.period_id).order_by("code")),
    )


class _BilanPdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.footer_text = footer_text
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(auto=True, margin=14)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, pdf_text(f"{self.footer_text} — page {self.page_no()}/{{nb}}"),
                  align="R")
        self.set_text_color(0, 0, 0)


def periodic_bilan_pdf(document: BilanDocument, *, for_family: bool) -> bytes:
    bilan = document.bilan
    pupil, classroom, period = bilan.pupil, bilan.classroom, bilan.period
    school = classroom.school
    pupil_name = f"{(pupil.usage_name or pupil.last_name).upper()} {pupil.first_name}"
    pdf = _BilanPdf(pdf_text(f"Livret scolaire — {pupil_name} — {period.label} "
                              f"{classroom.school_year.label}"))
    pdf.set_title(pdf_text(f"Bilan périodique — {pupil_name} — {period.label}"))
    pdf.set_author(pdf_text(school.name))
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    # The heading: the ministry's line, the school, the title.
    pdf.set_font("Helvetica", "B", 8)
    pdf.set_text_color(0, 0, 145)
    pdf.cell(width / 2, 4, pdf_text("RÉPUBLIQUE FRANÇAISE"))
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", size=8)
    pdf.cell(width / 2, 4, pdf_text(f"{school.name} — UAI {school.uai}"), align="R",
             new_x="LMARGIN", new_y="NEXT")
    address = " ".join(part for part in (school.address, school.postal_code,
                                         school.commune.name) if part)
    pdf.cell(width / 2, 4, pdf_text("Ministère de l'Éducation nationale"))
    pdf.cell(width / 2, 4, pdf_text(address), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 8, pdf_text("Livret scolaire — Bilan périodique"), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 5, pdf_text(
        f"{period.label} de l'année scolaire {classroom.school_year.label} "
        f"(du {period.start_date:%d/%m/%Y} au {period.end_date:%d/%m/%Y})"), align="C",
        new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    # The pupil.
    pdf.set_fill_color(238, 241, 248)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(width * 0.55, 7, pdf_text(f"Élève : {pupil_name}"), fill=True)
    pdf.set_font("Helvetica", size=9)
    born = f"Né(e) le {pupil.birth_date:%d/%m/%Y}" if pupil.birth_date else ""
    pdf.cell(width * 0.45, 7, pdf_text(born), fill=True, align="R",
             new_x="LMARGIN", new_y="NEXT")
    teachers = ", ".join(_name(t) for t in document.teachers) or "—"
    pdf.cell(width * 0.55, 6, pdf_text(f"Classe : {classroom.name} — niveau {bilan.level}"),
             fill=True)
    pdf.cell(width * 0.45, 6, pdf_text(f"Enseignant(e)s : {teachers}"), fill=True, align="R",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    _domains_table(pdf, document, width)

    # General appreciation.
    pdf.ln(3)
    _section(pdf, "Appréciation générale sur la progression de l'élève")
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(0, 4.6, pdf_text(bilan.general_appreciation.strip() or "—"), border=1,
                   padding=2, new_x="LMARGIN", new_y="NEXT")

    # Parcours of the class.
    if document.parcours:
        pdf.ln(3)
        _section(pdf, "Parcours éducatifs : projets mis en oeuvre dans l'année")
        labels = dict(Parcours.choices)
        pdf.set_font("Helvetica", size=8.5)
        with pdf.table(col_widths=(50, width - 50), first_row_as_headings=False,
                       line_height=4.4, padding=1.5, text_align="LEFT") as table:
            for entry in document.parcours:
                row = table.row()
                row.cell(pdf_text(str(labels.get(entry.code, entry.code))),
                         style=FontFace(emphasis="BOLD"))
                row.cell(pdf_text(entry.project))

    # Accompaniments: the school's copy only.
    accompaniments = sorted(bilan.accompaniments.all(), key=lambda a: a.code)
    if accompaniments and not for_family:
        pdf.ln(3)
        _section(pdf, "Modalités spécifiques d'accompagnement (exemplaire de l'école)")
        pdf.set_font("Helvetica", size=9)
        labels = dict(Accompaniment.choices)
        for accompaniment in accompaniments:
            text = f"{accompaniment.code} — {labels.get(accompaniment.code, '')}"
            if accompaniment.ppre_complement.strip():
                text += f" : {accompaniment.ppre_complement.strip()}"
            pdf.multi_cell(0, 4.6, pdf_text(text), new_x="LMARGIN", new_y="NEXT")

    _signatures(pdf, document, width)
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str) -> None:
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(0, 0, 110)
    pdf.cell(0, 6, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def _domains_table(pdf: FPDF, document: BilanDocument, width: float) -> None:
    rows = {row.domain_id: row for row in document.bilan.domains.all()}
    mark_width = 13.5
    col_widths = (36, 58, width - 36 - 58 - 4 * mark_width, *(mark_width,) * 4)
    heading = FontFace(emphasis="BOLD", fill_color=(222, 228, 240), size_pt=6.5)
    domain_label = FontFace(emphasis="BOLD", fill_color=(244, 246, 250))
    domain_cell = FontFace(fill_color=(244, 246, 250))
    chosen_cell = FontFace(emphasis="BOLD", fill_color=(205, 215, 235))
    pdf.set_font("Helvetica", size=7.5)
    with pdf.table(col_widths=col_widths, headings_style=heading, num_heading_rows=2,
                   line_height=3.6, padding=1.2,
                   text_align=("LEFT", "LEFT", "LEFT", "CENTER", "CENTER", "CENTER", "CENTER"),
                   cell_fill_mode=TableCellFillMode.NONE) as table:
        header = table.row()
        header.cell(pdf_text("Domaines d'enseignement"), rowspan=2)
        header.cell(pdf_text("Principaux éléments du programme travaillés"), rowspan=2)
        header.cell(pdf_text("Acquisitions, progrès et difficultés éventuelles"), rowspan=2)
        header.cell(pdf_text("Positionnement : objectifs d'apprentissage"), colspan=4,
                    align="CENTER")
        steps = table.row()
        for label in POSITIONNEMENTS:
            steps.cell(pdf_text(label))

        def line(label: str, row: BilanDomain | None, *, domain: bool, with_mark=True) -> None:
            cells = table.row()
            other = domain_cell if domain else None
            cells.cell(pdf_text(label), style=domain_label if domain else None)
            elements = sorted(row.elements.all(), key=lambda e: (e.position, e.pk)) if row else []
            cells.cell(pdf_text("\n".join(f"- {e.label}" for e in elements)), style=other)
            cells.cell(pdf_text(row.appreciation.strip() if row else ""), style=other)
            value = row.positionnement if row else None
            for step in range(1, 5):
                chosen = with_mark and value == step
                cells.cell(MARK if chosen else "", style=chosen_cell if chosen else other)

        for domain in document.domains:
            subdomains = sorted(domain.subdomains.all(), key=lambda d: d.position)
            if subdomains:
                line(domain.label, rows.get(domain.pk), domain=True, with_mark=False)
                for sub in subdomains:
                    line(f"   {sub.label}", rows.get(sub.pk), domain=False)
            else:
                line(domain.label, rows.get(domain.pk), domain=True)


def _signatures(pdf: FPDF, document: BilanDocument, width: float) -> None:
    bilan = document.bilan
    if pdf.will_page_break(38):
        pdf.add_page()
    pdf.ln(5)
    _section(pdf, "Signatures")
    box = (width - 8) / 3
    top = pdf.get_y()
    blocks = [
        ("L'enseignant(e)", [", ".join(_name(t) for t in document.teachers) or "—",
                             f"Verrouillé le {_date(bilan.locked_at)}" if bilan.locked_at
                             else "Bilan en cours de rédaction"]),
        ("La directrice / le directeur", [
            _name(document.director) if document.director else "—",
            f"Validé le {_date(bilan.validated_at)}" if bilan.validated_at
            else "Non encore validé"]),
        ("Les responsables légaux", [
            f"{_name(g)} : " + (f"pris connaissance le {_date(ack.acknowledged_at)}"
                                if (ack := document.acknowledged.get(g.pk))
                                and ack.acknowledged_at else "")
            for g in document.guardians] or ["—"]),
    ]
    for index, (title, lines) in enumerate(blocks):
        x = pdf.l_margin + index * (box + 4)
        pdf.rect(x, top, box, 30)
        pdf.set_xy(x + 2, top + 1.5)
        pdf.set_font("Helvetica", "B", 8.5)
        pdf.cell(box - 4, 4.5, pdf_text(title), new_x="LEFT", new_y="NEXT")
        pdf.set_font("Helvetica", size=7.5)
        for text in lines:
            pdf.multi_cell(box - 4, 3.8, pdf_text(text), new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, top + 32)
    if bilan.communicated_at:
        pdf.set_font("Helvetica", "I", 7.5)
        pdf.cell(0, 4, pdf_text(f"Communiqué aux familles le {_date(bilan.communicated_at)}."),
                 new_x="LMARGIN", new_y="NEXT")
