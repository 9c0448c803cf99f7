"""The audit log: logins, refusals and the authority roles' reads, append-only.

Who (the account, and the username typed for a failed login), what (the kind, the URL
pattern and the object's ids), when, from where (address and user agent). Never a
password, a token, a session key or a cookie: the URL is recorded as its route pattern,
without the query string, and only the ids of the path.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    LOGIN_SUCCEEDED = "login_succeeded", _("Connexion réussie")
    LOGIN_FAILED = "login_failed", _("Échec de connexion")
    LOGIN_THROTTLED = "login_throttled", _("Connexion bloquée (trop d'échecs)")
    LOGOUT = "logout", _("Déconnexion")
    PERMISSION_DENIED = "permission_denied", _("Action refusée")
    AUTHORITY_READ = "authority_read", _("Consultation par une autorité")
    ROLL_CALL_REMINDER = "roll_call_reminder", _("Relance d'un appel non fait")
    PUPIL_RECORD_CHANGED = "pupil_record_changed", _("Fiche élève modifiée")
    FEDERATION_LINKED = "federation_linked", _("Identité fédérée liée au compte")
    FEDERATION_UNLINKED = "federation_unlinked", _("Identité fédérée déliée du compte")
    CLASS_DEVICE_ADDED = "class_device_added", _("Tablette de classe enregistrée")
    CLASS_DEVICE_REMOVED = "class_device_removed", _("Tablette de classe retirée")
    CLASS_CARD_RESET = "class_card_reset", _("Carte de classe réinitialisée")


class AppendOnlyError(Exception):
    """An audit row was about to be changed or deleted outside the retention purge."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the audit log is append-only")


class AuditEvent(models.Model):
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    # No database constraint: the row outlives the account and must never be updated.
    actor = models.ForeignKey("accounts.User", on_delete=models.DO_NOTHING, db_constraint=False,
                              null=True, blank=True, related_name="+")
    # The username of the account, or the one typed for a failed login.
    username = models.CharField(max_length=150, blank=True)
    actor_name = models.CharField(max_length=250, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True, help_text="Motif de l'URL, sans paramètres")
    object_ref = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # A sign-in event: how (accounts.models.SignInMethod, and the provider after a colon).
    sign_in_method = models.CharField(max_length=80, blank=True, db_default="")
    created_at = models.DateTimeField(db_index=True)
    schools = models.ManyToManyField("schools.School", through="AuditEventSchool",
                                     related_name="+")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("événement du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:  # read from the database, or saved once already
            raise AppendOnlyError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the audit log is append-only; the retention purge deletes")


class AuditEventSchool(models.Model):
    """The schools an event concerns: the account's schools, or the schools read."""

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("schools.School", on_delete=models.DO_NOTHING,
                               db_constraint=False, related_name="+")

    class Meta:
        verbose_name = _("école concernée par un événement")
        constraints = [
            models.UniqueConstraint(fields=["event", "school"], name="audit_event_school_unique"),
        ]
        indexes = [models.Index(fields=["school", "event"])]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.school_id}"
