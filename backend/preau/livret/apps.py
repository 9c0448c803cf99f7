from django.apps import AppConfig


class LivretConfig(AppConfig):
    name = "preau.livret"
    label = "livret"
    verbose_name = "Évaluations et livret scolaire"

    def ready(self) -> None:
        # The bilans' live events live in their own module: registered with the app.
        from preau.livret import bilan_events  # noqa: F401
