"""The digest's endpoints: the viewer's choice, and the one-click unsubscription."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.parsers import BoundedJSONParser
from preau.common.schema import AUTH_ERRORS, error
from preau.notifications import serializers as s
from preau.notifications import services
from preau.notifications.access import digest_of
from preau.notifications.models import Category, default_send_at

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
