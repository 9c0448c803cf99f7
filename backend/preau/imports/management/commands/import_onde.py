"""``manage.py import_onde --school UAI pupils.csv guardians.csv [--apply]``."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from preau.common.errors import ApplicationError
from preau.imports.onde import onde_apply, onde_preview
from preau.schools.models import School

LABELS = {
    "classrooms_to_create": "classes à créer",
    "pupils_to_create": "élèves à créer",
    "pupils_to_update": "élèves à mettre à jour",
    "pupils_to_move": "élèves à inscrire ou changer de classe",
    "pupils_to_withdraw": "élèves à radier (absents du fichier)",
    "pupils_unchanged": "élèves inchangés",
    "guardians_to_create": "responsables à créer",
    "guardianships_to_create": "liens responsable-enfant à créer",
    "rejected": "lignes rejetées",
}


class Command(BaseCommand):
    help = "Importe les exports ONDE (élèves et responsables) d'une école : aperçu, puis --apply."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="UAI de l'école")
        parser.add_argument("pupils", type=Path, help="Export ONDE des élèves (CSVExtraction.csv)")
        parser.add_argument("guardians", type=Path, help="Export ONDE des responsables")
        parser.add_argument("--apply", action="store_true",
                            help="Écrire les changements (sinon : aperçu seulement)")
        parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                            help="Barre de progression (par défaut : si la sortie est un "
                                 "terminal)")

    def handle(self, *args, **options):
        school = School.objects.filter(uai=options["school"].upper()).first()
        if school is None:
            raise CommandError(f"Aucune école d'UAI {options['school']}.")
        for key in ("pupils", "guardians"):
            if not options[key].is_file():
                raise CommandError(f"Fichier introuvable : {options[key]}")
        progress = options["progress"]
        if progress is None:
            progress = self.stdout.isatty()
        try:
            plan, _pupils, _guardians = onde_preview(
                school=school, pupils_file=options["pupils"].read_bytes(),
                guardians_file=options["guardians"].read_bytes(), progress=progress,
                close_enrolments_elsewhere=True)  # the operator's tool: transfers allowed
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for key, count in plan.summary().items():
            self.stdout.write(f"{LABELS[key]} : {count}")
        for rejection in plan.rejected:
            self.stdout.write(f"  {rejection.file}, ligne {rejection.line} : {rejection.reason}")
        if plan.warnings:
            self.stdout.write(f"avertissements : {len(plan.warnings)}")
        for warning in plan.warnings:
            self.stdout.write(f"  {warning.file}, ligne {warning.line} : {warning.reason}")
        for classroom, onde_class_id in plan.classrooms_to_identify:
            self.stdout.write(f"  classe « {classroom.name} » : identifiant ONDE {onde_class_id}")
        if not options["apply"]:
            self.stdout.write("Aperçu seulement : relancez avec --apply pour importer.")
            return
        if plan.rejected:
            raise CommandError("Import refusé : corrigez les lignes rejetées.")
        onde_apply(plan=plan)
        self.stdout.write(self.style.SUCCESS(f"Import terminé pour {school.name}."))
