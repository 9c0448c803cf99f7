from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "preau.safety"
    label = "safety"
    verbose_name = "Sécurité (PPMS, exercices d'évacuation)"

    def ready(self) -> None:
        from preau.common import retention
        from preau.safety.models import MusterPupil

        # Who was found, pupil by pupil: a year, for the debriefing. The register itself
        # (type, date, times, observations, counts) stays with the school's records.
        retention.register(
            "muster_pupils", MusterPupil,
            rows=lambda cutoff: MusterPupil.objects.filter(muster__started_at__date__lt=cutoff),
            label="Élèves pointés lors des exercices et alertes", default_days=365)
