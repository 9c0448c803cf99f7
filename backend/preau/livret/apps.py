from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def _reference_after_flush(sender, using, apps=global_apps, **kwargs) -> None:
    """The programme is reference data (migration ``0002_programme``); a database emptied by
    ``flush`` (which sends ``post_migrate`` afterwards, as for content types) gets it back."""
    from preau.livret.reference import load_programme

    domain = apps.get_model("livret", "Domain")
    if not domain.objects.using(using).exists():
        load_programme(domain, apps.get_model("livret", "ProgrammeElement"), using=using)


class LivretConfig(AppConfig):
    name = "preau.livret"
    label = "livret"
    verbose_name = "Évaluations et livret scolaire"

    def ready(self) -> None:
        # The bilans' live events live in their own module: registered with the app.
        from preau.livret import bilan_events  # noqa: F401

        post_migrate.connect(_reference_after_flush, sender=self,
                             dispatch_uid="livret-reference-after-flush")
