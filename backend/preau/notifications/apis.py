"""The digest's endpoints: the viewer's choice, and the one-click unsubscription."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.errors import NotFoundError
from preau.common.parsers import BoundedJSONParser
from preau.common.schema import AUTH_ERRORS, error
from preau.notifications import serializers as s
from preau.notifications import services
from preau.notifications.access import (
    digest_of,
    push_subscription_get_for,
    push_subscriptions_visible_to,
)
from preau.notifications.models import Category, default_send_at
from preau.notifications.vapid import application_server_key, push_enabled

TAGS = ["notifications"]


def _categories(digest) -> list[str]:
    if digest is None:
        return []
    chosen = {row.category for row in digest.categories.all()}
    return [c for c in Category.values if c in chosen]


def _digest_data(user, digest) -> dict:
    return {"send_at": digest.send_at if digest else default_send_at(),
            "categories": _categories(digest), "address": services.address_of(user)}


class DigestApi(APIView):
    """The viewer's daily digest by e-mail: the time it leaves, the news it gathers."""

    parser_classes = [BoundedJSONParser]

    @extend_schema(responses={200: s.DigestOutput, **AUTH_ERRORS}, tags=TAGS)
    def get(self, request):
        return Response(s.DigestOutput(_digest_data(request.user, digest_of(request.user))).data)

    @extend_schema(request=s.DigestInput,
                   responses={200: s.DigestOutput, **AUTH_ERRORS,
                              400: error("Champ invalide (nommé dans fields)"),
                              403: error("Compte en lecture seule")}, tags=TAGS)
    def put(self, request):
        serializer = s.DigestInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        digest = services.digest_set(actor=request.user, **serializer.validated_data)
        return Response(s.DigestOutput(_digest_data(request.user, digest)).data)


class UnsubscribeApi(APIView):
    """One-click unsubscription from the digest (RFC 8058): the address of the mail's
    ``List-Unsubscribe`` header (the whole digest) or of a section's link (that section),
    posted with no session. Its token is the only credential and can only remove
    (notifications.unsubscribe). A GET does nothing: links are opened by mail scanners."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=None,
                   responses={200: s.UnsubscribedOutput,
                              404: error("Lien de désabonnement inconnu ou expiré")},
                   tags=TAGS, auth=[])
    def post(self, request, token: str):
        digest, category = services.digest_unsubscribe(token=token)
        return Response(s.UnsubscribedOutput(
            {"category": category, "categories": _categories(digest)}).data)


def _push_data(subscription) -> dict:
    return {"id": subscription.pk, "label": subscription.label,
            "categories": _categories(subscription), "created_at": subscription.created_at,
            "last_sent_at": subscription.last_sent_at}


class PushSettingsApi(APIView):
    """Web Push: the key a browser subscribes with and the viewer's subscribed browsers."""

    @extend_schema(responses={200: s.PushSettingsOutput, **AUTH_ERRORS}, tags=TAGS)
    def get(self, request):
        subscriptions = push_subscriptions_visible_to(request.user).prefetch_related(
            "categories")
        return Response(s.PushSettingsOutput({
            "enabled": push_enabled(),
            "application_server_key": application_server_key() if push_enabled() else "",
            "subscriptions": [_push_data(row) for row in subscriptions]}).data)


class PushSubscriptionListApi(APIView):
    """This browser accepts pushes (after the person's clear yes), for these categories."""

    parser_classes = [BoundedJSONParser]

    @extend_schema(request=s.PushSubscribeInput,
                   responses={201: s.PushSubscriptionOutput, 200: s.PushSubscriptionOutput,
                              **AUTH_ERRORS, 400: error("Champ invalide (nommé dans fields)"),
                              403: error("Compte en lecture seule"),
                              404: error("Notifications push non configurées")}, tags=TAGS)
    def post(self, request):
        if not push_enabled():
            raise NotFoundError("Les notifications push ne sont pas configurées.")
        serializer = s.PushSubscribeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subscription, created = services.push_subscribe(
            actor=request.user, endpoint=data["endpoint"], p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"], label=data["label"], categories=data["categories"])
        subscription = push_subscription_get_for(request.user, subscription.pk)
        return Response(s.PushSubscriptionOutput(_push_data(subscription)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PushSubscriptionDetailApi(APIView):
    """One of the viewer's browsers: its categories and name; DELETE stops its pushes."""

    parser_classes = [BoundedJSONParser]

    @extend_schema(request=s.PushCategoriesInput,
                   responses={200: s.PushSubscriptionOutput, **AUTH_ERRORS,
                              400: error("Champ invalide (nommé dans fields)"),
                              403: error("Compte en lecture seule"),
                              404: error("Appareil introuvable")}, tags=TAGS)
    def put(self, request, subscription_id: int):
        subscription = push_subscription_get_for(request.user, subscription_id)
        serializer = s.PushCategoriesInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.push_categories_set(subscription=subscription, **serializer.validated_data)
        subscription = push_subscription_get_for(request.user, subscription_id)
        return Response(s.PushSubscriptionOutput(_push_data(subscription)).data)

    @extend_schema(responses={204: None, **AUTH_ERRORS, 403: error("Compte en lecture seule"),
                              404: error("Appareil introuvable")}, tags=TAGS)
    def delete(self, request, subscription_id: int):
        services.push_unsubscribe(
            subscription=push_subscription_get_for(request.user, subscription_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
