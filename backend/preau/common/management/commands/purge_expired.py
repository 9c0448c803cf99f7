"""``manage.py purge_expired [--dry-run] [--kind KIND …]``: apply the retention policy."""

from django.core.management.base import BaseCommand, CommandError

from preau.common import retention


class Command(BaseCommand):
    help = ("Supprime les données plus anciennes que la durée de conservation "
            "(PREAU_RETENTION_DAYS) et dit combien, par type.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Compter seulement : ne rien supprimer")
        parser.add_argument("--kind", action="append", dest="kinds", metavar="KIND",
                            help="Limiter à ce type (répétable)")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, dry_run=False, kinds=None, batch_size=1000, **options):
        known = {entry.kind for entry in retention.registered()}
        unknown = sorted(set(kinds or []) - known)
        if unknown:
            raise CommandError(f"Type(s) inconnu(s) : {', '.join(unknown)}. "
                               f"Types connus : {', '.join(sorted(known))}.")
        counts = retention.purge_expired(dry_run=dry_run, kinds=kinds, batch_size=batch_size)
        verb = "à supprimer" if dry_run else "supprimé(s)"
        for entry in retention.registered():
            if entry.kind not in counts:
                continue
            days = "conservé sans limite" if entry.days is None else f"{entry.days} jours"
            self.stdout.write(f"{entry.kind} ({entry.label}, {days}) : "
                              f"{counts[entry.kind]} {verb}")
        total = sum(counts.values())
        if dry_run:
            self.stdout.write(f"Total : {total} ligne(s) à supprimer (rien n'a été supprimé).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Total : {total} ligne(s) supprimée(s)."))
