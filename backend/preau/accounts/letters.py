"""Invitation letters: one printable A4 page per guardian, in French, to hand out."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from fpdf import FPDF

from preau.accounts.services import InvitationLetter
from preau.common.french import of
from preau.common.pdf import pdf_text
from preau.schools.models import School


def invitation_letters_pdf(*, school: School, letters: list[InvitationLetter],
                           activation_url: str, expires_at: datetime) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(pdf_text(f"Lettres d'invitation — {school.name}"))
    expires_on = timezone.localtime(expires_at).strftime("%d/%m/%Y")

    def paragraph(text: str, *, size: float = 11, style: str = "", height: float = 6) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, height, pdf_text(text), new_x="LMARGIN", new_y="NEXT")

    for letter in letters:
        guardian = letter.guardian
        pdf.add_page()
        paragraph(school.name, size=13, style="B")
        address = " ".join(part for part in (school.address, school.postal_code) if part)
        if address:
            paragraph(address, size=10)
        pdf.ln(10)
        paragraph("À l'attention " + of(f"{guardian.first_name} "
                                         f"{guardian.usage_name or guardian.last_name}"),
                  style="B")
        children = ", ".join(f"{child.first_name} {child.usage_name or child.last_name}"
                             for child in letter.children)
        paragraph(f"Responsable de : {children}")
        pdf.ln(8)
        paragraph("Objet : votre compte Préau, l'espace numérique de l'école", style="B")
        pdf.ln(3)
        paragraph("Madame, Monsieur,")
        pdf.ln(2)
        paragraph("L'école utilise Préau pour le cahier de liaison, les devoirs, l'emploi du "
                  "temps, les absences et les messages. Pour créer votre compte personnel, "
                  "utilisez le code ci-dessous. Il est à vous seul·e : l'autre responsable "
                  "de l'enfant reçoit sa propre lettre.")
        pdf.ln(6)
        pdf.set_font("Courier", "B", 22)
        pdf.set_fill_color(240, 240, 240)
        pdf.cell(0, 16, letter.code, border=1, align="C", fill=True,
                 new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        paragraph(f"Ce code sert une seule fois et expire le {expires_on}.", size=10)
        pdf.ln(6)
        paragraph("Comment faire", style="B")
        for number, step in enumerate([
            f"Ouvrez la page {activation_url} sur un ordinateur, une tablette ou un téléphone.",
            "Saisissez le code (majuscules ou minuscules, avec ou sans tirets).",
            "Choisissez un identifiant et un mot de passe d'au moins 8 caractères, "
            "que vous seul·e connaissez.",
            "Vous êtes alors connecté·e. Les fois suivantes, utilisez simplement votre "
            "identifiant et votre mot de passe.",
        ], start=1):
            paragraph(f"{number}. {step}", size=10.5)
        pdf.ln(6)
        paragraph("Si le code a expiré ou si vous avez perdu cette lettre, demandez-en une "
                  "nouvelle à la direction de l'école : l'ancien code ne fonctionnera plus.",
                  size=10)
        pdf.ln(10)
        paragraph("La direction de l'école", style="I")
    return bytes(pdf.output())
