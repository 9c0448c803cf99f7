from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.apis import IdField, ListApi
from preau.common.schema import LIST_ERRORS, PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.people.access import Purpose, classroom_get_for, departement_get_for, school_get_for
from preau.people.school_selectors import (
    classroom_detail,
    classroom_list,
    school_list,
    school_staff,
)
from preau.people.school_serializers import (
    ClassroomOutput,
    DepartementHolidayCalendarOutput,
    DepartementHolidaysFilter,
    DepartementHolidaysInput,
    SchoolOutput,
    StaffMemberOutput,
)
from preau.schools.holiday_calendar import departement_holiday_calendar
from preau.schools.services import departement_holidays_set


class SchoolListFilter(serializers.Serializer):
    commune = serializers.RegexField(r"^\d[\dAB]\d{3}$", required=False,
                                     help_text="Code INSEE de la commune")
    circonscription = serializers.CharField(max_length=10, required=False)
    search = serializers.CharField(max_length=100, required=False)


class SchoolListApi(ListApi):
    """Schools the viewer may see, by name; filter by commune, circonscription or text."""

    filter_serializer = SchoolListFilter

    @extend_schema(
        parameters=[SchoolListFilter, *PAGE_PARAMETERS],
        responses={200: paginated(SchoolOutput), **LIST_ERRORS},
        tags=["schools"],
    )
    def get(self, request):
        return self.paginated(school_list(viewer=request.user, filters=self.filters()),
                              SchoolOutput)


class SchoolDetailApi(APIView):
    """One school, if the viewer may see it (404 otherwise)."""

    @extend_schema(responses={200: SchoolOutput, **READ_ERRORS}, tags=["schools"])
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.READ)
        return Response(SchoolOutput(school).data)


class ClassroomListFilter(serializers.Serializer):
    school = IdField(required=False)
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", required=False,
                                         help_text="Année scolaire, ex. 2026-2027")


class ClassroomListApi(ListApi):
    """Classrooms the viewer may see, with teachers and today's pupil count."""

    filter_serializer = ClassroomListFilter

    @extend_schema(
        parameters=[ClassroomListFilter, *PAGE_PARAMETERS],
        responses={200: paginated(ClassroomOutput), **LIST_ERRORS},
        tags=["schools"],
    )
    def get(self, request):
        return self.paginated(
            classroom_list(viewer=request.user, filters=self.filters()), ClassroomOutput
        )


class ClassroomDetailApi(APIView):
    """One classroom, if the viewer may see it (404 otherwise)."""

    @extend_schema(
        parameters=[OpenApiParameter("classroom_id", int, OpenApiParameter.PATH)],
        responses={200: ClassroomOutput, **READ_ERRORS}, tags=["schools"],
    )
    def get(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.READ)
        return Response(ClassroomOutput(classroom_detail(viewer=request.user,
                                                         classroom=classroom)).data)


class SchoolStaffApi(ListApi):
    """This year's teachers and director of the school (for its own staff: replacements,
    second teachers)."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(StaffMemberOutput), **READ_ERRORS},
                   tags=["schools"])
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        return self.paginated(school_staff(school=school), StaffMemberOutput)


class DepartementHolidaysApi(APIView):
    """The holidays of a school year for the DASEN's département, per zone: the ministry's
    calendar when it is published; until then, what the DASEN entered (``PUT``: the one
    write an authority role has on school data, only for a year the ministry has not
    published)."""

    authority_may_write = True  # the DASEN's département, a year the ministry has not published

    @extend_schema(parameters=[DepartementHolidaysFilter],
                   responses={200: DepartementHolidayCalendarOutput, **READ_ERRORS,
                              400: error("Année scolaire invalide")},
                   tags=["schools"])
    def get(self, request, departement_id: int):
        departement = departement_get_for(request.user, departement_id,
                                          purpose=Purpose.MANAGE)
        query = DepartementHolidaysFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(DepartementHolidayCalendarOutput(departement_holiday_calendar(
            departement=departement, **query.validated_data)).data)

    @extend_schema(request=DepartementHolidaysInput,
                   responses={200: DepartementHolidayCalendarOutput, **READ_ERRORS,
                              400: error("Champ invalide (nommé dans fields)")},
                   tags=["schools"])
    def put(self, request, departement_id: int):
        departement = departement_get_for(request.user, departement_id,
                                          purpose=Purpose.MANAGE)
        serializer = DepartementHolidaysInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        departement_holidays_set(actor=request.user, departement=departement,
                                 **serializer.validated_data)
        return Response(DepartementHolidayCalendarOutput(departement_holiday_calendar(
            departement=departement, school_year=serializer.validated_data["school_year"])).data)
