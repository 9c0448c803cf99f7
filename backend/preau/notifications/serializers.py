from __future__ import annotations

from rest_framework import serializers

from preau.notifications.models import Category


class DigestInput(serializers.Serializer):
    send_at = serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"],
                                    help_text="Heure d'envoi (Europe/Paris), de 06:00 à 22:00")
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), allow_empty=True,
        max_length=2 * len(Category.values),
        help_text="Les rubriques du résumé ; aucune : pas de résumé")


class DigestOutput(serializers.Serializer):
    """The viewer's daily digest by e-mail."""

    send_at = serializers.TimeField(format="%H:%M")
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    address = serializers.CharField(help_text="L'adresse où part le résumé (vide : aucune)")


class UnsubscribedOutput(serializers.Serializer):
    """What a one-click unsubscription removed, and what the digest still gathers."""

    category = serializers.ChoiceField(choices=[("all", "Tout le résumé"), *Category.choices])
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
