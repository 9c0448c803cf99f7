"""``manage.py seed_demo [--seed N] [--flush]`` — a demo on real Val-de-Marne schools."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.imports.demo import DEFAULT_SEED, DemoError, DemoReport, demo_seed


class Command(BaseCommand):
    help = (
        "Crée une démonstration sur de vraies écoles du Val-de-Marne (personnes fictives) "
        "pour l'année scolaire en cours, et affiche les identifiants de démonstration."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Graine du tirage (même graine → mêmes noms ; défaut {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Effacer la démo existante (personnes, classes ; pas le territoire) et la recréer",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo_seed(seed=options["seed"], flush=options["flush"])
        except DemoError as exc:
            raise CommandError(exc.message) from exc
        if report.already_present:
            self.stdout.write(
                self.style.WARNING(
                    f"La démonstration existe déjà ({report.present_because}) : rien n'a été "
                    "créé. Relancez avec --flush pour l'effacer et la recréer."
                )
            )
            return
        self._print(report)

    def _print(self, report: DemoReport) -> None:
        if report.flushed:
            self.stdout.write("Démonstration précédente effacée.")
        self.stdout.write(
            f"Démonstration {report.school_year} (graine {report.seed}) : "
            f"{report.schools} écoles, {report.classrooms} classes, {report.pupils} élèves, "
            f"{report.guardians} responsables légaux, {report.staff} personnels."
        )
        if report.activity:
            figures = report.activity
            self.stdout.write(
                f"Depuis la rentrée : {figures['calls']} appels, {figures['absences']} absences "
                f"et retards, {figures['cases']} dossiers L131-8, {figures['lessons']} séances "
                f"du cahier de textes, {figures['homework']} devoirs, "
                f"{figures['conversations']} conversations, {figures['notes']} notes de liaison."
            )
        header = ("Rôle", "Identifiant", "Mot de passe", "Qui")
        rows = [header, *[tuple(login) for login in report.logins]]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for position, row in enumerate(rows):
            cells = [row[i].ljust(widths[i]) for i in range(3)]
            self.stdout.write("  ".join([*cells, row[3]]))
            if position == 0:
                self.stdout.write("  ".join("-" * width for width in [*widths, len(row[3])]))
        self._print_second_factor(report)
        self.stdout.write(self.style.SUCCESS("Démonstration prête."))

    def _print_second_factor(self, report: DemoReport) -> None:
        if not report.second_factor_usernames:
            return
        names = ", ".join(report.second_factor_usernames)
        if report.second_factor_secret is None:
            self.stdout.write(f"Double authentification obligatoire pour {names} : chaque "
                              "compte la configure à sa première connexion.")
            return
        self.stdout.write(
            f"Double authentification obligatoire pour {names} : ces comptes ont déjà une "
            "application de démonstration. Ajoutez cette clé dans une application "
            "d'authentification (FreeOTP, Aegis, Google Authenticator…) et saisissez le code "
            f"à 6 chiffres qu'elle affiche : {report.second_factor_secret}\n"
            "(Clé publique de démonstration, acceptée seulement par la démonstration locale.)")
