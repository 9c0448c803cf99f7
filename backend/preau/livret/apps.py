from django.apps import AppConfig


class LivretConfig(AppConfig):
    name = "preau.livret"
    label = "livret"
    verbose_name = "Évaluations et livret scolaire"
