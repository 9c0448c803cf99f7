"""Load a newer ministry school calendar (``fr-en-calendrier-scolaire``, semicolon CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from preau.schools.calendar import known_until
from preau.schools.calendar_file import CalendarFileError, parse_ministry_csv
from preau.schools.models import HolidayZone
from preau.schools.services import school_calendar_load


class Command(BaseCommand):
    help = ("Charge le calendrier scolaire du ministère (jeu de données "
            "fr-en-calendrier-scolaire, CSV séparé par des points-virgules). Relancer avec le "
            "même fichier ne change rien.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier CSV téléchargé du ministère")

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {file}") from None
        except UnicodeDecodeError:
            raise CommandError("Le fichier n'est pas en UTF-8.") from None
        try:
            periods = parse_ministry_csv(text)
        except CalendarFileError as error:
            raise CommandError(str(error)) from None
        report = school_calendar_load(periods=periods)
        self.stdout.write(f"{report.created} périodes ajoutées, {report.updated} modifiées, "
                          f"{report.unchanged} inchangées.")
        for zone in HolidayZone.values:
            until = known_until(zone=zone)
            years = ", ".join(report.school_years.get(zone, [])) or "aucune année"
            known = f"connu jusqu'au {until:%d/%m/%Y}" if until else "inconnu"
            self.stdout.write(f"Zone {zone} : {years} dans le fichier ; calendrier {known}.")
