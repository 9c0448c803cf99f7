"""Read-only APIs of the commune officer, the IEN and the DASEN (and the director's view of
who read their pupils' data).

Every view here answers GET, HEAD and OPTIONS only: any other method is 405 before
anything else happens. Once the viewer is authenticated, reads go through the replica
router (``routers.py``). Every list also answers CSV with ``?format=csv`` (all rows, not a
page).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.attendance.access import case_get_for
from preau.authority import selectors
from preau.authority.access import overseen_classroom_get_for, overseen_school_get_for
from preau.authority.csv import SCHOOL_HEADER, cell, rate_cell, school_cells
from preau.authority.models import AccessKind
from preau.authority.routers import end_authority_read, start_authority_read
from preau.authority.serializers import (
    AccessLogFilter,
    AccessLogOutput,
    AttendanceFilter,
    AuthorityAttendanceOutput,
    AuthorityCahierRecapOutput,
    AuthorityCanteenOutput,
    AuthorityCaseOutput,
    AuthorityCirconscriptionOutput,
    AuthorityClassroomDetailOutput,
    AuthorityHeadcountOutput,
    AuthorityMovementOutput,
    AuthorityNotTakenOutput,
    AuthorityOverviewOutput,
    AuthorityPupilOutput,
    AuthoritySchoolClassroomsOutput,
    AuthoritySchoolOutput,
    AuthorityTimetableVolumeOutput,
    CanteenFilter,
    CaseFilter,
    CirconscriptionFilter,
    DateFilter,
    LivretProgressFilter,
    LivretProgressSchoolOutput,
    MonthFilter,
    NotTakenFilter,
    RecapFilter,
    ScopeFilter,
    VolumeFilter,
)
from preau.authority.services import access_log_record
from preau.common.apis import ListApi
from preau.common.csv import CsvRenderer, csv_response
from preau.common.pagination import PagePagination
from preau.common.schema import AUTH_ERRORS, PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.livret.bilan_selectors import bilan_progress
from preau.people.access import Purpose
from preau.schools.calendar import week_start
from preau.schools.models import Classroom, SchoolYear

TAGS = ["authority"]
LIST_ERRORS = {**AUTH_ERRORS, 400: error("Paramètre invalide (nommé dans fields)")}
DETAIL_ERRORS = {**READ_ERRORS, 400: error("Paramètre invalide (nommé dans fields)")}
FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv"],
    description="csv : toutes les lignes en CSV (séparateur ;), les chiffres masqués "
                "écrits « moins de 5 élèves »")
CSV_RESPONSE = OpenApiResponse(OpenApiTypes.STR, description="Le tableau en CSV")


def list_schema(filter_serializer, output, *, paginate: bool = True, errors=None):
    parameters = [filter_serializer, FORMAT_PARAMETER] if filter_serializer else \
        [FORMAT_PARAMETER]
    if paginate:
        parameters += PAGE_PARAMETERS
    body = paginated(output) if paginate else output
    return extend_schema(parameters=parameters,
                         responses={(200, "application/json"): body,
                                    (200, "text/csv"): CSV_RESPONSE, **(errors or LIST_ERRORS)},
                         tags=TAGS)


class AuthorityApi(APIView):
    """GET only; reads on the replica when there is one; JSON or CSV."""

    renderer_classes = [JSONRenderer, CsvRenderer]
    filter_serializer = None
    _read_token = None

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        self._read_token = start_authority_read()

    def finalize_response(self, request, response, *args, **kwargs):
        if self._read_token is not None:
            end_authority_read(self._read_token)
            self._read_token = None
        return super().finalize_response(request, response, *args, **kwargs)

    def handle_exception(self, exc):
        # Errors are always the JSON envelope, CSV asked or not.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @property
    def wants_csv(self) -> bool:
        return getattr(self.request.accepted_renderer, "format", "json") == "csv"

    def params(self, serializer_class=None) -> dict:
        serializer_class = serializer_class or self.filter_serializer
        if serializer_class is None:
            return {}
        params = serializer_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data

    def page(self, items):
        """The page of ``items`` asked for (all of them for CSV)."""
        if self.wants_csv:
            return list(items)
        self._paginator = PagePagination()
        return self._paginator.paginate_queryset(items, self.request, view=self)

    def page_response(self, data):
        return self._paginator.get_paginated_response(data)

    def today(self):
        from django.utils import timezone
        return timezone.localdate()


class AuthorityListApi(AuthorityApi, ListApi):
    """A paginated list (named ``…_list`` in the OpenAPI operation ids)."""


def _school_year_start(on):
    return SchoolYear.bounds_for(on)[0]


# --- Overview, schools, classrooms ------------------------------------------------------------


class OverviewApi(AuthorityApi):
    """Key figures of the viewer's scope (any authority role)."""

    @extend_schema(responses={200: AuthorityOverviewOutput, **AUTH_ERRORS}, tags=TAGS)
    def get(self, request):
        return Response(AuthorityOverviewOutput(
            selectors.overview(viewer=request.user, on=self.today())).data)


class SchoolListApi(AuthorityListApi):
    """The schools of the scope with their figures; filter by commune or circonscription."""

    filter_serializer = ScopeFilter

    @list_schema(ScopeFilter, AuthoritySchoolOutput)
    def get(self, request):
        schools = self.page(selectors.scope_schools(viewer=request.user, filters=self.params()))
        rows = selectors.school_rows(viewer=request.user, schools=schools, on=self.today())
        if self.wants_csv:
            return csv_response(
                filename="ecoles", header=[*SCHOOL_HEADER, "Classes", "Élèves",
                                           "Dossiers L131-8 ouverts"],
                rows=([*school_cells(r["school"]), r["classrooms"], cell(r, "pupils"),
                       cell(r, "open_l1318_cases")] for r in rows))
        return self.page_response(AuthoritySchoolOutput(rows, many=True).data)


class SchoolDetailApi(AuthorityApi):
    @extend_schema(responses={200: AuthoritySchoolOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = overseen_school_get_for(request.user, school_id, purpose=Purpose.OVERSEE)
        (row,) = selectors.school_rows(viewer=request.user, schools=[school], on=self.today())
        return Response(AuthoritySchoolOutput(row).data)


class SchoolClassroomsApi(AuthorityApi):
    """The classrooms of a school this year, with pupils per level and their teachers."""

    filter_serializer = DateFilter

    @extend_schema(parameters=[FORMAT_PARAMETER],
                   responses={(200, "application/json"): AuthoritySchoolClassroomsOutput,
                              (200, "text/csv"): CSV_RESPONSE, **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = overseen_school_get_for(request.user, school_id, purpose=Purpose.OVERSEE)
        on = self.today()
        rows = selectors.classroom_rows(school=school, on=on)
        if self.wants_csv:
            return csv_response(
                filename=f"classes-{school.uai}",
                header=[*SCHOOL_HEADER, "Classe", "Niveaux", "Enseignants", "Élèves"],
                rows=([*school_cells(school), r["name"], " ".join(r["levels"]),
                       ", ".join(r["teachers"]), cell(r, "pupils")] for r in rows))
        return Response(AuthoritySchoolClassroomsOutput(
            {"school": school, "date": on, "classrooms": rows}).data)


class ClassroomDetailApi(AuthorityApi):
    @extend_schema(responses={200: AuthorityClassroomDetailOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom = overseen_classroom_get_for(request.user, classroom_id,
                                               purpose=Purpose.OVERSEE)
        classroom.school.full_figures = classroom.full_figures
        return Response(AuthorityClassroomDetailOutput(
            selectors.classroom_detail(classroom=classroom, on=self.today())).data)


class CirconscriptionListApi(AuthorityListApi):
    """The DASEN's (and the IEN's) circonscriptions with their figures this month; each
    leads to ``schools/?circonscription=<code>``."""

    filter_serializer = CirconscriptionFilter

    @list_schema(CirconscriptionFilter, AuthorityCirconscriptionOutput)
    def get(self, request):
        month = self.params().get("month")
        circonscriptions = self.page(selectors.inspected_circonscriptions(viewer=request.user))
        rows = selectors.circonscription_rows(viewer=request.user,
                                              circonscriptions=circonscriptions,
                                              on=self.today(), month=month)
        if self.wants_csv:
            return csv_response(
                filename="circonscriptions",
                header=["Code", "Circonscription", "Écoles", "Classes", "Élèves",
                        "Appels dus", "Appels faits", "Écoles hors du taux",
                        "dont sans aucun appel", "Demi-journées attendues", "Absences",
                        "Retards", "Taux de présence", "Taux de retard",
                        "Dossiers L131-8 ouverts"],
                rows=([r["code"], r["name"], r["schools"], r["classrooms"], r["pupils"],
                       r["attendance_coverage"]["calls_due"],
                       r["attendance_coverage"]["calls_taken"],
                       r["attendance_coverage"]["schools_left_out"],
                       r["attendance_coverage"]["schools_without_calls"],
                       r["expected_half_days"], r["absent_half_days"], r["late_arrivals"],
                       cell(r, "attendance_rate"), cell(r, "lateness_rate"),
                       r["open_l1318_cases"]]
                      for r in rows))
        return self.page_response(AuthorityCirconscriptionOutput(rows, many=True).data)


# --- Commune views ------------------------------------------------------------------------------


class HeadcountListApi(AuthorityListApi):
    """Pupils per school, level and classroom on a date (today by default)."""

    filter_serializer = DateFilter

    @list_schema(DateFilter, AuthorityHeadcountOutput)
    def get(self, request):
        params = self.params()
        on = params.get("date") or self.today()
        schools = self.page(selectors.scope_schools(viewer=request.user, filters=params))
        rows = selectors.headcount_rows(schools=schools, on=on)
        if self.wants_csv:
            def lines():
                for r in rows:
                    yield [*school_cells(r["school"]), on, "école", "", cell(r, "pupils")]
                    for level in r["levels"]:
                        yield [*school_cells(r["school"]), on, "niveau", level["level"],
                               cell(level, "pupils")]
                    for classroom in r["classrooms"]:
                        yield [*school_cells(r["school"]), on, "classe", classroom["name"],
                               cell(classroom, "pupils")]
            return csv_response(filename=f"effectifs-{on}",
                                header=[*SCHOOL_HEADER, "Date", "Ligne", "Niveau ou classe",
                                        "Élèves"], rows=lines())
        return self.page_response(AuthorityHeadcountOutput(rows, many=True).data)


class MovementListApi(AuthorityListApi):
    """Arrivals and departures per school in a month."""

    filter_serializer = MonthFilter

    @list_schema(MonthFilter, AuthorityMovementOutput)
    def get(self, request):
        params = self.params()
        month = params.get("month") or self.today().replace(day=1)
        schools = self.page(selectors.scope_schools(viewer=request.user, filters=params))
        rows = selectors.movement_rows(schools=schools, month=month)
        if self.wants_csv:
            return csv_response(
                filename=f"mouvements-{month:%Y-%m}",
                header=[*SCHOOL_HEADER, "Mois", "Arrivées", "Départs"],
                rows=([*school_cells(r["school"]), f"{month:%Y-%m}", cell(r, "arrivals"),
                       cell(r, "departures")] for r in rows))
        return self.page_response(AuthorityMovementOutput(rows, many=True).data)


class SchoolPupilListApi(AuthorityListApi):
    """R131-3: the pupils enrolled in a school — name, birth date, guardians' names and
    address, nothing else. Each read is written to the school's access log."""

    @extend_schema(parameters=[FORMAT_PARAMETER, *PAGE_PARAMETERS],
                   responses={(200, "application/json"): paginated(AuthorityPupilOutput),
                              (200, "text/csv"): CSV_RESPONSE, **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = overseen_school_get_for(request.user, school_id, purpose=Purpose.OVERSEE)
        pupils = self.page(selectors.pupils_of_school(viewer=request.user, school=school,
                                                          on=self.today()))
        access_log_record(request=request, viewer=request.user, kind=AccessKind.PUPIL_LIST,
                          path=request.get_full_path(), school_ids=[school.pk],
                          row_count=len(pupils))
        data = AuthorityPupilOutput(pupils, many=True).data
        if self.wants_csv:
            return csv_response(
                filename=f"eleves-{school.uai}",
                header=["Nom", "Prénom", "Date de naissance", "Adresse", "Code postal", "Ville",
                        "Responsables légaux"],
                rows=([p["last_name"], p["first_name"], p["birth_date"], p["address"],
                       p["postal_code"], p["city"],
                       " ; ".join(f"{g['first_name']} {g['last_name']}" for g in p["guardians"])]
                      for p in data))
        return self.page_response(data)


class CanteenApi(AuthorityListApi):
    """Per school and coming school day, the pupils expected (enrolled minus declared
    absences); for today, what the morning calls already taken say."""

    filter_serializer = CanteenFilter

    @list_schema(CanteenFilter, AuthorityCanteenOutput)
    def get(self, request):
        params = self.params()
        today = self.today()
        schools = self.page(selectors.scope_schools(viewer=request.user, filters=params))
        rows = selectors.canteen_rows(schools=schools, today=today, days=params.get("days", 5))
        if self.wants_csv:
            def lines():
                for r in rows:
                    for day in r["days"]:
                        today_row = r["today"] if r["today"] and day["date"] == today else None
                        yield [*school_cells(r["school"]), day["date"], cell(day, "enrolled"),
                               cell(day, "announced_absent"), cell(day, "expected"),
                               cell(today_row, "morning_roll_calls_taken") if today_row else "",
                               cell(today_row, "estimate") if today_row else ""]
            return csv_response(
                filename=f"cantine-{today}",
                header=[*SCHOOL_HEADER, "Date", "Inscrits", "Absences annoncées", "Attendus",
                        "Appels du matin faits", "Estimation d'après les appels"],
                rows=lines())
        return self.page_response(AuthorityCanteenOutput(rows, many=True).data)


# --- Attendance ---------------------------------------------------------------------------------


class AttendanceApi(AuthorityListApi):
    """Attendance and lateness rates per school (or classroom) and per day, week or month,
    from the calls taken, each with its coverage (calls taken / calls due; a school or
    classroom with calls due and none taken has a row; under 80 % of the calls due, no
    rate). ``period=month`` with a range over the school year is the trend. Commune:
    aggregates only, under 5 pupils masked."""

    filter_serializer = AttendanceFilter

    @list_schema(AttendanceFilter, AuthorityAttendanceOutput)
    def get(self, request):
        params = self.params()
        today = self.today()
        period = params.get("period", "month")
        start = params.get("date_from") or {"day": today, "week": week_start(today)}.get(
            period, today.replace(day=1))
        end = params.get("date_to") or today
        if end < start:
            start = end
        schools = selectors.scope_schools(viewer=request.user, filters=params)
        rows = selectors.attendance_table(viewer=request.user, schools=schools, start=start,
                                          end=end, period=period, by=params.get("by", "school"))
        school_refs = {s.pk: s for s in schools.filter(pk__in={r["school_id"] for r in rows})}
        classroom_refs = {}
        if params.get("by") == "classroom":
            classroom_refs = {c.pk: c for c in Classroom.objects.filter(
                pk__in={r["classroom_id"] for r in rows})}
        for row in rows:
            row["school"] = school_refs[row["school_id"]]
            row["classroom"] = classroom_refs.get(row["classroom_id"])
        rows.sort(key=lambda r: (r["school"].name, r["school"].pk,
                                 r["classroom"].name if r["classroom"] else "",
                                 r["period_start"]))
        page = self.page(rows)
        if self.wants_csv:
            names = ["pupils", "expected_half_days", "absent_half_days",
                     "unjustified_half_days", "late_arrivals", "absent_pupils", "late_pupils"]
            return csv_response(
                filename=f"assiduite-{start}-{end}",
                header=[*SCHOOL_HEADER, "Classe", "Période", "Appels faits", "Appels dus",
                        "Couverture", "Élèves", "Demi-journées attendues",
                        "Demi-journées d'absence", "dont non justifiées", "Retards",
                        "Élèves absents", "Élèves en retard", "Taux de présence",
                        "Taux de retard"],
                rows=([*school_cells(r["school"]), r["classroom"].name if r["classroom"] else "",
                       r["period_start"], r["roll_calls"], r["calls_due"],
                       cell(r, "coverage") if r["coverage_sufficient"]
                       else f"couverture insuffisante ({r['roll_calls']}/{r['calls_due']})",
                       *[cell(r, n) for n in names], rate_cell(r, "attendance_rate"),
                       rate_cell(r, "lateness_rate")] for r in page))
        return self.page_response(AuthorityAttendanceOutput(page, many=True).data)


# --- Inspection views ---------------------------------------------------------------------------


class RollCallsNotTakenApi(AuthorityListApi):
    """IEN / DASEN: per school and classroom, the calls not taken today, this week or this
    month (half-days of class already begun)."""

    filter_serializer = NotTakenFilter

    @list_schema(NotTakenFilter, AuthorityNotTakenOutput)
    def get(self, request):
        from django.utils import timezone

        params = self.params()
        now = timezone.now()
        on = params.get("date") or self.today()
        start, end = selectors.period_bounds(period=params.get("period", "today"), on=on)
        schools = self.page(selectors.inspected_schools(viewer=request.user, filters=params))
        rows = selectors.roll_calls_missing_rows(schools=schools, start=start, end=end, now=now)
        if self.wants_csv:
            return csv_response(
                filename=f"appels-non-faits-{start}-{end}",
                header=[*SCHOOL_HEADER, "Du", "Au", "Classe", "Appels attendus", "Faits",
                        "Non faits"],
                rows=([*school_cells(r["school"]), start, end, c["name"], c["expected"],
                       c["taken"], c["missing"]] for r in rows for c in r["classrooms"]))
        return self.page_response(AuthorityNotTakenOutput(rows, many=True).data)


class CaseListApi(AuthorityListApi):
    """IEN / DASEN: L131-8 cases (pupil, school, month, count, status and dates). Each read
    is written to the access log of the schools concerned."""

    filter_serializer = CaseFilter

    @list_schema(CaseFilter, AuthorityCaseOutput)
    def get(self, request):
        cases = self.page(selectors.l1318_case_list(viewer=request.user, filters=self.params()))
        access_log_record(request=request, viewer=request.user, kind=AccessKind.L1318_CASE_LIST,
                          path=request.get_full_path(),
                          school_ids=[case.classroom.school_id for case in cases],
                          row_count=len(cases))
        data = AuthorityCaseOutput(cases, many=True).data
        if self.wants_csv:
            return csv_response(
                filename="dossiers-l131-8",
                header=["UAI", "École", "Classe", "Nom", "Prénom", "Date de naissance", "Mois",
                        "Demi-journées non justifiées", "Statut", "Ouvert le",
                        "Famille contactée le", "Signalé le", "Clos le"],
                rows=([c["school"]["uai"], c["school"]["name"], c["classroom"]["name"],
                       c["pupil"]["last_name"], c["pupil"]["first_name"],
                       c["pupil"]["birth_date"], c["month"], c["unjustified_half_days"],
                       c["case_status"], c["opened_at"], c["family_contacted_on"],
                       c["reported_on"], c["closed_on"]] for c in data))
        return self.page_response(data)


class CaseDetailApi(AuthorityApi):
    @extend_schema(responses={200: AuthorityCaseOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, case_id: int):
        case = case_get_for(request.user, case_id, purpose=Purpose.INSPECT)
        access_log_record(request=request, viewer=request.user, kind=AccessKind.L1318_CASE,
                          path=request.get_full_path(), school_ids=[case.classroom.school_id],
                          row_count=1, object_id=case.pk)
        return Response(AuthorityCaseOutput(case).data)


class CahierRecapApi(AuthorityApi):
    """IEN / DASEN: a classroom's cahier de textes — entries per week, subjects covered,
    homework volume per day (the school year so far by default)."""

    filter_serializer = RecapFilter

    @extend_schema(parameters=[RecapFilter],
                   responses={200: AuthorityCahierRecapOutput, **DETAIL_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom = overseen_classroom_get_for(request.user, classroom_id,
                                               purpose=Purpose.INSPECT)
        classroom.school.full_figures = True
        params = self.params()
        end = params.get("date_to") or self.today()
        start = params.get("date_from") or max(classroom.school_year.start_date,
                                               end.replace(year=end.year - 1))
        return Response(AuthorityCahierRecapOutput(
            selectors.cahier_recap(classroom=classroom, start=min(start, end), end=end)).data)


class TimetableVolumeApi(AuthorityListApi):
    """IEN / DASEN: per classroom, weekly teaching time against the national 24 hours, and
    lessons cancelled without replacement (the school year so far by default)."""

    filter_serializer = VolumeFilter

    @list_schema(VolumeFilter, AuthorityTimetableVolumeOutput)
    def get(self, request):
        params = self.params()
        on = params.get("date") or self.today()
        end = params.get("date_to") or self.today()
        start = params.get("date_from") or min(_school_year_start(end), end)
        classrooms = self.page(selectors.inspected_classrooms(viewer=request.user,
                                                              filters=params, on=on))
        for classroom in classrooms:
            classroom.school.full_figures = True
        rows = selectors.timetable_volume_rows(classrooms=classrooms, on=on, start=start, end=end)
        if self.wants_csv:
            return csv_response(
                filename=f"volume-horaire-{on}",
                header=["UAI", "École", "Classe", "Minutes par semaine", "Référence nationale",
                        "Écart (minutes)", "Séances annulées sans remplacement"],
                rows=([r["classroom"].school.uai, r["classroom"].school.name,
                       r["classroom"].name, r["weekly_minutes"], r["national_weekly_minutes"],
                       r["difference_minutes"], r["cancelled_without_replacement"]]
                      for r in rows))
        return self.page_response(AuthorityTimetableVolumeOutput(rows, many=True).data)


# --- The director: who read my pupils' data ------------------------------------------------------


class AccessLogListApi(AuthorityListApi):
    """The director: every read of their school's personal data by an authority account."""

    filter_serializer = AccessLogFilter

    @list_schema(AccessLogFilter, AccessLogOutput)
    def get(self, request):
        logs = self.page(selectors.access_log_for_director(viewer=request.user,
                                                           filters=self.params()))
        data = AccessLogOutput(logs, many=True).data
        if self.wants_csv:
            return csv_response(
                filename="journal-des-consultations",
                header=["Date", "Qui", "Rôles", "Consultation", "Adresse", "Objet", "Lignes",
                        "Écoles"],
                rows=([log["created_at"], log["viewer_name"], log["viewer_roles"],
                       log["kind"], log["path"], log["object_id"], log["row_count"],
                       ", ".join(s["name"] for s in log["schools"])] for log in data))
        return self.page_response(data)


# --- Livret ------------------------------------------------------------------------------------


class LivretProgressApi(AuthorityListApi):
    """IEN (their circonscription) and DASEN (their département): per school and class, how
    far the bilans of the period of that rank are — counts by state and acknowledged, never
    a bilan. The commune sees nothing of the livret (an empty list). Logged like every
    authority read of pupils' data."""

    filter_serializer = LivretProgressFilter

    @list_schema(LivretProgressFilter, LivretProgressSchoolOutput)
    def get(self, request):
        params = self.params()
        rows = self.page(bilan_progress(viewer=request.user, period_index=params["index"],
                                        school_year_id=params.get("school_year"),
                                        on=self.today()))
        if rows:  # only an IEN or a DASEN reads rows; an empty answer read nothing
            access_log_record(request=request, viewer=request.user,
                              kind=AccessKind.LIVRET_PROGRESS, path=request.get_full_path(),
                              school_ids=[row["id"] for row in rows], row_count=len(rows))
        if self.wants_csv:
            return csv_response(
                filename="avancement-livret",
                header=["UAI", "École", "Classe", "Bilans", "En cours", "Verrouillés",
                        "Validés", "Communiqués", "Signés"],
                rows=([school["uai"], school["name"], classroom["name"], classroom["total"],
                       classroom["draft"], classroom["locked"], classroom["validated"],
                       classroom["communicated"], classroom["acknowledged"]]
                      for school in rows for classroom in school["classrooms"]))
        return self.page_response(LivretProgressSchoolOutput(rows, many=True).data)
