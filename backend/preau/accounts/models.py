from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"


class User(AbstractUser):
    """A login. Linked to at most one Person, whose ties give the roles."""

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.FRENCH)
    notify_absence_by_email = models.BooleanField(
        default=False, help_text="Recevoir un courriel quand son enfant est noté absent")

    class Meta:
        verbose_name = _("utilisateur")


class UserSession(models.Model):
    """The sessions opened by a login, so that they can be listed and ended."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d %H:%M}"
