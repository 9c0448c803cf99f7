from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from preau.class_cards.models import PICTURES, CardMethod
from preau.common.apis import IdField


class CardPictureOutput(serializers.Serializer):
    key = serializers.CharField()
    label_fr = serializers.CharField()
    url = serializers.CharField(help_text="Chemin du fichier SVG (/static/…)")


class ClassDeviceEnrolInput(serializers.Serializer):
    name = serializers.CharField(max_length=60, help_text="Ex. « Tablette 1 »")


class ClassDeviceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    name = serializers.CharField()
    enrolled_at = serializers.DateTimeField()
    enrolled_by_name = serializers.SerializerMethodField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)
    is_this_device = serializers.SerializerMethodField(
        help_text="L'appareil de cette requête (son cookie)")

    def get_enrolled_by_name(self, device) -> str:
        user = device.enrolled_by
        return user.get_full_name() or user.get_username() if user else ""

    def get_is_this_device(self, device) -> bool:
        return device.pk == self.context.get("this_device_id")


class CardSignInInput(serializers.Serializer):
    pupil = IdField(required=False, help_text="Avec les images : l'élève choisi·e")
    pictures = serializers.ListField(
        child=serializers.ChoiceField(choices=list(PICTURES)), required=False,
        min_length=2, max_length=2, help_text="Les deux images de la carte, dans n'importe "
                                              "quel ordre")
    qr = serializers.CharField(required=False, max_length=200,
                               help_text="Le texte du QR code de la carte")

    def validate(self, attrs):
        if "qr" in attrs:
            if "pupil" in attrs or "pictures" in attrs:
                raise serializers.ValidationError(
                    {"qr": ["Le QR code seul, ou l'élève et ses deux images."]})
            return attrs
        errors = {}
        if "pupil" not in attrs:
            errors["pupil"] = ["Choisis ton prénom."]
        if "pictures" not in attrs:
            errors["pictures"] = ["Choisis tes deux images."]
        elif len(set(attrs["pictures"])) != 2:
            errors["pictures"] = ["Choisis deux images différentes."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ClassDevicePupilOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField(help_text="Prénom (et initiale du nom si deux élèves "
                                                 "ont le même prénom)")


class ClassDeviceClassroomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school_name = serializers.CharField()


class ClassDeviceStateOutput(serializers.Serializer):
    device = ClassDeviceOutput()
    classroom = ClassDeviceClassroomOutput()
    cards_open = serializers.BooleanField(help_text="Les cartes marchent maintenant")
    closed_reason = serializers.CharField(help_text="Pourquoi pas, sinon vide")
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    pupils = ClassDevicePupilOutput(many=True)
    pictures = CardPictureOutput(many=True)


class CardSignInOutput(serializers.Serializer):
    pupil = ClassDevicePupilOutput()
    method = serializers.ChoiceField(choices=CardMethod.choices)
    ends_at = serializers.DateTimeField(help_text="La session s'arrête au plus tard alors")


class ClassCardOutput(serializers.Serializer):
    """A pupil of the class and the state of its card."""

    pupil_id = serializers.IntegerField(source="pk")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    has_card = serializers.SerializerMethodField()
    pictures = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    created_at = serializers.SerializerMethodField()
    reset_at = serializers.SerializerMethodField()
    printed_at = serializers.SerializerMethodField()
    signed_in_now = serializers.BooleanField()
    last_sign_in_at = serializers.DateTimeField(allow_null=True)
    last_sign_in_device = serializers.CharField(allow_null=True)

    def _card(self, pupil):
        return getattr(pupil, "class_card", None)

    def get_has_card(self, pupil) -> bool:
        return self._card(pupil) is not None

    def get_pictures(self, pupil) -> list[str]:
        card = self._card(pupil)
        return card.pictures if card else []

    def get_version(self, pupil) -> int | None:
        card = self._card(pupil)
        return card.version if card else None

    def _date(self, pupil, name):
        card = self._card(pupil)
        value = getattr(card, name) if card else None
        return serializers.DateTimeField().to_representation(value) if value else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_created_at(self, pupil) -> str | None:
        return self._date(pupil, "created_at")

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_reset_at(self, pupil) -> str | None:
        return self._date(pupil, "reset_at")

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_printed_at(self, pupil) -> str | None:
        return self._date(pupil, "printed_at")


class ClassCardsPrintInput(serializers.Serializer):
    pupils = serializers.ListField(child=IdField(), required=False, allow_empty=False,
                                   max_length=200,
                                   help_text="Ces élèves seulement (sinon toute la classe)")
    reprint = serializers.BooleanField(
        default=False, help_text="Réimprimer aussi les cartes déjà imprimées (leur QR code "
                                 "change, leurs images restent)")


class CardSessionsEndedOutput(serializers.Serializer):
    ended = serializers.IntegerField()
