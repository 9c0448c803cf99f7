from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.errors import ApplicationError, NotFoundError, PermissionDeniedError
from preau.common.schema import READ_ERRORS, error
from preau.imports.onde import OndePlan, onde_apply, onde_preview
from preau.imports.oneroster import oneroster_export
from preau.imports.serializers import OndeFilesInput, OndePreviewOutput, OndeSummaryOutput
from preau.people.access import Purpose, school_get_for
from preau.schools.models import School
from preau.timetable.permissions import can_edit_school_timetable

TAGS = ["imports"]
MAX_FILE_BYTES = 5 * 1024 * 1024
ERRORS = {**READ_ERRORS, 400: error("Fichier ou ligne invalide (nommé dans fields)"),
          403: error("Seule la direction de l'école importe")}


def _director_school(request, school_id: int, *, read: bool = False):
    """The school, for its director (or the operator, a superuser). A read by anyone else is
    a 404 (nothing to see); a write by someone who sees the school is a 403."""
    if request.user.is_superuser:
        school = School.objects.filter(pk=school_id).first()
        if school is None:
            raise NotFoundError("École introuvable.")
        return school
    school = school_get_for(request.user, school_id, purpose=Purpose.READ)
    allowed = can_edit_school_timetable(actor=request.user, school=school)
    if read and not allowed:
        raise NotFoundError("École introuvable.")
    if not allowed:
        raise PermissionDeniedError("Seule la direction de l'école importe les exports ONDE.")
    return school


def _files(request) -> tuple[bytes, bytes]:
    data = OndeFilesInput(data=request.data)
    data.is_valid(raise_exception=True)
    contents = []
    for name in ("pupils", "guardians"):
        upload = data.validated_data[name]
        if upload.size > MAX_FILE_BYTES:
            raise ApplicationError("Fichier trop volumineux (5 Mo au plus).",
                                   fields={name: ["5 Mo au plus."]})
        contents.append(upload.read())  # read in memory, never stored
    return contents[0], contents[1]


def _preview_body(plan: OndePlan) -> dict:
    def _previous(enrolment, school) -> str:
        """The classroom a pupil leaves, with its school when arriving from another one."""
        if enrolment is None:
            return ""
        if enrolment.classroom.school_id != school.pk:
            return f"{enrolment.classroom.school.name} — {enrolment.classroom.name}"
        return enrolment.classroom.name

    def row(line, person, pupil_row, previous="", changes=()):
        source = pupil_row or person
        return {"line": line, "person_id": person.pk if person else None,
                "last_name": source.last_name, "first_name": source.first_name,
                "birth_date": source.birth_date,
                "level": pupil_row.level if pupil_row else "",
                "classroom": pupil_row.class_label if pupil_row else "",
                "previous_classroom": previous, "changes": list(changes)}

    return {
        "summary": plan.summary(),
        "classrooms_to_create": plan.classrooms_to_create,
        "classrooms_to_identify": [{"name": c.name, "onde_class_id": onde_class_id}
                                   for c, onde_class_id in plan.classrooms_to_identify],
        "pupils_to_create": [row(r.line, None, r) for r in plan.pupils_to_create],
        "pupils_to_update": [row(r.line, p, r, changes=c) for p, r, c in plan.pupils_to_update],
        "pupils_to_move": [row(r.line, p, r, previous=_previous(e, plan.school))
                           for p, e, r in plan.pupils_to_move],
        "pupils_to_withdraw": [row(None, p, None, previous=e.classroom.name)
                               for p, e in plan.pupils_to_withdraw],
        "guardians_to_create": [
            {"line": g.line, "last_name": g.last_name, "first_name": g.first_name,
             "children": [f"{first} {last}" for last, first in g.children]}
            for g in plan.guardians_to_create],
        "rejected": [{"file": r.file, "line": r.line, "reason": r.reason}
                     for r in plan.rejected],
        "warnings": [{"file": w.file, "line": w.line, "reason": w.reason}
                     for w in plan.warnings],
    }


class OndePreviewApi(APIView):
    """What importing the two ONDE exports would change. Writes nothing, keeps no file."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": OndeFilesInput},
                   responses={200: OndePreviewOutput, **ERRORS}, tags=TAGS)
    def post(self, request, school_id: int):
        school = _director_school(request, school_id)
        pupils, guardians = _files(request)
        plan, _, _ = onde_preview(school=school, pupils_file=pupils, guardians_file=guardians,
                                  close_enrolments_elsewhere=request.user.is_superuser)
        return Response(OndePreviewOutput(_preview_body(plan)).data)


class OndeApplyApi(APIView):
    """Import the same two files: everything in one transaction, or nothing."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": OndeFilesInput},
                   responses={200: OndeSummaryOutput, **ERRORS}, tags=TAGS)
    def post(self, request, school_id: int):
        school = _director_school(request, school_id)
        pupils, guardians = _files(request)
        plan, _, _ = onde_preview(school=school, pupils_file=pupils, guardians_file=guardians,
                                  close_enrolments_elsewhere=request.user.is_superuser)
        return Response(OndeSummaryOutput(onde_apply(plan=plan)).data)


class OneRosterExportApi(APIView):
    """The school's classes, pupils and teachers as OneRoster 1.2 CSV files (a ZIP), for
    the director to provision the school's other tools."""

    @extend_schema(
        parameters=[OpenApiParameter("demographics", bool, description=(
            "Ajouter demographics.csv (date de naissance, sexe) : seulement si l'outil "
            "destinataire en a besoin"))],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS},
        tags=TAGS)
    def get(self, request, school_id: int):
        school = _director_school(request, school_id, read=True)
        demographics = request.query_params.get("demographics", "").lower() in {"1", "true"}
        response = HttpResponse(oneroster_export(school=school,
                                                 include_demographics=demographics),
                                content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="oneroster-{school.uai}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
