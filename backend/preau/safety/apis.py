"""The muster's endpoints (docs/safety.md)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.apis import ListApi
from preau.common.errors import NotFoundError, PermissionDeniedError
from preau.common.idempotency import IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_PARAMETER, idempotent
from preau.common.schema import AUTH_ERRORS, PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.people.access import Purpose, school_get_for, schools_visible_to
from preau.safety import selectors, services
from preau.safety import serializers as s
from preau.safety.access import muster_get_for, musters_visible_to
from preau.safety.pdf import register_pdf
from preau.safety.permissions import muster_rights
from preau.schools.calendar import school_year_on
from preau.schools.models import SchoolYear

TAGS = ["safety"]
WRITE_ERRORS = {**READ_ERRORS, 400: error("Champ invalide (nommé dans fields)"),
                403: error("Vous voyez cet exercice mais ne pouvez pas faire cela")}


def _parse(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _detail(request, muster) -> Response:
    data = selectors.muster_detail(muster=muster)
    rights = muster_rights(request.user, muster)
    under_way = muster.ended_at is None
    data["may_end"], data["may_assign"] = under_way and rights.may_end, under_way and rights.may_assign
    return Response(s.MusterDetailOutput(data).data)


def _current_year() -> SchoolYear:
    year = school_year_on()
    if year is None:
        raise NotFoundError("Aucune année scolaire en cours.")
    return year


class SchoolMusterListApi(ListApi):
    """The school's registre de sécurité (its staff), and the start of an alert or a drill
    (any of its staff)."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.MusterSummaryOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        return self.paginated(selectors.school_register(school=school), s.MusterSummaryOutput)

    @extend_schema(request=s.MusterStartInput,
                   responses={201: s.MusterDetailOutput, **WRITE_ERRORS,
                              409: error("Un exercice ou une alerte est déjà en cours")},
                   tags=TAGS)
    def post(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        data = _parse(s.MusterStartInput, request.data)
        muster = services.muster_start(actor=request.user, school=school, **data)
        response = _detail(request, muster)
        response.status_code = status.HTTP_201_CREATED
        return response


class MusterDetailApi(APIView):
    """A muster, live: each class with who leads it out, each pupil found or not."""

    @extend_schema(responses={200: s.MusterDetailOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, muster_id: int):
        return _detail(request, muster_get_for(request.user, muster_id, purpose=Purpose.READ))


class MusterMarksApi(APIView):
    """Pupils tapped as found (or the tap undone), sent at once or when a phone that was
    offline finds the network again (with its Idempotency-Key)."""

    @extend_schema(request=s.MusterMarksInput, parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   responses={200: s.MusterDetailOutput, **WRITE_ERRORS, **IDEMPOTENCY_ERRORS},
                   tags=TAGS)
    @idempotent
    def post(self, request, muster_id: int):
        muster = muster_get_for(request.user, muster_id, purpose=Purpose.READ)
        data = _parse(s.MusterMarksInput, request.data)
        services.muster_mark(actor=request.user, muster=muster, marks=data["marks"])
        return _detail(request, muster)


class MusterAssignApi(APIView):
    """The director puts a class in a colleague's charge."""

    @extend_schema(request=s.MusterAssignInput,
                   responses={200: s.MusterDetailOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, muster_id: int):
        muster = muster_get_for(request.user, muster_id, purpose=Purpose.READ)  # 404 first
        if not musters_visible_to(request.user, purpose=Purpose.MANAGE).filter(
                pk=muster.pk).exists():
            raise PermissionDeniedError("Seule la direction confie une classe à un·e collègue.")
        data = _parse(s.MusterAssignInput, request.data)
        services.muster_assign(actor=request.user, muster=muster, classroom_id=data["classroom"],
                               responsible_id=data["responsible"])
        return _detail(request, muster)


class MusterEndApi(APIView):
    """End the muster into the register, with its observations."""

    @extend_schema(request=s.MusterEndInput,
                   responses={200: s.MusterDetailOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, muster_id: int):
        muster = muster_get_for(request.user, muster_id, purpose=Purpose.READ)
        data = _parse(s.MusterEndInput, request.data)
        muster = services.muster_end(actor=request.user, muster=muster,
                                     observations=data["observations"])
        return _detail(request, muster)


class SchoolRegisterPdfApi(APIView):
    """The registre de sécurité of the school year, printable."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
                              **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        year = _current_year()
        musters = list(selectors.school_register(school=school, school_year=year))
        response = HttpResponse(register_pdf(school=school, school_year=year, musters=musters),
                                content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="registre-securite-{school.uai}-{year.label}.pdf"')
        response["Cache-Control"] = "private, no-store"
        return response


class ExerciseSummaryApi(APIView):
    """The mandatory exercises of the school year, school by school: the IEN's
    circonscription, the DASEN's département, the schools one directs."""

    @extend_schema(responses={200: s.ExerciseSummaryOutput, **AUTH_ERRORS}, tags=TAGS)
    def get(self, request):
        year = _current_year()
        schools = (schools_visible_to(request.user, purpose=Purpose.INSPECT)
                   | schools_visible_to(request.user, purpose=Purpose.MANAGE)).distinct()
        rows = selectors.exercise_summary(schools=schools, school_year=year)
        return Response(s.ExerciseSummaryOutput({
            "school_year": year.label, "required": settings.PREAU_SAFETY_REQUIRED_EXERCISES,
            "first_fire_drill_days": settings.PREAU_SAFETY_FIRST_FIRE_DRILL_DAYS,
            "schools": [{**row.__dict__, "missing": row.missing, "complete": row.complete}
                        for row in rows]}).data)
