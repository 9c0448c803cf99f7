"""``manage.py import_annuaire FICHIER.csv`` — load the ministry's Annuaire de l'éducation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.imports.annuaire import AnnuaireFileError, AnnuaireReport, annuaire_import


class Command(BaseCommand):
    help = (
        "Importe les écoles d'un export CSV de l'Annuaire de l'éducation (séparateur « ; ») : "
        "académies, départements, circonscriptions, communes et écoles. Relancer le même "
        "fichier met à jour sans créer de doublon."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Fichier CSV de l'Annuaire de l'éducation")
        parser.add_argument(
            "--include-maternelles",
            action="store_true",
            help="Importer aussi les écoles maternelles (ignorées par défaut)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tout vérifier et compter, sans rien enregistrer",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = annuaire_import(
                path_or_file=options["file"],
                include_maternelles=options["include_maternelles"],
                dry_run=options["dry_run"],
                progress=self.stdout.isatty(),
            )
        except AnnuaireFileError as exc:
            raise CommandError(exc.message) from exc
        self._print(report, verbosity=options["verbosity"])

    def _print(self, report: AnnuaireReport, *, verbosity: int) -> None:
        for issue in report.rejected:
            self.stdout.write(self.style.WARNING(f"Rejetée — {issue}"))
        if verbosity >= 2:
            for issue in report.warnings:
                self.stdout.write(f"Avertissement — {issue}")
        if report.skipped_reasons:
            reasons = ", ".join(
                f"{count} × {reason}" for reason, count in report.skipped_reasons.most_common()
            )
            self.stdout.write(f"Ignorées : {reasons}")
        if report.warnings and verbosity < 2:
            self.stdout.write(f"{len(report.warnings)} avertissement(s) (détail avec -v 2).")
        self.stdout.write(report.territory_line())
        self.stdout.write(f"Écoles inchangées : {report.unchanged}")
        if report.dry_run:
            self.stdout.write(
                self.style.NOTICE("Simulation (--dry-run) : rien n'a été enregistré.")
            )
        style = self.style.WARNING if report.rejected else self.style.SUCCESS
        self.stdout.write(style(report.summary_line()))
