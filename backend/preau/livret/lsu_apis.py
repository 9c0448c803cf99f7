"""The LSU export and its check (the school's director), the bilan as a PDF."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.errors import ApplicationError
from preau.common.schema import READ_ERRORS, error
from preau.livret import lsu
from preau.livret.access import (
    bilan_period_get_for,
    cycle_bilans_visible_to,
    periodic_bilan_get_for,
    periodic_bilans_visible_to,
    sees_accompaniments,
)
from preau.livret.pdf import bilan_document, periodic_bilan_pdf
from preau.people.access import Purpose, classroom_get_for, classrooms_visible_to

TAGS = ["livret"]


class LsuQuery(serializers.Serializer):
    period = serializers.IntegerField(min_value=1, max_value=10**18,
                                      help_text="La période des bilans exportés")
    classroom = serializers.IntegerField(min_value=1, max_value=10**18, required=False,
                                         help_text="Une classe seulement (toute l'école sinon)")
    cycle = serializers.BooleanField(required=False, default=False,
                                     help_text="Ajouter les bilans de fin de cycle")


class LsuPupilOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pupil.pk")
    first_name = serializers.CharField(source="pupil.first_name")
    last_name = serializers.SerializerMethodField()
    classroom_id = serializers.IntegerField(source="classroom.pk")
    classroom_name = serializers.CharField(source="classroom.name")
    blockers = serializers.ListField(child=serializers.CharField())

    def get_last_name(self, entry) -> str:
        return entry.pupil.usage_name or entry.pupil.last_name


class LsuCheckOutput(serializers.Serializer):
    period_id = serializers.IntegerField()
    ready = serializers.BooleanField(help_text="Vrai quand aucun élève ne bloque l'export")
    pupil_count = serializers.IntegerField()
    blocked_count = serializers.IntegerField()
    pupils = LsuPupilOutput(many=True, help_text="Les élèves dont un bilan bloque l'export")


def _lsu_data(request) -> lsu.LsuData:
    query = LsuQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    period = bilan_period_get_for(request.user, params["period"], purpose=Purpose.MANAGE)
    classrooms = classrooms_visible_to(request.user, purpose=Purpose.MANAGE)
    if "classroom" in params:
        classroom = classroom_get_for(request.user, params["classroom"], purpose=Purpose.MANAGE)
        if (classroom.school_id, classroom.school_year_id) != (period.school_id,
                                                               period.school_year_id):
            raise ApplicationError("Cette classe n'est pas de l'école et de l'année de la "
                                   "période.", fields={"classroom": [
                                       "Classe d'une autre école ou d'une autre année."]})
        classrooms = classrooms.filter(pk=classroom.pk)
    return lsu.gather(
        period=period, classrooms=classrooms,
        bilans=periodic_bilans_visible_to(request.user, purpose=Purpose.MANAGE),
        cycle_bilans=(cycle_bilans_visible_to(request.user, purpose=Purpose.MANAGE)
                      if params["cycle"] else None))


def _blocked_lines(checks: list[lsu.PupilCheck]) -> list[str]:
    return [f"{entry.pupil.first_name} {entry.pupil.usage_name or entry.pupil.last_name} "
            f"({entry.classroom.name}) : {blocker}"
            for entry in checks for blocker in entry.blockers]


class LsuCheckApi(APIView):
    """Before the export: per pupil, what keeps its bilans out of the LSU file."""

    @extend_schema(parameters=[LsuQuery],
                   responses={200: LsuCheckOutput, **READ_ERRORS,
                              400: error("Paramètre invalide (nommé dans fields)")}, tags=TAGS)
    def get(self, request):
        data = _lsu_data(request)
        checks = lsu.check(data)
        blocked = [entry for entry in checks if entry.blockers]
        return Response(LsuCheckOutput({
            "period_id": data.period.pk, "ready": lsu.is_ready(checks),
            "pupil_count": len(checks), "blocked_count": len(blocked), "pupils": blocked}).data)


class LsuExportApi(APIView):
    """The LSU file of the period (XML, import-bilan-1d), once nothing blocks it; else a 400
    that lists, pupil by pupil, what blocks it."""

    @extend_schema(parameters=[LsuQuery],
                   responses={(200, "application/xml"): OpenApiResponse(OpenApiTypes.BINARY),
                              **READ_ERRORS,
                              400: error("Export bloqué (les élèves et les raisons dans "
                                         "fields.period) ou paramètre invalide")}, tags=TAGS)
    def get(self, request):
        data = _lsu_data(request)
        checks = lsu.check(data)
        if not checks:
            raise ApplicationError("Aucun élève ni bilan pour cette période.", code="lsu_empty",
                                   fields={"period": ["Aucun bilan à exporter."]})
        if not lsu.is_ready(checks):
            blocked = sum(1 for entry in checks if entry.blockers)
            raise ApplicationError(
                f"L'export LSU est bloqué pour {blocked} élève(s) : voir la vérification.",
                code="lsu_blocked", fields={"period": _blocked_lines(checks)})
        content = lsu.build_xml(data)
        scope = (f"-classe-{data.classrooms[0].pk}"
                 if request.query_params.get("classroom") else "")
        filename = (f"lsu-{data.period.school.uai}-{data.period.school_year.label}"
                    f"-p{data.period.index}{scope}.xml")
        response = HttpResponse(content, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class BilanPdfApi(APIView):
    """A periodic bilan as a printable A4 PDF: its teachers and director, and each legal
    guardian once it is communicated (the family's copy never shows the accompaniments)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
                              **READ_ERRORS}, tags=TAGS)
    def get(self, request, bilan_id: int):
        bilan = periodic_bilan_get_for(request.user, bilan_id, purpose=Purpose.READ)
        content = periodic_bilan_pdf(bilan_document(bilan),
                                     for_family=not sees_accompaniments(request.user, bilan))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="bilan-{bilan.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
