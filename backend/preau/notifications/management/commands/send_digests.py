"""Send the digests due now: what the scheduler does every quarter of an hour, for a
deployment without it (the embedded default, ``make demo``)."""

from django.core.management.base import BaseCommand

from preau.notifications.tasks import send_due_digests


class Command(BaseCommand):
    help = "Envoie les résumés quotidiens dont l'heure est venue (ce que fait le planificateur)."

    def handle(self, *args, **options):
        count = send_due_digests()
        self.stdout.write(f"{count} résumé(s) demandé(s).")
