"""``manage.py seed_departement`` — a whole département (Ille-et-Vilaine, rentrée 2022) with
a school year of roll calls, for the authority dashboards and their benchmark."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.imports.departement import DATA, EFFECTIFS_035, seed_departement


class Command(BaseCommand):
    help = ("Crée les écoles élémentaires et primaires d'un département à partir des effectifs "
            "du ministère (rentrée 2022 de l'Ille-et-Vilaine par défaut) et de l'annuaire, des "
            "élèves, familles et personnels fictifs, et une année d'appels avec leurs absences. "
            "À lancer sur une base vide (banc d'essai, jamais en production).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--annuaire", default=str(DATA / "annuaire_ecoles_035.csv"),
                            help="Export CSV de l'Annuaire de l'éducation du département "
                                 "(l'extrait de l'Ille-et-Vilaine livré avec Préau par défaut)")
        parser.add_argument("--file", default=str(EFFECTIFS_035),
                            help="Effectifs par école (extrait du ministère, rentrée 2022)")
        parser.add_argument("--until", type=date.fromisoformat, default=date(2027, 7, 2),
                            help="Dernier jour d'appels (AAAA-MM-JJ) ; l'année scolaire est "
                                 "celle qui le contient (2 juillet 2027 par défaut)")
        parser.add_argument("--days", type=int, default=None,
                            help="Seulement les N derniers jours de classe jusqu'à --until")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Multiplie les effectifs (1 par défaut)")
        parser.add_argument("--schools", type=int, default=None,
                            help="Seulement les N premières écoles du fichier des effectifs")
        parser.add_argument("--seed", type=int, default=35)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = seed_departement(
                annuaire=options["annuaire"], effectifs=options["file"],
                until=options["until"], days=options["days"], scale=options["scale"],
                school_limit=options["schools"],
                seed=options["seed"], log=self.stdout.write)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"{report.schools} écoles, {report.classrooms} classes, {report.pupils} élèves, "
            f"{report.guardians} responsables, {report.staff} personnels ; "
            f"{report.school_half_days} demi-journées de classe, {report.roll_calls} appels, "
            f"{report.absences} absences et retards, {report.cases} dossiers L131-8 ; "
            f"{report.slots} créneaux, {report.lesson_entries} séances, {report.homework} "
            f"devoirs, {report.notices} absences annoncées."))
        self.stdout.write(f"Durées (s) : {report.seconds} ; total "
                          f"{round(sum(report.seconds.values()), 1)} s")
        self.stdout.write("Comptes : " + ", ".join(sorted(report.logins)))
