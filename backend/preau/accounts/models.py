from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
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


class SessionKind(models.TextChoices):
    """Which timeouts apply to a session (settings ``PREAU_SESSION_*_SECONDS``)."""

    FAMILY = "family", "Famille"
    STAFF = "staff", "Personnel ou autorité"


class SignInMethod(models.TextChoices):
    """How a session was opened (docs/security.md, "Ways in"): shown in the login's own
    sessions list and written in the audit journal's sign-in events."""

    PASSWORD = "password", "Mot de passe"
    PASSWORD_TOTP = "password_totp", "Mot de passe et code à usage unique"
    PASSWORD_PASSKEY = "password_passkey", "Mot de passe et clé d'accès"
    PASSKEY = "passkey", "Clé d'accès"
    SAML = "saml", "Fédération d'identité (SAML)"
    OIDC = "oidc", "OpenID Connect"
    CARD_PICTURES = "card_pictures", "Carte de classe (images)"
    CARD_QR = "card_qr", "Carte de classe (QR code)"


class UserSession(models.Model):
    """The sessions opened by a login, so that they can be listed and ended."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=SessionKind.choices,
                            default=SessionKind.FAMILY)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=20, choices=SignInMethod.choices,
                              default=SignInMethod.PASSWORD)
    # The identity provider of a SAML or OpenID Connect sign-in (its key in the settings),
    # or the enrolled device of a class card; empty otherwise.
    provider = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = _("session")

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """A code on a paper letter that lets one guardian create their login, once.

    Only a hash of the code is stored. A guardian has at most one pending invitation
    (neither used nor revoked): generating a new letter revokes the previous code.
    """

    guardian = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                                 related_name="invitations")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", help_text="Le compte créé avec ce code")

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian"], condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="one_pending_invitation_per_guardian"),
            models.CheckConstraint(condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True),
                                   name="invitation_used_or_revoked_not_both"),
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")),
                                   name="invitation_expires_after_creation"),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk} → {self.guardian_id}"
