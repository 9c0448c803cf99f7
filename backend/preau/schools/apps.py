from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _calendar_after_migrate(sender, using, **kwargs) -> None:
    """The ministry's calendar that the project carries, in an empty table after ``migrate``
    or ``flush`` (which sends ``post_migrate`` too): a read never has to write it."""
    from preau.schools.calendar_file import school_calendar_load_shipped
    from preau.schools.models import SchoolHoliday

    if not SchoolHoliday.objects.using(using).filter(departement__isnull=True).exists():
        school_calendar_load_shipped(using=using)


class SchoolsConfig(AppConfig):
    name = "preau.schools"
    label = "schools"
    verbose_name = "Écoles et territoire"

    def ready(self) -> None:
        post_migrate.connect(_calendar_after_migrate, sender=self,
                             dispatch_uid="schools-calendar-after-migrate")
