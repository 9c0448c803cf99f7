"""The bilans' APIs: thin views over ``bilan_services`` and ``bilan_selectors``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.schema import READ_ERRORS, error
from preau.livret import bilan_services as services
from preau.livret.access import (
    bilan_child_get_for,
    cycle_bilan_get_for,
    periodic_bilan_get_for,
)
from preau.livret.bilan_selectors import (
    class_parcours,
    class_periodic_bilans,
    family_cycle_bilans,
    family_periodic_bilans,
    managed_cycle_bilans,
    managed_periodic_bilans,
)
from preau.livret.bilan_serializers import (
    AcknowledgeInput,
    ClassParcoursOutput,
    ClassParcoursUpdateInput,
    ClassWorkflowInput,
    ClassWorkflowOutput,
    CycleBilanOutput,
    CycleBilanUpdateInput,
    FamilyBilansOutput,
    OwnAcknowledgementOutput,
    PeriodFilter,
    PeriodicBilanOutput,
    PeriodicBilanUpdateInput,
)
from preau.people.access import Purpose, classroom_get_for

TAGS = ["livret"]
QUERY_ERRORS = {**READ_ERRORS, 400: error("Paramètre invalide (nommé dans fields)")}
WRITE_ERRORS = {
    **READ_ERRORS,
    400: error("Champ invalide, ou étape du bilan qui ne le permet pas (nommé dans fields)"),
    403: error("Vous voyez ce bilan mais cette étape revient à un autre rôle"),
}


def _parse(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _class_and_period(request, classroom_id: int, data):
    classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
    period = services.period_of_classroom(classroom=classroom,
                                          period_id=_parse(PeriodFilter, data).get("period"))
    return classroom, period


def _periodic(request, bilan_id: int):
    return periodic_bilan_get_for(request.user, bilan_id, purpose=Purpose.MANAGE)


def _periodic_output(request, bilan_id: int) -> Response:
    bilan = managed_periodic_bilans(viewer=request.user).get(pk=bilan_id)
    return Response(PeriodicBilanOutput(bilan).data)


def _cycle(request, bilan_id: int):
    return cycle_bilan_get_for(request.user, bilan_id, purpose=Purpose.MANAGE)


def _cycle_output(request, bilan_id: int) -> Response:
    return Response(CycleBilanOutput(managed_cycle_bilans(viewer=request.user)
                                     .get(pk=bilan_id)).data)


class ClassBilansApi(APIView):
    """The class's bilans for a period, one per pupil enrolled during it (created on first
    open), each with its state and its domains: its teachers and director."""

    @extend_schema(parameters=[PeriodFilter],
                   responses={200: PeriodicBilanOutput(many=True), **QUERY_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom, period = _class_and_period(request, classroom_id, request.query_params)
        services.class_bilans_open(classroom=classroom, period=period)
        return Response(PeriodicBilanOutput(
            class_periodic_bilans(viewer=request.user, classroom=classroom, period=period),
            many=True).data)


class PeriodicBilanDetailApi(APIView):
    @extend_schema(responses={200: PeriodicBilanOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, bilan_id: int):
        return _periodic_output(request, _periodic(request, bilan_id).pk)

    @extend_schema(request=PeriodicBilanUpdateInput,
                   responses={200: PeriodicBilanOutput, **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, bilan_id: int):
        bilan = _periodic(request, bilan_id)
        services.periodic_bilan_update(actor=request.user, bilan=bilan,
                                       **_parse(PeriodicBilanUpdateInput, request.data))
        return _periodic_output(request, bilan.pk)


def _periodic_step(request, bilan_id: int, service) -> Response:
    bilan = periodic_bilan_get_for(request.user, bilan_id, purpose=Purpose.MANAGE)
    service(actor=request.user, bilan=bilan)
    return _periodic_output(request, bilan.pk)


class PeriodicBilanLockApi(APIView):
    """The teacher locks the bilan (every domain positioned, else a 400 listing them)."""

    @extend_schema(request=None, responses={200: PeriodicBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _periodic_step(request, bilan_id, services.periodic_bilan_lock)


class PeriodicBilanUnlockApi(APIView):
    """The teacher unlocks the bilan, until the director validates it."""

    @extend_schema(request=None, responses={200: PeriodicBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _periodic_step(request, bilan_id, services.periodic_bilan_unlock)


class PeriodicBilanValidateApi(APIView):
    """The director validates a locked bilan."""

    @extend_schema(request=None, responses={200: PeriodicBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _periodic_step(request, bilan_id, services.periodic_bilan_validate)


class PeriodicBilanCommunicateApi(APIView):
    """The director communicates a validated bilan to each legal guardian."""

    @extend_schema(request=None, responses={200: PeriodicBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _periodic_step(request, bilan_id, services.periodic_bilan_communicate)


class ClassBilansValidateApi(APIView):
    """The director validates every locked bilan of the class for the period."""

    @extend_schema(request=ClassWorkflowInput,
                   responses={200: ClassWorkflowOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom, period = _class_and_period(request, classroom_id, request.data)
        changed = services.class_bilans_validate(actor=request.user, classroom=classroom,
                                                 period=period)
        return Response(ClassWorkflowOutput({"changed": changed}).data)


class ClassBilansCommunicateApi(APIView):
    """The director communicates every validated bilan of the class for the period."""

    @extend_schema(request=ClassWorkflowInput,
                   responses={200: ClassWorkflowOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom, period = _class_and_period(request, classroom_id, request.data)
        changed = services.class_bilans_communicate(actor=request.user, classroom=classroom,
                                                    period=period)
        return Response(ClassWorkflowOutput({"changed": changed}).data)


class ClassParcoursApi(APIView):
    """The class's parcours (citoyen, artistique et culturel, santé) for a period."""

    @extend_schema(parameters=[PeriodFilter],
                   responses={200: ClassParcoursOutput(many=True), **QUERY_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom, period = _class_and_period(request, classroom_id, request.query_params)
        return Response(ClassParcoursOutput(class_parcours(classroom=classroom, period=period),
                                            many=True).data)

    @extend_schema(request=ClassParcoursUpdateInput,
                   responses={200: ClassParcoursOutput(many=True), **WRITE_ERRORS}, tags=TAGS)
    def put(self, request, classroom_id: int):
        classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        data = _parse(ClassParcoursUpdateInput, request.data)
        classroom, period = _class_and_period(request, classroom_id, data)
        rows = services.class_parcours_set(actor=request.user, classroom=classroom,
                                           period=period, parcours=data["parcours"])
        return Response(ClassParcoursOutput(rows, many=True).data)


class ClassCycleBilansApi(APIView):
    """The end-of-cycle bilans of the class's CE2 or CM2 pupils (created on first open)."""

    @extend_schema(responses={200: CycleBilanOutput(many=True), **READ_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        services.class_cycle_bilans_open(classroom=classroom)
        return Response(CycleBilanOutput(
            managed_cycle_bilans(viewer=request.user).filter(classroom=classroom),
            many=True).data)


class CycleBilanDetailApi(APIView):
    @extend_schema(responses={200: CycleBilanOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, bilan_id: int):
        return _cycle_output(request, _cycle(request, bilan_id).pk)

    @extend_schema(request=CycleBilanUpdateInput,
                   responses={200: CycleBilanOutput, **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, bilan_id: int):
        bilan = _cycle(request, bilan_id)
        services.cycle_bilan_update(actor=request.user, bilan=bilan,
                                    **_parse(CycleBilanUpdateInput, request.data))
        return _cycle_output(request, bilan.pk)


def _cycle_step(request, bilan_id: int, service) -> Response:
    bilan = cycle_bilan_get_for(request.user, bilan_id, purpose=Purpose.MANAGE)
    service(actor=request.user, bilan=bilan)
    return _cycle_output(request, bilan.pk)


class CycleBilanLockApi(APIView):
    """The teacher locks the bilan (every component at a level, else a 400 listing them)."""

    @extend_schema(request=None, responses={200: CycleBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _cycle_step(request, bilan_id, services.cycle_bilan_lock)


class CycleBilanUnlockApi(APIView):
    """The teacher unlocks the bilan, until the director validates it."""

    @extend_schema(request=None, responses={200: CycleBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _cycle_step(request, bilan_id, services.cycle_bilan_unlock)


class CycleBilanValidateApi(APIView):
    """The director validates a locked bilan."""

    @extend_schema(request=None, responses={200: CycleBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _cycle_step(request, bilan_id, services.cycle_bilan_validate)


class CycleBilanCommunicateApi(APIView):
    """The director communicates a validated bilan to each legal guardian."""

    @extend_schema(request=None, responses={200: CycleBilanOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, bilan_id: int):
        return _cycle_step(request, bilan_id, services.cycle_bilan_communicate)


class ChildBilansApi(APIView):
    """The communicated bilans of a child (a legal guardian: each of their children; a
    pupil: themself), without the accompaniment modalities."""

    @extend_schema(responses={200: FamilyBilansOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, pupil_id: int):
        pupil = bilan_child_get_for(request.user, pupil_id, purpose=Purpose.READ)
        return Response(FamilyBilansOutput({
            "periodic": family_periodic_bilans(viewer=request.user, pupil=pupil),
            "cycle": family_cycle_bilans(viewer=request.user, pupil=pupil)}).data)


class PeriodicBilanAcknowledgeApi(APIView):
    """« J'ai pris connaissance » : each legal guardian, separately, once."""

    @extend_schema(request=AcknowledgeInput,
                   responses={200: OwnAcknowledgementOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, bilan_id: int):
        bilan = periodic_bilan_get_for(request.user, bilan_id, purpose=Purpose.READ)
        acknowledgement = services.bilan_acknowledge(
            actor=request.user, bilan=bilan, **_parse(AcknowledgeInput, request.data))
        return Response(OwnAcknowledgementOutput(acknowledgement).data)


class CycleBilanAcknowledgeApi(APIView):
    """« J'ai pris connaissance » of an end-of-cycle bilan."""

    @extend_schema(request=AcknowledgeInput,
                   responses={200: OwnAcknowledgementOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, bilan_id: int):
        bilan = cycle_bilan_get_for(request.user, bilan_id, purpose=Purpose.READ)
        acknowledgement = services.bilan_acknowledge(
            actor=request.user, bilan=bilan, **_parse(AcknowledgeInput, request.data))
        return Response(OwnAcknowledgementOutput(acknowledgement).data)
