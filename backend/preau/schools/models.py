"""Territory (académie → département → circonscription → école), communes, years, classes."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from preau.common.models import TimeStampedModel


class Level(models.TextChoices):
    CP = "CP", "CP"
    CE1 = "CE1", "CE1"
    CE2 = "CE2", "CE2"
    CM1 = "CM1", "CM1"
    CM2 = "CM2", "CM2"


LEVEL_ORDER = [level.value for level in Level]


class HolidayZone(models.TextChoices):
    A = "A", _("Zone A")
    B = "B", _("Zone B")
    C = "C", _("Zone C")


class WeekPattern(models.TextChoices):
    FOUR_DAYS = "4", _("4 jours (lundi, mardi, jeudi, vendredi)")
    FOUR_AND_HALF_DAYS = "4.5", _("4 jours et demi (mercredi matin)")


class SchoolKind(models.TextChoices):
    ELEMENTAIRE = "elementaire", _("École élémentaire")
    PRIMAIRE = "primaire", _("École primaire")
    MATERNELLE = "maternelle", _("École maternelle")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "prive", _("Privé")


class Academie(models.Model):
    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("académie")

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(max_length=3, unique=True, help_text="Code à trois caractères, ex. 094")
    name = models.CharField(max_length=100)
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="departements")
    # Alsace-Moselle keeps two extra bank holidays.
    is_alsace_moselle = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Circonscription(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="UAI de la circonscription")
    name = models.CharField(max_length=150)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="circonscriptions"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("circonscription")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    insee_code = models.CharField(max_length=5, unique=True)
    name = models.CharField(max_length=150)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")

    def __str__(self) -> str:
        return self.name


# A school's usual hours. Callables rather than values: Django's check W161 takes a fixed
# time default within ten seconds of the clock for a frozen "now", and `check --deploy` then
# failed when run at 8:30, 11:30, 13:30 or 16:30 sharp (tests/schools/test_model_checks.py).
def default_morning_start() -> time:
    return time(8, 30)


def default_morning_end() -> time:
    return time(11, 30)


def default_afternoon_start() -> time:
    return time(13, 30)


def default_afternoon_end() -> time:
    return time(16, 30)


class School(TimeStampedModel):
    uai = models.CharField(max_length=8, unique=True, help_text="Identifiant UAI, ex. 0940123A")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=SchoolKind.choices)
    sector = models.CharField(max_length=6, choices=Sector.choices, default=Sector.PUBLIC)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="schools")
    rpi_communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="rpi_schools",
        help_text="Communes partenaires d'un regroupement pédagogique intercommunal",
    )
    circonscription = models.ForeignKey(
        Circonscription, on_delete=models.PROTECT, related_name="schools"
    )
    holiday_zone = models.CharField(max_length=1, choices=HolidayZone.choices)
    week_pattern = models.CharField(
        max_length=3, choices=WeekPattern.choices, default=WeekPattern.FOUR_DAYS
    )
    morning_start = models.TimeField(default=default_morning_start)
    morning_end = models.TimeField(default=default_morning_end)
    afternoon_start = models.TimeField(default=default_afternoon_start)
    afternoon_end = models.TimeField(default=default_afternoon_end)
    address = models.CharField(max_length=250, blank=True)
    postal_code = models.CharField(max_length=5, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    has_canteen = models.BooleanField(default=True)
    is_rpi = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("école")
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="school_half_days_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"


class SchoolYear(models.Model):
    """A national school year, 1 September → 31 August, e.g. ``2026-2027``."""

    label = models.CharField(max_length=9, unique=True)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("année scolaire")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lt=F("end_date")), name="school_year_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def label_for(on: date) -> str:
        first = on.year if on.month >= 9 else on.year - 1
        return f"{first}-{first + 1}"

    @staticmethod
    def bounds_for(on: date) -> tuple[date, date]:
        first = on.year if on.month >= 9 else on.year - 1
        return date(first, 9, 1), date(first + 1, 8, 31)


class Classroom(TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classrooms")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(max_length=100)
    levels = models.JSONField(default=list, help_text="Niveaux de la classe, ex. [\"CE2\", \"CM1\"]")
    onde_class_id = models.CharField(
        max_length=40, blank=True, help_text="Identifiant classe dans ONDE (pour le LSU)"
    )

    class Meta:
        ordering = ["school_id", "name"]
        verbose_name = _("classe")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="classroom_name_unique_per_year"
            ),
            # ONDE identifies a class once per school and year (OneRoster's classCode).
            models.UniqueConstraint(
                fields=["school", "school_year", "onde_class_id"],
                condition=~Q(onde_class_id=""),
                name="classroom_onde_id_unique_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.school.name}"


class HalfDay(models.TextChoices):
    MORNING = "morning", _("Matin")
    AFTERNOON = "afternoon", _("Après-midi")


class SchoolClosure(TimeStampedModel):
    """A day (or days) the school is closed beyond holidays: strike, works, pont…"""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField()
    end_date = models.DateField()
    half_day = models.CharField(
        max_length=9, choices=HalfDay.choices, blank=True,
        help_text="Vide : journées entières ; sinon, seulement cette demi-journée "
                  "(la fermeture tient alors sur un seul jour).",
    )
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("fermeture de l'école")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="closure_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(half_day="") | Q(start_date=F("end_date")),
                name="half_day_closure_is_one_day",
            ),
        ]
        indexes = [models.Index(fields=["school", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.school.name} : {self.reason} ({self.start_date} → {self.end_date})"


class SchoolHoliday(models.Model):
    """A school-holiday period of a zone: from the ministry's published calendar
    (``departement`` empty), or entered for one département by its DASEN or the operator
    for a school year the ministry has not published yet.

    ``start_date`` is the first day without class, ``end_date`` the last one (the ministry's
    file gives the day classes resume; the loader stores the day before).
    """

    school_year = models.CharField(max_length=9, help_text="Année scolaire, ex. 2028-2029")
    zone = models.CharField(max_length=1, choices=HolidayZone.choices)
    departement = models.ForeignKey(
        Departement, on_delete=models.CASCADE, null=True, blank=True,
        related_name="school_holidays",
        help_text="Vide : calendrier publié par le ministère ; sinon, saisie pour ce "
                  "département d'une année que le ministère n'a pas encore publiée.",
    )
    name = models.CharField(max_length=100, help_text="Ex. Vacances de la Toussaint")
    start_date = models.DateField(help_text="Premier jour sans classe")
    end_date = models.DateField(help_text="Dernier jour sans classe (veille de la reprise)")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["zone", "start_date"]
        verbose_name = _("vacances scolaires")
        verbose_name_plural = _("vacances scolaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="holiday_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(school_year__regex=r"^\d{4}-\d{4}$"),
                name="holiday_school_year_is_a_label",
            ),
            models.UniqueConstraint(
                fields=["zone", "school_year", "name", "start_date"],
                condition=Q(departement__isnull=True), name="ministry_holiday_unique",
            ),
            models.UniqueConstraint(
                fields=["departement", "zone", "school_year", "name", "start_date"],
                condition=Q(departement__isnull=False), name="departement_holiday_unique",
            ),
        ]
        indexes = [models.Index(fields=["zone", "school_year"])]

    def __str__(self) -> str:
        where = f"département {self.departement_id}" if self.departement_id else "ministère"
        return f"{self.name} {self.school_year}, zone {self.zone} ({where})"
