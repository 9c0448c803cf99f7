from __future__ import annotations

from rest_framework import serializers

from preau.federation.models import LinkedHow, Protocol
from preau.federation.selectors import identity_school_role, provider_label


class ProviderOutput(serializers.Serializer):
    key = serializers.CharField(help_text="Clé du fournisseur dans les réglages")
    protocol = serializers.ChoiceField(choices=Protocol.choices)
    label = serializers.CharField(help_text="Nom affiché sur le bouton de connexion")
    audience = serializers.ChoiceField(choices=[("families", "Familles"),
                                                ("staff", "Personnels")])
    sign_in_path = serializers.CharField(
        help_text="Chemin où envoyer le navigateur pour se connecter")


class PendingLinkOutput(serializers.Serializer):
    provider = serializers.CharField(source="provider.key")
    provider_label = serializers.CharField(source="provider.label")
    protocol = serializers.ChoiceField(choices=Protocol.choices)
    audience = serializers.CharField(source="provider.audience",
                                     help_text="families : code de la lettre proposé ; "
                                               "staff : identifiant et mot de passe")
    display_name = serializers.CharField(help_text="Le nom transmis par le fournisseur")
    expires_at = serializers.DateTimeField()


class LinkInput(serializers.Serializer):
    """Either the invitation letter's ``code``, or ``username`` and ``password`` (and
    ``otp_code`` for an account with a second factor)."""

    code = serializers.CharField(max_length=40, required=False)
    username = serializers.CharField(max_length=150, required=False)
    password = serializers.CharField(max_length=4096, required=False,
                                     style={"input_type": "password"})
    otp_code = serializers.CharField(max_length=10, required=False, default="",
                                     allow_blank=True)

    def validate(self, attrs):
        if attrs.get("code"):
            return attrs
        if attrs.get("username") and attrs.get("password"):
            return attrs
        message = "Saisissez le code de votre lettre, ou votre identifiant et votre mot de passe."
        raise serializers.ValidationError({"code": [message]})


class SignedInOutput(serializers.Serializer):
    """The session is open: the web app reads the account with ``GET accounts/me/``."""

    username = serializers.CharField()
    signed_in = serializers.BooleanField()


class IdentityOutput(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField(source="user.person_id", allow_null=True)
    person_name = serializers.SerializerMethodField()
    username = serializers.CharField(source="user.username")
    role = serializers.SerializerMethodField(
        help_text="director, teacher, guardian ou pupil : son rôle dans cette école")
    protocol = serializers.ChoiceField(choices=Protocol.choices)
    provider = serializers.CharField()
    provider_label = serializers.SerializerMethodField()
    linked_at = serializers.DateTimeField()
    linked_how = serializers.ChoiceField(choices=LinkedHow.choices)

    def get_person_name(self, identity) -> str:
        person = identity.user.person
        return person.full_name if person is not None else identity.user.get_full_name()

    def get_role(self, identity) -> str:
        return identity_school_role(identity)

    def get_provider_label(self, identity) -> str:
        return provider_label(protocol=identity.protocol, key=identity.provider)
