from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "preau.people"
    label = "people"
    verbose_name = "Personnes"

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef

        from preau.common import retention
        from preau.people.models import PUPIL_DETAILS_BLANK, Enrolment, Guardianship, Person
        from preau.people.selectors import persons_nothing_kept_refers_to, persons_who_left

        # Families who left: the days count from the end of the last enrolment
        # (docs/operations.md, "Data retention").
        retention.register(
            "guardianships", Guardianship, label="Liens responsable–enfant des familles parties",
            default_days=92,
            rows=lambda cutoff: Guardianship.objects.filter(
                pupil__in=persons_who_left(before=cutoff)))
        retention.register(
            "enrolments", Enrolment, label="Inscriptions (le registre d'appel : 10 ans)",
            default_days=3653,
            rows=lambda cutoff: Enrolment.objects.filter(
                end_date__lt=cutoff, pupil__in=persons_who_left(before=cutoff)))
        # A pupil who left keeps, for the register, a name only.
        retention.register(
            "pupil_details", Person,
            label="Détails des élèves partis (le registre garde le nom)", default_days=92,
            rows=lambda cutoff: persons_who_left(before=cutoff).filter(
                Exists(Enrolment.objects.filter(pupil_id=OuterRef("pk")))).exclude(
                    **PUPIL_DETAILS_BLANK),
            blank=PUPIL_DETAILS_BLANK)
        retention.register(
            "people", Person, label="Personnes (élèves et responsables partis)",
            default_days=92,
            rows=lambda cutoff: persons_who_left(before=cutoff).filter(
                pk__in=persons_nothing_kept_refers_to().values("pk")))
