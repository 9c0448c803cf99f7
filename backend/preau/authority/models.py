"""The access log: every read of personal data by a commune officer, an IEN or a DASEN.

One row per request (who, what, when, which URL), linked to the schools whose pupils the
answer named, so that each school's director can consult the reads of their school.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from preau.people.models import Person
from preau.schools.models import School


class AccessKind(models.TextChoices):
    PUPIL_LIST = "pupil_list", _("Liste des élèves (R131-3)")
    L1318_CASE_LIST = "l1318_case_list", _("Liste des dossiers L131-8")
    L1318_CASE = "l1318_case", _("Dossier L131-8")
    LIVRET_PROGRESS = "livret_progress", _("Avancement des bilans du livret")


class AccessLog(models.Model):
    viewer = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as read, so that the log still says who it was if the account goes.
    viewer_name = models.CharField(max_length=250)
    viewer_roles = models.CharField(max_length=60, help_text="Rôles d'autorité, ex. inspector")
    kind = models.CharField(max_length=20, choices=AccessKind.choices)
    path = models.CharField(max_length=500, help_text="URL lue, paramètres compris")
    object_id = models.BigIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(help_text="Nombre de lignes nominatives renvoyées")
    created_at = models.DateTimeField(db_index=True)
    schools = models.ManyToManyField(School, through="AccessLogSchool", related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation de données personnelles")
        verbose_name_plural = _("journal des consultations")

    def __str__(self) -> str:
        return f"{self.viewer_name} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class AccessLogSchool(models.Model):
    access_log = models.ForeignKey(AccessLog, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("école concernée par une consultation")
        constraints = [
            models.UniqueConstraint(fields=["access_log", "school"],
                                    name="access_log_school_unique"),
        ]
        indexes = [models.Index(fields=["school", "access_log"])]

    def __str__(self) -> str:
        return f"{self.access_log_id} → {self.school_id}"
