from django.apps import AppConfig


class PupilRecordConfig(AppConfig):
    name = "preau.pupil_record"
    label = "pupil_record"
    verbose_name = "Fiche élève"

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef, Q

        from preau.common import retention
        from preau.people.models import Enrolment
        from preau.pupil_record.models import PickupPerson

        # A school's list of who may pick a child up serves while the child is enrolled
        # there: it goes when the child has left that school (moved, or left altogether),
        # like the family's other ties (docs/pupil-record.md, docs/operations.md).
        def left_that_school(cutoff):
            enrolled_there = Enrolment.objects.filter(
                pupil_id=OuterRef("pupil_id"), classroom__school_id=OuterRef("school_id")
            ).filter(Q(end_date__isnull=True) | Q(end_date__gte=cutoff))
            return PickupPerson.objects.exclude(Exists(enrolled_there))

        retention.register(
            "pickup_persons", PickupPerson,
            label="Personnes autorisées à venir chercher un élève, l'élève parti de l'école",
            default_days=92, rows=left_that_school)
