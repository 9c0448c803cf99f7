"""The plan (recurring slots) kept apart from its exceptions; occurrences are computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from preau.common.models import TimeStampedModel
from preau.people.models import Person
from preau.schools.models import Classroom, School


class Subject(models.TextChoices):
    FRANCAIS = "francais", _("Français")
    MATHEMATIQUES = "mathematiques", _("Mathématiques")
    QUESTIONNER_LE_MONDE = "questionner_le_monde", _("Questionner le monde / Sciences")
    HISTOIRE_GEOGRAPHIE = "histoire_geographie", _("Histoire-géographie")
    LANGUES_VIVANTES = "langues_vivantes", _("Langues vivantes")
    EPS = "eps", _("EPS")
    ARTS_PLASTIQUES = "arts_plastiques", _("Arts plastiques")
    EDUCATION_MUSICALE = "education_musicale", _("Éducation musicale")
    EMC = "emc", _("EMC")
    RECREATION = "recreation", _("Récréation")
    PAUSE_MERIDIENNE = "pause_meridienne", _("Pause méridienne")
    OTHER = "autre", _("Autre")


NON_TEACHING_SUBJECTS = {Subject.RECREATION, Subject.PAUSE_MERIDIENNE}


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Lundi")
    TUESDAY = 1, _("Mardi")
    WEDNESDAY = 2, _("Mercredi")
    THURSDAY = 3, _("Jeudi")
    FRIDAY = 4, _("Vendredi")
    SATURDAY = 5, _("Samedi")


class TimetableSlot(TimeStampedModel):
    """A recurring block of a classroom's week, valid between two dates."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    subject = models.CharField(max_length=24, choices=Subject.choices)
    teacher = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Vide : l'enseignant·e de la classe. Renseigné : un second enseignant "
                  "(décharge de direction, temps partiel).",
    )
    room = models.CharField(max_length=60, blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name = _("créneau")
        constraints = [
            models.CheckConstraint(condition=Q(start_time__lt=F("end_time")),
                                   name="slot_times_in_order"),
            models.CheckConstraint(condition=Q(weekday__lte=5), name="slot_weekday_valid"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="slot_validity_in_order",
            ),
        ]
        indexes = [models.Index(fields=["classroom", "weekday"])]

    def __str__(self) -> str:
        return f"{self.classroom.name} {self.get_weekday_display()} {self.start_time:%H:%M}"


class ExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("Annulé")
    REPLACED = "replaced", _("Remplacement")
    MOVED = "moved", _("Déplacé")
    EXTRA = "extra", _("Activité exceptionnelle")


class ExtraActivityKind(models.TextChoices):
    SORTIE = "sortie", _("Sortie scolaire")
    PISCINE = "piscine", _("Piscine")
    SPECTACLE = "spectacle", _("Spectacle")
    OTHER = "autre", _("Autre activité")


class TimetableException(TimeStampedModel):
    """A change to one date: a lesson cancelled, replaced or moved, or an extra activity."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    kind = models.CharField(max_length=9, choices=ExceptionKind.choices)
    slot = models.ForeignKey(
        TimetableSlot, on_delete=models.CASCADE, null=True, blank=True, related_name="exceptions"
    )
    reason = models.CharField(max_length=200, blank=True)
    replacement_teacher = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replacement_name = models.CharField(
        max_length=120, blank=True, help_text="Nom du remplaçant s'il n'a pas de fiche"
    )
    # moved: where the lesson goes; extra: when the activity happens (on ``date``)
    new_date = models.DateField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    activity = models.CharField(max_length=9, choices=ExtraActivityKind.choices, blank=True)
    title = models.CharField(max_length=150, blank=True)
    location = models.CharField(max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("modification de l'emploi du temps")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "date"], condition=Q(slot__isnull=False),
                name="one_exception_per_occurrence",
            ),
            models.CheckConstraint(
                condition=(Q(kind="extra") & Q(slot__isnull=True) & Q(start_time__isnull=False)
                           & Q(end_time__isnull=False) & ~Q(title=""))
                | (~Q(kind="extra") & Q(slot__isnull=False)),
                name="exception_fields_match_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="moved") | (Q(new_date__isnull=False)
                                              & Q(start_time__isnull=False)
                                              & Q(end_time__isnull=False)),
                name="moved_lesson_has_a_new_time",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True) | Q(end_time__isnull=True)
                | Q(start_time__lt=F("end_time")),
                name="exception_times_in_order",
            ),
        ]
        indexes = [models.Index(fields=["classroom", "date"]),
                   models.Index(fields=["classroom", "new_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.classroom.name}"


class SchoolEventKind(models.TextChoices):
    PARENT_MEETING = "reunion_parents", _("Réunion de parents")
    SCHOOL_FAIR = "fete_ecole", _("Fête de l'école")
    CLASS_PHOTO = "photo_classe", _("Photo de classe")
    COUNCIL = "conseil_ecole", _("Conseil d'école")
    OTHER = "autre", _("Autre")


class SchoolEvent(TimeStampedModel):
    """The agenda: an event of the school or of one classroom."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="events")
    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=SchoolEventKind.choices)
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=2000)
    location = models.CharField(max_length=150, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("événement")
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")),
                                   name="event_times_in_order"),
        ]
        indexes = [models.Index(fields=["school", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A secret, revocable iCal URL. Only a hash of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    label = models.CharField(max_length=80, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement iCal")

    def __str__(self) -> str:
        return f"{self.user} — {self.label or self.pk}"
