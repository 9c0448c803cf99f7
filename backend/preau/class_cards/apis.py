"""The class cards' endpoints (docs/class-cards.md): the teacher's (devices, cards, the
PDF, reset) and the tablet's (its state, a pupil's sign-in), which carry no session of
their own but the device's cookie."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.accounts.authentication import SessionAuthentication
from preau.class_cards import selectors, services
from preau.class_cards import serializers as s
from preau.class_cards.access import (
    card_classroom_get_for,
    card_pupil_get_for,
    class_device_get_for,
)
from preau.class_cards.pdf import cards_pdf
from preau.common.apis import ListApi
from preau.common.pagination import PagePagination
from preau.common.schema import PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.people.access import Purpose

TAGS = ["class-cards"]
WRITE_ERRORS = {**READ_ERRORS, 400: error("Champ invalide (nommé dans fields)"),
                403: error("Réservé aux enseignant·es de la classe et à la direction")}
DEVICE_ERRORS = {403: error("Appareil non inscrit (`permission_denied`), retiré "
                            "(`device_revoked`), ou hors des heures d'école "
                            "(`outside_school_hours`)")}
DEVICE_COOKIE_NOTE = ("Le cookie `preau_class_device` (signé, HttpOnly, SameSite=Lax) "
                      "désigne l'appareil inscrit.")


def _parse(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _this_device_id(request) -> int | None:
    device = selectors.device_of_request(request)
    return device.pk if device is not None else None


class PictureListApi(APIView):
    """The nine pictures of the cards (the tablet's page and the PDF draw the same files)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: s.CardPictureOutput(many=True)}, tags=TAGS, auth=[])
    def get(self, request):
        return Response(s.CardPictureOutput(selectors.pictures_list(), many=True).data)


class ClassroomDeviceListApi(ListApi):
    """The class's enrolled (and revoked) devices; enrolling the browser of this request."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.ClassDeviceOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom = card_classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        paginator = PagePagination()
        page = paginator.paginate_queryset(selectors.classroom_devices(classroom=classroom),
                                           request, view=self)
        return paginator.get_paginated_response(s.ClassDeviceOutput(
            page, many=True, context={"this_device_id": _this_device_id(request)}).data)

    @extend_schema(request=s.ClassDeviceEnrolInput,
                   responses={201: s.ClassDeviceOutput, **WRITE_ERRORS}, tags=TAGS,
                   description="Inscrit le navigateur de cette requête comme appareil de la "
                               "classe et pose son cookie `preau_class_device` (signé, "
                               "HttpOnly, SameSite=Lax, un an), qui survit à la déconnexion.")
    def post(self, request, classroom_id: int):
        classroom = card_classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        data = _parse(s.ClassDeviceEnrolInput, request.data)
        device, token = services.device_enrol(
            actor=request.user, classroom=classroom, name=data["name"],
            previous_token=selectors.device_token_of_request(request))
        response = Response(s.ClassDeviceOutput(device, context={"this_device_id": device.pk}).data,
                            status=status.HTTP_201_CREATED)
        response.set_signed_cookie(
            selectors.DEVICE_COOKIE, token, salt=selectors.DEVICE_COOKIE_SALT,
            max_age=int(timedelta(days=settings.PREAU_CLASS_CARDS_DEVICE_DAYS).total_seconds()),
            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
        return response


class DeviceDetailApi(APIView):
    """Revoke a device: it stops signing pupils in at once, its card sessions end."""

    @extend_schema(responses={200: s.ClassDeviceOutput, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, device_id: int):
        device = class_device_get_for(request.user, device_id, purpose=Purpose.REGISTER)
        device = services.device_revoke(actor=request.user, device=device)
        return Response(s.ClassDeviceOutput(
            device, context={"this_device_id": _this_device_id(request)}).data)


class ClassroomCardListApi(ListApi):
    """The class's pupils: each one's card (or none), its pictures, when it was reset or
    printed, the last sign-in with it, and whether the pupil is signed in now."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.ClassCardOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom = card_classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        return self.paginated(selectors.classroom_cards(classroom=classroom), s.ClassCardOutput)


class ClassroomCardsPdfApi(APIView):
    """The cards to print (PDF): the pupils without a card get one; with ``reprint``, the
    cards already printed are printed again with a new QR code (same pictures)."""

    @extend_schema(request=s.ClassCardsPrintInput,
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
                              **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = card_classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        data = _parse(s.ClassCardsPrintInput, request.data)
        cards = services.cards_print(actor=request.user, classroom=classroom,
                                     pupil_ids=data.get("pupils"), reprint=data["reprint"])
        response = HttpResponse(cards_pdf(classroom=classroom, cards=cards),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="cartes-{classroom.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class CardResetApi(APIView):
    """New pictures and QR code for a pupil's card: the old one stops working at once and
    the pupil's card sessions end."""

    @extend_schema(request=None, responses={200: s.ClassCardOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, pupil_id: int):
        pupil = card_pupil_get_for(request.user, pupil_id, purpose=Purpose.REGISTER)
        services.card_reset(actor=request.user, pupil=pupil)
        row = selectors.classroom_cards_of_pupil(pupil=pupil)
        return Response(s.ClassCardOutput(row).data)


class CardSessionsEndApi(APIView):
    """End a pupil's open card sessions (the card keeps working)."""

    @extend_schema(request=None, responses={200: s.CardSessionsEndedOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, pupil_id: int):
        pupil = card_pupil_get_for(request.user, pupil_id, purpose=Purpose.REGISTER)
        ended = services.card_sessions_end(actor=request.user, pupil=pupil)
        return Response(s.CardSessionsEndedOutput({"ended": ended}).data)


class DeviceStateApi(APIView):
    """What the tablet shows: its class, whether cards work now, the pupils' first names
    and the pictures. 403 on a browser that is not an enrolled device."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: s.ClassDeviceStateOutput, **DEVICE_ERRORS}, tags=TAGS, auth=[],
                   description=DEVICE_COOKIE_NOTE)
    def get(self, request):
        device = services.device_usable(selectors.device_of_request(request))
        hours = selectors.card_hours(school=device.classroom.school)
        return Response(s.ClassDeviceStateOutput({
            "device": device, "classroom": {
                "id": device.classroom_id, "name": device.classroom.name,
                "school_name": device.classroom.school.name},
            "cards_open": hours.open, "closed_reason": hours.reason,
            "opens_at": hours.opens_at, "closes_at": hours.closes_at,
            "pupils": selectors.device_pupils(device=device),
            "pictures": selectors.pictures_list(),
        }, context={"this_device_id": device.pk}).data)


class DeviceSignInApi(APIView):
    """A pupil signs in on the tablet with the card's two pictures, or its QR code; the
    pupil's own session opens (and any session open in this browser ends)."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=s.CardSignInInput,
        responses={200: s.CardSignInOutput,
                   400: error("Élève hors de la classe ou sans carte (`pupil`), mauvaises "
                              "images (`pictures`), QR code inconnu (`qr`)"),
                   **DEVICE_ERRORS,
                   429: error("Trop d'essais pour cet·te élève ou sur cet appareil")},
        parameters=[OpenApiParameter("Retry-After", int, OpenApiParameter.HEADER,
                                     response=[429], description="Secondes avant de réessayer")],
        tags=TAGS, auth=[], description=DEVICE_COOKIE_NOTE + " Jeton CSRF exigé "
                                                             "(en-tête X-CSRFToken).")
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)  # no login CSRF
        device = services.device_usable(selectors.device_of_request(request))
        data = _parse(s.CardSignInInput, request.data)
        sign_in = services.card_sign_in(request=request, device=device,
                                        pupil_id=data.get("pupil"),
                                        pictures=data.get("pictures"), qr=data.get("qr"))
        names = selectors.display_names(
            list(selectors.classroom_pupils(classroom=device.classroom)))
        return Response(s.CardSignInOutput({
            "pupil": {"id": sign_in.pupil_id,
                      "first_name": names.get(sign_in.pupil_id, sign_in.pupil.first_name)},
            "method": sign_in.method, "ends_at": sign_in.ends_at}).data)
