"""Signing in through an identity provider: the providers, the pending link, the director's
list of links (docs/federation.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.accounts.authentication import SessionAuthentication
from preau.common.apis import ListApi
from preau.common.errors import NotFoundError
from preau.common.schema import PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.federation import selectors, services
from preau.federation import serializers as s
from preau.federation.access import identity_get_for, identity_school_get_for

TAGS = ["federation"]
RETRY_AFTER_429 = OpenApiParameter(
    "Retry-After", int, OpenApiParameter.HEADER, response=[429],
    description="Secondes avant de pouvoir réessayer")


class ProvidersApi(APIView):
    """The identity providers offered on the sign-in page (none when federation is off)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: s.ProviderOutput(many=True)}, tags=TAGS, auth=[])
    def get(self, request):
        return Response(s.ProviderOutput(selectors.providers_public(), many=True).data)


class LinkApi(APIView):
    """The identity a provider vouched for, waiting to be linked to a Préau login (GET), and
    the proof that links it (POST): the invitation letter's code, or the login's username
    and password. The session then opens."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: s.PendingLinkOutput,
                              404: error("Aucune connexion en attente dans cette session")},
                   tags=TAGS, auth=[])
    def get(self, request):
        pending = services.federated_link_pending(request=request)
        if pending is None:
            raise NotFoundError("Aucune connexion en attente de liaison.")
        data = {"provider": pending.provider, "protocol": pending.protocol,
                "display_name": pending.display_name,
                "expires_at": datetime.fromtimestamp(pending.expires_at, tz=UTC)}
        return Response(s.PendingLinkOutput(data).data)

    @extend_schema(
        request=s.LinkInput,
        responses={200: s.SignedInOutput,
                   400: error("Rien en attente (link_not_pending), code invalide, expiré ou "
                              "déjà utilisé (code), identifiant ou mot de passe incorrect "
                              "(password), code de double authentification (otp_code), "
                              "compte déjà lié (already_linked)"),
                   403: error("Jeton CSRF absent ou invalide"),
                   429: error("Trop d'échecs récents depuis cette adresse ou pour ce compte")},
        parameters=[RETRY_AFTER_429], tags=TAGS, auth=[])
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        data = s.LinkInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("code"):
            user = services.federated_link_with_code(request=request, code=values["code"])
        else:
            user = services.federated_link_with_password(
                request=request, username=values["username"], password=values["password"],
                otp_code=values.get("otp_code", ""))
        return Response(s.SignedInOutput({"username": user.username, "signed_in": True}).data,
                        status=status.HTTP_200_OK)


class SchoolIdentitiesApi(ListApi):
    """Who, among the school's people (staff, pupils, guardians), signs in through an
    identity provider, and how the link was made: the director's (and the operator's) view."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.IdentityOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = identity_school_get_for(request.user, school_id)
        return self.paginated(selectors.school_identities(school=school), s.IdentityOutput)


class IdentityDetailApi(APIView):
    """Remove a link: the login stays; its sessions opened through that provider end."""

    @extend_schema(responses={204: None, **READ_ERRORS,
                              403: error("Seule la direction de l'école retire une liaison")},
                   tags=TAGS)
    def delete(self, request, identity_id: int):
        identity = identity_get_for(request.user, identity_id)
        services.federated_identity_unlink(actor=request.user, identity=identity,
                                           request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
