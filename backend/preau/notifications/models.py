"""What a user asked to be told of outside Préau: the daily e-mail digest (docs/notifications.md).

A ``Digest`` is one login's choice of a time of day; its ``DigestCategory`` rows are the
kinds of news it gathers. No category, no mail. The scheduler's dispatcher claims each digest
due once a day (``queued_on``) and hands the window it covers to a task (``covered_until``:
where the previous digest stopped, so that the digests of successive days tile).
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Digests leave between these hours (Europe/Paris): nobody is mailed at night.
EARLIEST = time(6, 0)
LATEST = time(22, 0)


def default_send_at() -> time:
    return time(18, 0)


class Category(models.TextChoices):
    """The kinds of news, in the order a digest lists them."""

    MESSAGES = "messages", _("Messages")
    LIAISON_NOTES = "liaison_notes", _("Mots à signer")
    ABSENCES = "absences", _("Absences et retards relevés")
    HOMEWORK = "homework", _("Devoirs donnés")
    ANNOUNCEMENTS = "announcements", _("Annonces de l'école")
    TIMETABLE = "timetable", _("Changements d'emploi du temps")


class Digest(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="digest")
    send_at = models.TimeField(default=default_send_at,
                               help_text="Heure d'envoi (Europe/Paris), entre 6 h et 22 h")
    queued_on = models.DateField(null=True, blank=True,
                                 help_text="Dernier jour où le résumé a été demandé")
    covered_until = models.DateTimeField(null=True, blank=True,
                                         help_text="Fin de la période du dernier résumé")

    class Meta:
        verbose_name = _("résumé quotidien par courriel")
        constraints = [
            models.CheckConstraint(condition=Q(send_at__gte=EARLIEST, send_at__lte=LATEST),
                                   name="digest_sent_in_the_day"),
        ]
        indexes = [models.Index(fields=["send_at", "queued_on"], name="digest_due")]

    def __str__(self) -> str:
        return f"Résumé de {self.user} à {self.send_at:%H:%M}"


class DigestCategory(models.Model):
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(max_length=13, choices=Category.choices)

    class Meta:
        verbose_name = _("rubrique du résumé")
        constraints = [
            models.UniqueConstraint(fields=["digest", "category"], name="digest_category_once"),
            models.CheckConstraint(condition=Q(category__in=Category.values),
                                   name="digest_category_known"),
        ]

    def __str__(self) -> str:
        return f"{self.digest} : {self.get_category_display()}"


class PushSubscription(models.Model):
    """A browser (a phone, a tablet) that accepted Web Push for a login: its push service's
    address and the keys its payloads are encrypted with (RFC 8291), and the categories it
    wants (``PushCategory``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100, help_text="Clé publique du navigateur (P-256)")
    auth = models.CharField(max_length=30, help_text="Secret d'authentification du navigateur")
    label = models.CharField(max_length=120, blank=True, help_text="« Téléphone de Sophie »…")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("appareil abonné aux notifications")

    def __str__(self) -> str:
        return f"{self.user} — {self.label or self.endpoint[:40]}"


class PushCategory(models.Model):
    subscription = models.ForeignKey(PushSubscription, on_delete=models.CASCADE,
                                     related_name="categories")
    category = models.CharField(max_length=13, choices=Category.choices)

    class Meta:
        verbose_name = _("rubrique notifiée")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "category"],
                                    name="push_category_once"),
            models.CheckConstraint(condition=Q(category__in=Category.values),
                                   name="push_category_known"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription} : {self.get_category_display()}"
