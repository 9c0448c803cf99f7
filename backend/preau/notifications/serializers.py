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


class PushKeysInput(serializers.Serializer):
    p256dh = serializers.CharField(max_length=100)
    auth = serializers.CharField(max_length=30)


class PushSubscribeInput(serializers.Serializer):
    """What ``PushSubscription.toJSON()`` gives in the browser, with a name and categories."""

    endpoint = serializers.URLField(max_length=1000)
    keys = PushKeysInput()
    label = serializers.CharField(max_length=120, allow_blank=True, required=False, default="")
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), allow_empty=True,
        max_length=2 * len(Category.values))


class PushCategoriesInput(serializers.Serializer):
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), allow_empty=True,
        max_length=2 * len(Category.values))
    label = serializers.CharField(max_length=120, allow_blank=True, required=False)


class PushSubscriptionOutput(serializers.Serializer):
    """A browser of the viewer's that receives pushes (never its endpoint nor its keys)."""

    id = serializers.IntegerField()
    label = serializers.CharField()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    created_at = serializers.DateTimeField()
    last_sent_at = serializers.DateTimeField(allow_null=True)


class PushSettingsOutput(serializers.Serializer):
    """Whether this deployment pushes, the key a browser subscribes with, the viewer's
    subscribed browsers."""

    enabled = serializers.BooleanField()
    application_server_key = serializers.CharField(allow_blank=True)
    subscriptions = PushSubscriptionOutput(many=True)
