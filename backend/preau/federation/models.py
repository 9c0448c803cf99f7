"""A login's identities at the identity providers (SAML, OpenID Connect): docs/federation.md."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Protocol(models.TextChoices):
    SAML = "saml", "SAML 2.0"
    OIDC = "oidc", "OpenID Connect"


class LinkedHow(models.TextChoices):
    """How Préau decided that the provider's subject is this login."""

    INE = "ine", _("Automatiquement, par l'INE des enfants")
    EMAIL = "email", _("Automatiquement, par l'adresse académique")
    INVITATION_CODE = "invitation_code", _("Par le code de la lettre d'invitation")
    PASSWORD = "password", _("Par l'identifiant et le mot de passe Préau")


class FederatedIdentity(models.Model):
    """One subject (persistent identifier) at one provider, tied to one login.

    A login may hold several (EduConnect and an OpenID Connect provider); a subject belongs
    to one login only."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE,
                             related_name="federated_identities")
    protocol = models.CharField(max_length=4, choices=Protocol.choices)
    # The key of the provider in the settings (PREAU_SAML_IDPS, PREAU_OIDC_PROVIDERS).
    provider = models.CharField(max_length=60)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(default=timezone.now)
    linked_how = models.CharField(max_length=15, choices=LinkedHow.choices)

    class Meta:
        verbose_name = _("identité fédérée")
        verbose_name_plural = _("identités fédérées")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"],
                                    name="federated_identity_unique_subject"),
            # One identity per provider and login: a second one (someone who knows the
            # password linking their own account) is refused, not added silently.
            models.UniqueConstraint(fields=["user", "provider"],
                                    name="federated_identity_one_per_provider"),
            models.CheckConstraint(condition=~models.Q(subject=""),
                                   name="federated_identity_subject_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user_id}"
