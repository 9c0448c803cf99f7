"""Typed live events: one serializer per event type, registered here, documented in OpenAPI.

Every event is a flat JSON object ``{"type": "<name>", <fields>…}``. Apps declare their
events as subclasses of ``LiveEvent`` with an ``event_type`` and their fields;
``LiveEvent.of`` builds the JSON-ready payload that ``publish_on_commit`` sends. Events are hints: each
names the ids a client needs to refetch the lists it touches with ``?after=<cursor>``.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.utils.module_loading import autodiscover_modules
from drf_spectacular.utils import OpenApiCallback, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

EVENT_TYPES: dict[str, type[LiveEvent]] = {}


class LiveEvent(serializers.Serializer):
    """Base of every live event; subclasses set ``event_type`` and declare their fields."""

    event_type: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.event_type:
            return
        if cls.event_type in EVENT_TYPES and EVENT_TYPES[cls.event_type] is not cls:
            raise ValueError(f"live event type {cls.event_type!r} declared twice")
        cls._declared_fields = {
            "type": serializers.ChoiceField(
                choices=[(cls.event_type, cls.event_type)],
                help_text="Type de l'évènement",
            ),
            **cls._declared_fields,
        }
        EVENT_TYPES[cls.event_type] = cls

    @classmethod
    def of(cls, data: dict) -> dict:
        """The payload sent on the socket: validated shape, plain JSON types only."""
        payload = cls({**data, "type": cls.event_type}).data
        return json.loads(JSONRenderer().render(payload))


def registered_event_types() -> dict[str, type[LiveEvent]]:
    """Every event type of every app: each installed app's ``events`` module is imported
    (as the admin finds ``admin`` modules), so an app's events are known before it sends one."""
    autodiscover_modules("events")
    return {name: EVENT_TYPES[name] for name in sorted(EVENT_TYPES)}


def live_event_union() -> PolymorphicProxySerializer:
    """Every registered event, discriminated by ``type`` (for the OpenAPI schema)."""
    return PolymorphicProxySerializer(
        component_name="LiveEvent",
        serializers=registered_event_types,  # read when the schema is built, not at import
        resource_type_field_name="type",
        many=False,
    )


def live_events_callback() -> OpenApiCallback:
    """Documents the socket in OpenAPI: what ``/ws/events/`` pushes to a logged-in client."""
    return OpenApiCallback(
        name="liveEvents",
        path="/ws/events/",
        decorator=extend_schema(
            summary="Évènements poussés par le serveur sur la WebSocket",
            description=(
                "Ouvrir `/ws/events/` avec la session (même origine). Le serveur envoie des "
                "objets JSON `LiveEvent` ; le client n'écrit jamais sur la socket. À la "
                "reconnexion, rattraper avec `?after=<curseur>` sur les listes concernées."
            ),
            request=live_event_union(),
            responses={200: None},
        ),
    )
