from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.apis import ListApi
from preau.common.errors import ApplicationError
from preau.common.pagination import PagePagination
from preau.common.schema import PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.livret import services
from preau.livret.access import (
    evaluated_child_get_for,
    evaluation_get_for,
    period_get_for,
    programme_element_get_for,
)
from preau.livret.models import PeriodScheme
from preau.livret.selectors import (
    child_evaluations,
    evaluation_detail,
    evaluation_grid,
    evaluation_list,
    level_scale_of,
    period_list,
    programme,
    scales_by_school,
)
from preau.livret.serializers import (
    ChildEvaluationOutput,
    EvaluationCreateInput,
    EvaluationListFilter,
    EvaluationOutput,
    EvaluationUpdateInput,
    GridInput,
    GridOutput,
    LevelScaleInput,
    LevelScaleOutput,
    PeriodFilter,
    PeriodListOutput,
    PeriodsSetInput,
    ProgrammeElementCreateInput,
    ProgrammeElementOutput,
    ProgrammeFilter,
    ProgrammeOutput,
)
from preau.people.access import Purpose, classroom_get_for, school_get_for
from preau.schools.calendar import school_year_on
from preau.schools.models import SchoolYear

TAGS = ["livret"]
WRITE_ERRORS = {
    **READ_ERRORS,
    400: error("Champ invalide (nommé dans fields)"),
    403: error("Vous voyez cet objet mais ne pouvez pas le modifier"),
}
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match", str, location=OpenApiParameter.HEADER, required=False,
    description="L'ETag de la grille lue (GET) : si elle a changé depuis, 412")


def _field_name(path: list) -> str:
    """``["cells", 12, "level"]`` → ``cells[12].level``."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def _errors(detail, path: list, fields: dict) -> None:
    if isinstance(detail, dict):
        for key, sub in detail.items():
            _errors(sub, [*path, int(key) if isinstance(key, int) else key], fields)
    elif isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        for index, item in enumerate(detail):
            if item:
                _errors(item, [*path, index], fields)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        fields.setdefault(_field_name(path) or "non_field_errors", []).extend(
            str(message) for message in messages)


def _parse(serializer_class, data) -> dict:
    """Validated data, or a 400 whose fields name list items as ``cells[12].level``."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        fields: dict = {}
        _errors(serializer.errors, [], fields)
        raise ApplicationError("Requête invalide.", fields=fields)
    return serializer.validated_data


def _school_year(school_year_id: int | None) -> SchoolYear:
    if school_year_id is not None:
        year = SchoolYear.objects.filter(pk=school_year_id).first()
    else:
        year = school_year_on()
    if year is None:
        raise ApplicationError("Année scolaire inconnue.",
                               fields={"school_year": ["Année scolaire inconnue."]})
    return year


def _periods_data(request, school, year) -> dict:
    periods = list(period_list(viewer=request.user, school=school, school_year=year))
    scheme = None
    if periods:
        scheme = PeriodScheme.TRIMESTERS if periods[0].count == 3 else PeriodScheme.SEMESTERS
    return PeriodListOutput({"school_year": year, "scheme": scheme, "periods": periods}).data


# --- Periods ----------------------------------------------------------------------------------


class PeriodListApi(APIView):
    """The periods of a school's year (its staff and families); the director sets them with
    PUT (the whole set at once)."""

    @extend_schema(parameters=[PeriodFilter],
                   responses={200: PeriodListOutput, **READ_ERRORS,
                              400: error("Année scolaire inconnue")}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        year = _school_year(_parse(PeriodFilter, request.query_params).get("school_year"))
        return Response(_periods_data(request, school, year))

    @extend_schema(request=PeriodsSetInput, responses={200: PeriodListOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def put(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        data = _parse(PeriodsSetInput, request.data)
        year = _school_year(data.get("school_year"))
        services.periods_set(actor=request.user, school=school, school_year=year,
                             scheme=data["scheme"], periods=data["periods"])
        return Response(_periods_data(request, school, year))


# --- Programme and level scale ----------------------------------------------------------------


class ProgrammeApi(APIView):
    """The domains of a cycle with their active elements, national and the school's own (the
    school's staff)."""

    @extend_schema(parameters=[ProgrammeFilter],
                   responses={200: ProgrammeOutput, **READ_ERRORS,
                              400: error("Cycle manquant ou inconnu")}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        cycle = _parse(ProgrammeFilter, request.query_params)["cycle"]
        return Response(ProgrammeOutput({
            "cycle": cycle,
            "domains": programme(viewer=request.user, school=school, cycle=cycle)}).data)


class ProgrammeElementCreateApi(APIView):
    """Add an element of the school's own to a domain (its director and teachers)."""

    @extend_schema(request=ProgrammeElementCreateInput,
                   responses={201: ProgrammeElementOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        data = _parse(ProgrammeElementCreateInput, request.data)
        element = services.programme_element_add(
            actor=request.user, school=school, domain_id=data["domain"], label=data["label"],
            levels=data["levels"])
        return Response(ProgrammeElementOutput(element).data, status=status.HTTP_201_CREATED)


class ProgrammeElementDeactivateApi(APIView):
    """Withdraw a school's own element from new evaluations (past results keep it)."""

    @extend_schema(request=None, responses={200: ProgrammeElementOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, element_id: int):
        element = programme_element_get_for(request.user, element_id, purpose=Purpose.MANAGE)
        element = services.programme_element_deactivate(actor=request.user, element=element)
        return Response(ProgrammeElementOutput(element).data)


class LevelScaleApi(APIView):
    """The school's four labels and colours (its staff and families); the director sets
    them."""

    @extend_schema(responses={200: LevelScaleOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        return Response(LevelScaleOutput(level_scale_of(viewer=request.user, school=school)).data)

    @extend_schema(request=LevelScaleInput, responses={200: LevelScaleOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def put(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        scale = services.level_scale_set(actor=request.user, school=school,
                                         **_parse(LevelScaleInput, request.data))
        return Response(LevelScaleOutput(scale).data)


# --- Evaluations ------------------------------------------------------------------------------


def _evaluation_data(request, evaluation) -> dict:
    return EvaluationOutput(evaluation_detail(viewer=request.user, evaluation=evaluation)).data


class ClassroomEvaluationListApi(ListApi):
    """A classroom's evaluations, newest first (its teachers and director); they add one
    with POST."""

    @extend_schema(parameters=[EvaluationListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(EvaluationOutput), **READ_ERRORS,
                              400: error("Filtre invalide")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        filters = _parse(EvaluationListFilter, request.query_params)
        if filters.get("period"):
            filters["period"] = period_get_for(request.user, filters["period"],
                                               purpose=Purpose.READ)
        return self.paginated(evaluation_list(viewer=request.user, classroom=classroom,
                                              **filters), EvaluationOutput)

    @extend_schema(request=EvaluationCreateInput,
                   responses={201: EvaluationOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        evaluation = services.evaluation_create(actor=request.user, classroom=classroom,
                                                **_parse(EvaluationCreateInput, request.data))
        return Response(_evaluation_data(request, evaluation),
                        status=status.HTTP_201_CREATED)


class EvaluationDetailApi(APIView):
    """An evaluation (its staff; once published, its pupils and their legal guardians);
    its teachers and director change or delete it."""

    @extend_schema(responses={200: EvaluationOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, evaluation_id: int):
        evaluation = evaluation_get_for(request.user, evaluation_id, purpose=Purpose.READ)
        return Response(_evaluation_data(request, evaluation))

    @extend_schema(request=EvaluationUpdateInput,
                   responses={200: EvaluationOutput, **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, evaluation_id: int):
        evaluation = evaluation_get_for(request.user, evaluation_id, purpose=Purpose.READ)
        services.evaluation_update(actor=request.user, evaluation=evaluation,
                                   **_parse(EvaluationUpdateInput, request.data))
        return Response(_evaluation_data(request, evaluation))

    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, evaluation_id: int):
        evaluation = evaluation_get_for(request.user, evaluation_id, purpose=Purpose.READ)
        services.evaluation_delete(actor=request.user, evaluation=evaluation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvaluationPublishApi(APIView):
    """Publish: the pupils and their legal guardians see it, with their own results."""

    @extend_schema(request=None, responses={200: EvaluationOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, evaluation_id: int):
        evaluation = evaluation_get_for(request.user, evaluation_id, purpose=Purpose.READ)
        services.evaluation_publish(actor=request.user, evaluation=evaluation)
        return Response(_evaluation_data(request, evaluation))


def _with_etag(response: Response, evaluation) -> Response:
    response["ETag"] = evaluation.grid_etag
    return response


def _expected_version(request, evaluation) -> int | None:
    """The version ``If-Match`` names: None when absent; -1 (never current) when it names
    another representation; ``*`` matches the current one (RFC 9110)."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags or evaluation.grid_etag in tags:
        return evaluation.grid_version
    return -1


class EvaluationGridApi(APIView):
    """The grid: pupils enrolled on the evaluation's date × its elements × the levels (its
    teachers and director), with an ETag; PUT saves the whole grid in one request."""

    @extend_schema(responses={200: GridOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, evaluation_id: int):
        evaluation = evaluation_get_for(request.user, evaluation_id, purpose=Purpose.REGISTER)
        grid = evaluation_grid(viewer=request.user, evaluation=evaluation)
        return _with_etag(Response(GridOutput(grid).data), evaluation)

    @extend_schema(request=GridInput, parameters=[IF_MATCH_PARAMETER],
                   responses={200: GridOutput, **WRITE_ERRORS,
                              412: error("La grille a changé depuis votre lecture (ETag périmé)")},
                   tags=TAGS)
    def put(self, request, evaluation_id: int):
        evaluation = evaluation_get_for(request.user, evaluation_id, purpose=Purpose.REGISTER)
        data = _parse(GridInput, request.data)
        evaluation = services.evaluation_grid_save(
            actor=request.user, evaluation=evaluation, cells=data["cells"],
            expected_version=_expected_version(request, evaluation))
        grid = evaluation_grid(viewer=request.user, evaluation=evaluation)
        return _with_etag(Response(GridOutput(grid).data), evaluation)


# --- Families ---------------------------------------------------------------------------------


class ChildEvaluationListApi(ListApi):
    """The published evaluations of a child (a legal guardian: their own children; a pupil:
    themself), newest first, with the child's levels in the school's labels."""

    @extend_schema(parameters=[EvaluationListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(ChildEvaluationOutput), **READ_ERRORS,
                              400: error("Filtre invalide")}, tags=TAGS)
    def get(self, request, pupil_id: int):
        pupil = evaluated_child_get_for(request.user, pupil_id, purpose=Purpose.READ)
        filters = _parse(EvaluationListFilter, request.query_params)
        if filters.get("period"):
            filters["period"] = period_get_for(request.user, filters["period"],
                                               purpose=Purpose.READ)
        paginator = PagePagination()
        page = paginator.paginate_queryset(
            child_evaluations(viewer=request.user, pupil=pupil, **filters), request, view=self)
        scales = scales_by_school(school_ids={e.classroom.school_id for e in page})
        return paginator.get_paginated_response(
            ChildEvaluationOutput(page, many=True, context={"scales": scales}).data)
