"""The evacuation muster (fire drill, PPMS) and the registre de sécurité (docs/safety.md).

A ``Muster`` is one alert or drill of a school: started by any of its staff, ended by its
director (or whoever started it), with its observations — the register's line. Its
``MusterClass`` rows say who leads each class out (its teacher, or a colleague the director
puts in charge); its ``MusterPupil`` rows are the pupils expected, those the half-day's roll
call marked absent set apart, each tapped as found.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preau.common.models import TimeStampedModel
from preau.people.models import Person
from preau.schools.models import Classroom, School, SchoolYear


class DrillKind(models.TextChoices):
    FIRE = "fire", _("Évacuation incendie")
    PPMS_MAJOR = "ppms_major", _("PPMS risques majeurs")
    PPMS_INTRUSION = "ppms_intrusion", _("PPMS attentat-intrusion")


class Muster(TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="musters")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=14, choices=DrillKind.choices)
    is_drill = models.BooleanField(default=True, help_text="Exercice (sinon : alerte réelle)")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    observations = models.TextField(max_length=2000, blank=True,
                                    help_text="Problèmes constatés, pour le registre")

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("exercice ou alerte")
        constraints = [
            models.UniqueConstraint(fields=["school"], condition=Q(ended_at__isnull=True),
                                    name="one_muster_under_way_per_school"),
            models.CheckConstraint(condition=Q(ended_at__isnull=True)
                                   | Q(ended_at__gte=F("started_at")),
                                   name="muster_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(kind__in=DrillKind.values), name="muster_kind_known"),
        ]
        indexes = [models.Index(fields=["school", "-started_at"], name="muster_by_school")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.school} ({self.started_at:%d/%m/%Y})"


class MusterClass(models.Model):
    muster = models.ForeignKey(Muster, on_delete=models.CASCADE, related_name="classes")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    responsible = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", help_text="Qui fait sortir la classe")

    class Meta:
        verbose_name = _("classe rassemblée")
        constraints = [models.UniqueConstraint(fields=["muster", "classroom"],
                                               name="muster_class_once")]

    def __str__(self) -> str:
        return f"{self.muster} : {self.classroom}"


class MusterPupil(models.Model):
    muster = models.ForeignKey(Muster, on_delete=models.CASCADE, related_name="pupils")
    pupil = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    absent_today = models.BooleanField(default=False,
                                       help_text="Absent·e à l'appel de la demi-journée")
    found_at = models.DateTimeField(null=True, blank=True)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("élève rassemblé·e")
        constraints = [
            models.UniqueConstraint(fields=["muster", "pupil"], name="muster_pupil_once"),
            models.CheckConstraint(condition=Q(found_by__isnull=True) | Q(found_at__isnull=False),
                                   name="muster_found_by_has_a_time"),
        ]
        indexes = [models.Index(fields=["muster", "classroom"], name="muster_pupil_by_class")]

    def __str__(self) -> str:
        return f"{self.muster} : {self.pupil}"
