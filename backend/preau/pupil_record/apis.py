from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.idempotency import IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_PARAMETER, idempotent
from preau.common.schema import READ_ERRORS, error
from preau.people.access import Purpose, guardianship_get_for, pupil_get_for
from preau.pupil_record import services
from preau.pupil_record.access import pickup_person_get_for
from preau.pupil_record.selectors import pupil_record
from preau.pupil_record.serializers import (
    GuardianContactUpdateInput,
    PickupPersonCreateInput,
    PickupPersonOutput,
    PickupPersonUpdateInput,
    PupilRecordGuardianOutput,
    PupilRecordOutput,
)

TAGS = ["pupil_record"]
WRITE_ERRORS = {
    **READ_ERRORS,
    400: error("Champ invalide (nommé dans fields)"),
    403: error("Vous voyez cet objet mais ne pouvez pas le modifier"),
}


def _parse(serializer_class, data, *, partial: bool = False) -> dict:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PupilRecordApi(APIView):
    """The pupil record: identity, enrolments, guardians and who may pick the child up.
    For the teachers of the pupil's current classroom and its school's director (404
    otherwise)."""

    @extend_schema(responses={200: PupilRecordOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, pupil_id: int):
        pupil = pupil_get_for(request.user, pupil_id, purpose=Purpose.RECORD)
        return Response(PupilRecordOutput(pupil_record(viewer=request.user, pupil=pupil)).data)


class PickupPersonCreateApi(APIView):
    """Authorise someone to pick the pupil up (the director; a teacher gets 403). A phone
    may resend it: with the same ``Idempotency-Key``, it is carried out once."""

    @extend_schema(request=PickupPersonCreateInput, parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   responses={201: PickupPersonOutput, **WRITE_ERRORS, **IDEMPOTENCY_ERRORS},
                   tags=TAGS)
    @idempotent
    def post(self, request, pupil_id: int):
        pupil = pupil_get_for(request.user, pupil_id, purpose=Purpose.RECORD)
        pickup_person = services.pickup_person_create(
            actor=request.user, pupil=pupil, request=request,
            **_parse(PickupPersonCreateInput, request.data))
        return Response(PickupPersonOutput(pickup_person).data, status=status.HTTP_201_CREATED)


class PickupPersonDetailApi(APIView):
    """Change or remove a person authorised to pick a pupil up (the director)."""

    @extend_schema(request=PickupPersonUpdateInput,
                   responses={200: PickupPersonOutput, **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, pickup_person_id: int):
        pickup_person = pickup_person_get_for(request.user, pickup_person_id,
                                              purpose=Purpose.RECORD)
        services.pickup_person_update(actor=request.user, pickup_person=pickup_person,
                                      request=request,
                                      **_parse(PickupPersonUpdateInput, request.data))
        return Response(PickupPersonOutput(pickup_person).data)

    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, pickup_person_id: int):
        pickup_person = pickup_person_get_for(request.user, pickup_person_id,
                                              purpose=Purpose.RECORD)
        services.pickup_person_delete(actor=request.user, pickup_person=pickup_person,
                                      request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GuardianContactApi(APIView):
    """Correct a guardian's phone or e-mail, reached through their tie to a pupil whose record
    the viewer reads (the director; a teacher gets 403)."""

    @extend_schema(request=GuardianContactUpdateInput,
                   responses={200: PupilRecordGuardianOutput, **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, guardianship_id: int):
        guardianship = guardianship_get_for(request.user, guardianship_id,
                                            purpose=Purpose.RECORD)
        services.guardian_contact_update(actor=request.user, guardianship=guardianship,
                                         request=request,
                                         **_parse(GuardianContactUpdateInput, request.data))
        return Response(PupilRecordGuardianOutput(guardianship).data)
