from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.attendance import services
from preau.attendance.access import (
    absence_get_for,
    case_get_for,
    notice_get_for,
    roll_call_classroom_get_for,
    roll_call_get_for,
)
from preau.attendance.dates import current_half_day, refuse_unless_school_half_day
from preau.attendance.exports import register_csv, register_pdf
from preau.attendance.models import RollCall
from preau.attendance.registers import (
    monthly_register,
    roll_call_sheet,
    roll_calls_not_taken_in_week,
    teachers_of,
)
from preau.attendance.selectors import (
    absence_list,
    case_list,
    correction_list,
    notice_list,
    roll_call_submit_facts,
)
from preau.attendance.serializers import (
    AbsenceJustifyInput,
    AbsenceListFilter,
    AbsenceOutput,
    AbsenceRefuseInput,
    AbsenteeismCaseOutput,
    AttendancePreferencesInput,
    AttendancePreferencesOutput,
    CallsNotTakenFilter,
    CallsNotTakenOutput,
    CaseListFilter,
    CaseUpdateInput,
    CorrectionOutput,
    NoticeCreateInput,
    NoticeOutput,
    RegisterFilter,
    RegisterOutput,
    RollCallCorrectInput,
    RollCallOutput,
    RollCallReminderInput,
    RollCallReminderOutput,
    RollCallSheetOutput,
    RollCallSubmitInput,
    SheetFilter,
    SignOffInput,
    SignOffOutput,
)
from preau.attendance.unsubscribe import unsubscribe_user
from preau.common.apis import ListApi
from preau.common.errors import NotFoundError
from preau.common.files import file_download_response
from preau.common.idempotency import IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_PARAMETER, idempotent
from preau.common.parsers import BoundedJSONParser
from preau.common.schema import (
    AUTH_ERRORS,
    PAGE_PARAMETERS,
    READ_ERRORS,
    download_responses,
    error,
    paginated,
)
from preau.people.access import Purpose, classroom_get_for, pupil_get_for, school_get_for
from preau.schools.calendar import DayPurpose, default_half_day, week_start

TAGS = ["attendance"]
WRITE_ERRORS = {
    **READ_ERRORS,
    400: error("Champ invalide (nommé dans fields)"),
    403: error("Vous voyez cet objet mais ne pouvez pas le modifier"),
}
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match", str, location=OpenApiParameter.HEADER, required=True,
    description="L'ETag de l'appel que vous corrigez (renvoyé par GET et par chaque écriture)")


def _parse(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _with_etag(response: Response, roll_call: RollCall | None) -> Response:
    if roll_call is not None:
        response["ETag"] = roll_call.etag
    return response


def _expected_version(request, roll_call: RollCall) -> int | None:
    """The version ``If-Match`` names: None when absent; 0 (never current) when it names
    another representation; ``*`` matches the current one (RFC 9110)."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags or roll_call.etag in tags:
        return roll_call.version
    return 0


def _roll_call_data(roll_call: RollCall) -> dict:
    return RollCallOutput(roll_call).data


_ROLL_CALL_FIELDS = tuple(name for name in RollCallOutput().fields
                          if name != "absences")


def _submitted_data(roll_call: RollCall) -> dict:
    """The answer of a call taken now, from what the submit holds (its taker and absences):
    nothing read again."""
    fields = {name: getattr(roll_call, name) for name in _ROLL_CALL_FIELDS}
    return RollCallOutput({**fields, "absences": roll_call.submitted_absences}).data


# --- The roll call ----------------------------------------------------------------------------


class RollCallSheetApi(APIView):
    """The call of a classroom for a half-day: the pupils enrolled that day, the absences
    announced by families (pre-filled), and the call with its ETag once taken."""

    @extend_schema(parameters=[SheetFilter],
                   responses={200: RollCallSheetOutput, **READ_ERRORS,
                              400: error("Pas de classe ce jour-là, ou filtre invalide")},
                   tags=TAGS)
    def get(self, request, classroom_id: int):
        params = _parse(SheetFilter, request.query_params)
        on = params.get("date") or timezone.localdate()
        classroom = roll_call_classroom_get_for(request.user, classroom_id,
                                                purpose=Purpose.ROLL_CALL, on=on)
        half_day = params.get("half_day") or current_half_day(classroom.school)
        if not params:  # the page opens on the default: now, else the last school half-day
            default = default_half_day(school=classroom.school, purpose=DayPurpose.RECORDS)
            if default is not None and default.date != on:
                classroom = roll_call_classroom_get_for(
                    request.user, classroom_id, purpose=Purpose.ROLL_CALL, on=default.date)
            if default is not None:
                on, half_day = default.date, default.half_day
        refuse_unless_school_half_day(classroom=classroom, on=on, half_day=half_day)
        sheet = roll_call_sheet(classroom=classroom, on=on, half_day=half_day)
        return _with_etag(Response(RollCallSheetOutput(sheet).data), sheet["roll_call"])


class RollCallSubmitApi(APIView):
    """Take the call: 201 when taken now, 200 when the same call was already taken."""

    @extend_schema(
        request=RollCallSubmitInput,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: RollCallOutput, 200: RollCallOutput, **WRITE_ERRORS,
                   409: error("L'appel de cette demi-journée est déjà fait, autrement : "
                              "corrigez-le"),
                   **IDEMPOTENCY_ERRORS},
        tags=TAGS)
    @idempotent
    def post(self, request, classroom_id: int):
        serializer = RollCallSubmitInput(data=request.data)
        if not serializer.is_valid():  # a classroom out of reach is a 404 first
            roll_call_classroom_get_for(request.user, classroom_id, purpose=Purpose.ROLL_CALL,
                                        on=None)
            serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        classroom = roll_call_submit_facts(
            actor=request.user, viewer=request.user, classroom_id=classroom_id, on=data["date"],
            half_day=data["half_day"], pupil_ids=[mark["pupil"] for mark in data["absences"]],
            l1318_threshold=services.L1318_THRESHOLD)
        roll_call, created = services.roll_call_submit(
            actor=request.user, classroom=classroom, on=data["date"],
            half_day=data["half_day"], absences=data["absences"])
        if not created:
            return _with_etag(Response(_roll_call_data(roll_call)), roll_call)
        return _with_etag(Response(_submitted_data(roll_call), status=status.HTTP_201_CREATED),
                          roll_call)


class RollCallDetailApi(APIView):
    """A call and its absences (with its ETag); correct it with PUT and If-Match."""

    @extend_schema(responses={200: RollCallOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, roll_call_id: int):
        roll_call = roll_call_get_for(request.user, roll_call_id, purpose=Purpose.READ)
        return _with_etag(Response(_roll_call_data(roll_call)), roll_call)

    @extend_schema(
        request=RollCallCorrectInput,
        parameters=[IF_MATCH_PARAMETER, IDEMPOTENCY_KEY_PARAMETER],
        responses={200: RollCallOutput, **WRITE_ERRORS,
                   412: error("L'appel a changé depuis votre lecture (ETag périmé)"),
                   428: error("En-tête If-Match manquant"), **IDEMPOTENCY_ERRORS},
        tags=TAGS)
    @idempotent
    def put(self, request, roll_call_id: int):
        roll_call = roll_call_get_for(request.user, roll_call_id, purpose=Purpose.READ)
        data = _parse(RollCallCorrectInput, request.data)
        roll_call = services.roll_call_correct(
            actor=request.user, roll_call=roll_call,
            expected_version=_expected_version(request, roll_call), absences=data["absences"])
        roll_call = roll_call_get_for(request.user, roll_call.pk, purpose=Purpose.READ)
        return _with_etag(Response(_roll_call_data(roll_call)), roll_call)


class RollCallCorrectionListApi(ListApi):
    """The corrections of a call: who, when, before, after."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(CorrectionOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, roll_call_id: int):
        roll_call = roll_call_get_for(request.user, roll_call_id, purpose=Purpose.READ)
        return self.paginated(correction_list(roll_call=roll_call), CorrectionOutput)


# --- Absences ------------------------------------------------------------------------------------


class AbsenceListApi(ListApi):
    """Absences and late arrivals the viewer may see (a guardian: their children's; staff:
    their classrooms'), newest first. ``justification_status=pending`` is the director's
    queue."""

    filter_serializer = AbsenceListFilter

    @extend_schema(parameters=[AbsenceListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(AbsenceOutput), **AUTH_ERRORS,
                              400: error("Filtre invalide")}, tags=TAGS)
    def get(self, request):
        return self.paginated(absence_list(viewer=request.user, filters=self.filters()),
                              AbsenceOutput)


class AbsenceDetailApi(APIView):
    @extend_schema(responses={200: AbsenceOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, absence_id: int):
        return Response(AbsenceOutput(
            absence_get_for(request.user, absence_id, purpose=Purpose.READ)).data)


class AbsenceJustifyApi(APIView):
    """A guardian justifies (JSON, or multipart with a document); the director may record a
    family's paper note (accepted at once)."""

    parser_classes = [BoundedJSONParser, MultiPartParser]

    @extend_schema(request={"application/json": AbsenceJustifyInput,
                            "multipart/form-data": AbsenceJustifyInput},
                   parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   responses={200: AbsenceOutput, **WRITE_ERRORS, **IDEMPOTENCY_ERRORS},
                   tags=TAGS)
    @idempotent
    def post(self, request, absence_id: int):
        absence = absence_get_for(request.user, absence_id, purpose=Purpose.READ)
        data = _parse(AbsenceJustifyInput, request.data)
        services.absence_justify(actor=request.user, absence=absence,
                                 reason=data["absence_reason"], comment=data["comment"],
                                 upload=data.get("file"))
        return Response(AbsenceOutput(
            absence_get_for(request.user, absence_id, purpose=Purpose.READ)).data)


class AbsenceAcceptApi(APIView):
    """The director accepts a justification waiting in the queue."""

    @extend_schema(request=None, responses={200: AbsenceOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, absence_id: int):
        absence = absence_get_for(request.user, absence_id, purpose=Purpose.READ)
        services.absence_accept(actor=request.user, absence=absence)
        return Response(AbsenceOutput(
            absence_get_for(request.user, absence_id, purpose=Purpose.READ)).data)


class AbsenceRefuseApi(APIView):
    """The director refuses a justification, saying why (the guardians see it)."""

    @extend_schema(request=AbsenceRefuseInput, responses={200: AbsenceOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, absence_id: int):
        absence = absence_get_for(request.user, absence_id, purpose=Purpose.READ)
        data = _parse(AbsenceRefuseInput, request.data)
        services.absence_refuse(actor=request.user, absence=absence,
                                refusal_reason=data["refusal_reason"])
        return Response(AbsenceOutput(
            absence_get_for(request.user, absence_id, purpose=Purpose.READ)).data)


class AbsenceDocumentApi(APIView):
    """The justification's document (same visibility as the absence)."""

    @extend_schema(responses={**download_responses(), **READ_ERRORS}, tags=TAGS)
    def get(self, request, absence_id: int):
        absence = absence_get_for(request.user, absence_id, purpose=Purpose.READ)
        document = getattr(absence, "document", None)
        if document is None:
            raise NotFoundError("Cette absence n'a pas de justificatif.")
        return file_download_response(document)


# --- Notices -------------------------------------------------------------------------------------


class PupilNoticeListApi(ListApi):
    """Absences announced for a pupil; a guardian announces one with POST."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(NoticeOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, pupil_id: int):
        pupil = pupil_get_for(request.user, pupil_id, purpose=Purpose.ATTENDANCE)
        return self.paginated(notice_list(viewer=request.user, pupil=pupil), NoticeOutput)

    @extend_schema(request=NoticeCreateInput, parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   responses={201: NoticeOutput, **WRITE_ERRORS, **IDEMPOTENCY_ERRORS},
                   tags=TAGS)
    @idempotent
    def post(self, request, pupil_id: int):
        pupil = pupil_get_for(request.user, pupil_id, purpose=Purpose.ATTENDANCE)
        data = _parse(NoticeCreateInput, request.data)
        notice = services.notice_declare(
            actor=request.user, pupil=pupil, start_date=data["start_date"],
            end_date=data.get("end_date"), half_day=data["half_day"],
            reason=data["absence_reason"], comment=data["comment"])
        return Response(NoticeOutput(notice).data, status=status.HTTP_201_CREATED)


class NoticeDetailApi(APIView):
    @extend_schema(responses={200: NoticeOutput, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, notice_id: int):
        """Cancel an announced absence (it stays listed, cancelled)."""
        notice = notice_get_for(request.user, notice_id, purpose=Purpose.READ)
        return Response(NoticeOutput(services.notice_cancel(actor=request.user,
                                                            notice=notice)).data)


# --- Director --------------------------------------------------------------------------------------


class CallsNotTakenApi(APIView):
    """The calls not taken of a school's week (the director): each school half-day of the
    week whose call is due, with the classrooms whose call is missing and their teachers.
    By default the week of the current school half-day, else of the last one."""

    @extend_schema(parameters=[CallsNotTakenFilter],
                   responses={200: CallsNotTakenOutput, **READ_ERRORS,
                              400: error("Filtre invalide")}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.MANAGE)
        on = _parse(CallsNotTakenFilter, request.query_params).get("date")
        if on is None:
            default = default_half_day(school=school, purpose=DayPurpose.RECORDS)
            on = default.date if default is not None else timezone.localdate()
        half_days = roll_calls_not_taken_in_week(school=school, on=on)
        return Response(CallsNotTakenOutput({
            "school": school, "date": on, "week_start": week_start(on),
            "half_days": half_days}).data)


class RollCallReminderApi(APIView):
    """The director reminds the classroom's teachers of a call not taken (a message to
    them through the messaging, audited)."""

    @extend_schema(request=RollCallReminderInput,
                   responses={201: RollCallReminderOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        data = _parse(RollCallReminderInput, request.data)
        conversations = services.roll_call_reminder_send(
            actor=request.user, classroom=classroom, on=data["date"],
            half_day=data["half_day"], request=request)
        teachers = teachers_of(classroom_ids=[classroom.pk]).get(classroom.pk, [])
        return Response(RollCallReminderOutput({
            "conversation_ids": [c.pk for c in conversations], "teachers": teachers}).data,
            status=status.HTTP_201_CREATED)


def _register(request, classroom_id: int) -> dict:
    classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
    month = _parse(RegisterFilter, request.query_params).get("month") or \
        timezone.localdate().replace(day=1)
    return monthly_register(classroom=classroom, month=month)


class RegisterApi(APIView):
    """The monthly register of a classroom: pupils × half-days of class, totals, sign-off."""

    @extend_schema(parameters=[RegisterFilter],
                   responses={200: RegisterOutput, **READ_ERRORS, 400: error("Mois invalide")},
                   tags=TAGS)
    def get(self, request, classroom_id: int):
        return Response(RegisterOutput(_register(request, classroom_id)).data)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class RegisterCsvApi(APIView):
    """The monthly register as CSV (semicolon-separated, UTF-8 with BOM, for spreadsheets)."""

    @extend_schema(parameters=[RegisterFilter],
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
                              **READ_ERRORS, 400: error("Mois invalide")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        register = _register(request, classroom_id)
        return _download(register_csv(register), "text/csv; charset=utf-8",
                         f"registre-{register['classroom'].pk}-{register['month']:%Y-%m}.csv")


class RegisterPdfApi(APIView):
    """The monthly register as a printable PDF (A4 landscape)."""

    @extend_schema(parameters=[RegisterFilter],
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
                              **READ_ERRORS, 400: error("Mois invalide")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        register = _register(request, classroom_id)
        return _download(register_pdf(register), "application/pdf",
                         f"registre-{register['classroom'].pk}-{register['month']:%Y-%m}.pdf")


class RegisterSignOffApi(APIView):
    """The director signs the month's register (201; 200 if it was already signed)."""

    @extend_schema(request=SignOffInput,
                   responses={201: SignOffOutput, 200: SignOffOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        data = _parse(SignOffInput, request.data)
        sign_off, created = services.register_sign(actor=request.user, classroom=classroom,
                                                   month=data["month"])
        return Response(SignOffOutput(sign_off).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class CaseListApi(ListApi):
    """L131-8 cases of the director's schools (4 or more unjustified half-days in a month)."""

    filter_serializer = CaseListFilter

    @extend_schema(parameters=[CaseListFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(AbsenteeismCaseOutput), **AUTH_ERRORS,
                              400: error("Filtre invalide")}, tags=TAGS)
    def get(self, request):
        return self.paginated(case_list(viewer=request.user, filters=self.filters()),
                              AbsenteeismCaseOutput)


class CaseDetailApi(APIView):
    @extend_schema(responses={200: AbsenteeismCaseOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, case_id: int):
        return Response(AbsenteeismCaseOutput(
            case_get_for(request.user, case_id, purpose=Purpose.MANAGE)).data)

    @extend_schema(request=CaseUpdateInput, responses={200: AbsenteeismCaseOutput,
                                                       **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, case_id: int):
        case = case_get_for(request.user, case_id, purpose=Purpose.MANAGE)
        data = _parse(CaseUpdateInput, request.data)
        services.case_update(actor=request.user, case=case, case_status=data.get("case_status"),
                             on=data.get("on"), note=data["note"])
        return Response(AbsenteeismCaseOutput(
            case_get_for(request.user, case_id, purpose=Purpose.MANAGE)).data)


class EmailUnsubscribeApi(APIView):
    """One-click unsubscription from the absence e-mails (RFC 8058): the address of the
    mail's ``List-Unsubscribe`` header, posted by the guardian's mail client with no session.
    Its token is the only credential and only turns the e-mails off (attendance.unsubscribe);
    the body ("List-Unsubscribe=One-Click") is not needed. A GET does nothing: links are
    opened by mail scanners."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=None,
                   responses={200: AttendancePreferencesOutput,
                              404: error("Lien de désabonnement inconnu ou expiré")},
                   tags=TAGS, auth=[])
    def post(self, request, token: str):
        user = services.absence_notifications_set(actor=unsubscribe_user(token),
                                                  by_email=False)
        return Response(AttendancePreferencesOutput(user).data)


class PreferencesApi(APIView):
    """The viewer's attendance notices: an e-mail when a child is marked absent."""

    @extend_schema(responses={200: AttendancePreferencesOutput, **AUTH_ERRORS}, tags=TAGS)
    def get(self, request):
        return Response(AttendancePreferencesOutput(request.user).data)

    @extend_schema(request=AttendancePreferencesInput,
                   responses={200: AttendancePreferencesOutput, **AUTH_ERRORS,
                              400: error("Champ invalide"),
                              403: error("Compte en lecture seule")}, tags=TAGS)
    def put(self, request):
        data = _parse(AttendancePreferencesInput, request.data)
        user = services.absence_notifications_set(actor=request.user,
                                                  by_email=data["notify_absence_by_email"])
        return Response(AttendancePreferencesOutput(user).data)
