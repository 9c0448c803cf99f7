from django.apps import AppConfig


class PupilRecordConfig(AppConfig):
    name = "preau.pupil_record"
    label = "pupil_record"
    verbose_name = "Fiche élève"

    def ready(self) -> None:
        from preau.common import retention
        from preau.people.selectors import persons_who_left
        from preau.pupil_record.models import PickupPerson

        # The persons authorised to pick up a child who left go with the family's other
        # ties (docs/pupil-record.md, docs/operations.md "Data retention").
        retention.register(
            "pickup_persons", PickupPerson,
            label="Personnes autorisées à venir chercher un élève parti", default_days=92,
            rows=lambda cutoff: PickupPerson.objects.filter(
                pupil__in=persons_who_left(before=cutoff)))
