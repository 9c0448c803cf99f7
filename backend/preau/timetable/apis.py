from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.apis import ListApi
from preau.common.errors import ApplicationError, NotFoundError
from preau.common.schema import AUTH_ERRORS, PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.people.access import Purpose, classroom_get_for, pupil_get_for, school_get_for
from preau.people.models import Person
from preau.schools.calendar import DayPurpose, default_half_day, school_days
from preau.schools.models import Classroom
from preau.shared.serializers import DateRangeFilter
from preau.timetable import services
from preau.timetable.access import (
    closure_get_for,
    event_get_for,
    events_visible_to,
    exception_get_for,
    feed_get_for,
    feeds_visible_to,
    slot_get_for,
)
from preau.timetable.ical import feed_build
from preau.timetable.models import CalendarFeed, TimetableSlot
from preau.timetable.permissions import can_edit_classroom_slots, can_edit_classroom_timetable
from preau.timetable.selectors import (
    NATIONAL_WEEKLY_MINUTES,
    DayView,
    children_of_viewer,
    closures_of,
    events_for,
    exceptions_of,
    pupils_with_classroom,
    slots_of,
    teacher_day,
    weekly_teaching_minutes,
)
from preau.timetable.serializers import (
    AgendaEventCreateInput,
    AgendaEventOutput,
    AgendaEventUpdateInput,
    ClassroomWeekOutput,
    ClosureCreateInput,
    ClosureOutput,
    DayFilter,
    ExceptionCreateInput,
    ExceptionOutput,
    ExceptionUpdateInput,
    FeedCreatedOutput,
    FeedCreateInput,
    FeedOutput,
    PupilWeekOutput,
    SchoolCalendarOutput,
    SlotCreateInput,
    SlotOutput,
    SlotUpdateInput,
    TeacherDayOutput,
)

TAGS = ["timetable"]
WRITE_ERRORS = {
    **READ_ERRORS,
    400: error("Champ invalide (nommé dans fields)"),
    403: error("Vous voyez cet objet mais ne pouvez pas le modifier"),
}


def _parse(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _range(request) -> dict:
    return _parse(DateRangeFilter, request.query_params)


def _person(field: str, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise ApplicationError("Personne inconnue.", fields={field: ["Personne inconnue."]})
    return person


def _week(classroom: Classroom, start, end, *, viewer) -> dict:
    from preau.timetable.selectors import classroom_weeks

    days = classroom_weeks(classrooms=[classroom], start=start, end=end)[classroom.pk]
    events = events_for(classrooms=[classroom], start=start, end=end)
    weekly = weekly_teaching_minutes(classroom_ids=[classroom.pk], on=start)
    return {"classroom": classroom, "start": start, "end": end, "days": days,
            "events": list(events),
            "weekly_teaching_minutes": weekly.get(classroom.pk, 0),
            "national_weekly_minutes": NATIONAL_WEEKLY_MINUTES,
            "can_edit_slots": can_edit_classroom_slots(actor=viewer, classroom=classroom),
            "can_edit_exceptions": can_edit_classroom_timetable(actor=viewer,
                                                                classroom=classroom)}


class ClassroomWeekApi(APIView):
    """A classroom's days with their lessons, exceptions, holidays and agenda."""

    @extend_schema(parameters=[DateRangeFilter],
                   responses={200: ClassroomWeekOutput, **READ_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        dates = _range(request)
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.TIMETABLE)
        return Response(ClassroomWeekOutput(_week(classroom, **dates,
                                                  viewer=request.user)).data)


def _pupil_weeks(pupils, start, end) -> list[dict]:
    from preau.timetable.selectors import classroom_weeks

    pairs = pupils_with_classroom(pupils=pupils, on=start)
    classrooms = list({c.pk: c for _p, c in pairs if c is not None}.values())
    weeks = classroom_weeks(classrooms=classrooms, start=start, end=end) if classrooms else {}
    all_events = list(events_for(classrooms=classrooms, start=start, end=end)) if classrooms \
        else []
    result = []
    for pupil, classroom in pairs:
        days: list[DayView] = weeks.get(classroom.pk, []) if classroom else []
        events = [e for e in all_events if classroom and (
            e.classroom_id == classroom.pk
            or (e.classroom_id is None and e.school_id == classroom.school_id))]
        result.append({"pupil": pupil, "classroom": classroom, "start": start, "end": end,
                       "days": days, "events": events})
    return result


class PupilWeekApi(APIView):
    """One pupil's week (the pupil, a guardian, the teachers, the director)."""

    @extend_schema(parameters=[DateRangeFilter],
                   responses={200: PupilWeekOutput, **READ_ERRORS, 400: error("Dates invalides")},
                   tags=TAGS)
    def get(self, request, pupil_id: int):
        dates = _range(request)
        pupil = pupil_get_for(request.user, pupil_id, purpose=Purpose.TIMETABLE)
        return Response(PupilWeekOutput(_pupil_weeks([pupil], **dates)[0]).data)


class ChildrenWeekApi(APIView):
    """The week of each of the viewer's children (or the viewer's own, for a pupil)."""

    @extend_schema(parameters=[DateRangeFilter],
                   responses={200: PupilWeekOutput(many=True), **AUTH_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request):
        dates = _range(request)
        pupils = children_of_viewer(viewer=request.user)
        return Response(PupilWeekOutput(_pupil_weeks(pupils, **dates), many=True).data)


class TeacherDayApi(APIView):
    """What the viewer teaches on a day, across classrooms, replacements included."""

    @extend_schema(parameters=[DayFilter],
                   responses={200: TeacherDayOutput, **AUTH_ERRORS, 400: error("Date invalide")},
                   tags=TAGS)
    def get(self, request):
        on = _parse(DayFilter, request.query_params).get("date") or timezone.localdate()
        occurrences, off = teacher_day(viewer=request.user, on=on)
        return Response(TeacherDayOutput(
            {"date": on, "occurrences": occurrences, "off": off}).data)


class SchoolCalendarApi(APIView):
    """The school's days: class half-days, holidays, bank holidays, closures."""

    @extend_schema(parameters=[DateRangeFilter],
                   responses={200: SchoolCalendarOutput, **READ_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request, school_id: int):
        dates = _range(request)
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        days = [DayView(day) for day in school_days(school=school, **dates)]
        default_days = {purpose: default_half_day(school=school, purpose=purpose)
                        for purpose in (DayPurpose.RECORDS, DayPurpose.HOMEWORK)}
        return Response(SchoolCalendarOutput({"school": school, "days": days, **dates,
                                              "default_days": default_days}).data)


# --- Slots -----------------------------------------------------------------------------


class SlotListApi(ListApi):
    """The recurring slots of a classroom; the director adds one with POST."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(SlotOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.TIMETABLE)
        return self.paginated(slots_of(classroom=classroom), SlotOutput)

    @extend_schema(request=SlotCreateInput, responses={201: SlotOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.TIMETABLE)
        data = _parse(SlotCreateInput, request.data)
        data["teacher"] = _person("teacher", data.get("teacher"))
        slot = services.slot_create(actor=request.user, classroom=classroom, **data)
        return Response(SlotOutput(slot).data, status=status.HTTP_201_CREATED)


class SlotDetailApi(APIView):
    @extend_schema(request=SlotUpdateInput, responses={200: SlotOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def patch(self, request, slot_id: int):
        slot = slot_get_for(request.user, slot_id, purpose=Purpose.TIMETABLE)
        data = _parse(SlotUpdateInput, request.data)
        if "teacher" in data:
            data["teacher"] = _person("teacher", data["teacher"])
        slot = services.slot_update(actor=request.user, slot=slot, **data)
        return Response(SlotOutput(slot).data)

    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, slot_id: int):
        slot = slot_get_for(request.user, slot_id, purpose=Purpose.TIMETABLE)
        services.slot_delete(actor=request.user, slot=slot)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Exceptions ------------------------------------------------------------------------


def _exception_input(classroom: Classroom, data: dict) -> dict:
    if "replacement_teacher" in data:
        data["replacement_teacher"] = _person("replacement_teacher", data["replacement_teacher"])
    if data.get("slot") is not None:
        slot = TimetableSlot.objects.filter(pk=data["slot"], classroom=classroom).first()
        if slot is None:
            raise ApplicationError("Créneau inconnu dans cette classe.",
                                   fields={"slot": ["Créneau inconnu dans cette classe."]})
        data["slot"] = slot
    return data


class ExceptionListApi(ListApi):
    """Changes to a classroom's dates in a range; create one with POST."""

    @extend_schema(parameters=[DateRangeFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(ExceptionOutput), **READ_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        dates = _range(request)
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.TIMETABLE)
        return self.paginated(exceptions_of(classroom=classroom, **dates), ExceptionOutput)

    @extend_schema(request=ExceptionCreateInput,
                   responses={201: ExceptionOutput, **WRITE_ERRORS,
                              409: error("Ce cours a déjà une modification ce jour-là")},
                   tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.TIMETABLE)
        data = _exception_input(classroom, _parse(ExceptionCreateInput, request.data))
        data = {k: v for k, v in data.items() if v is not None or k in {"slot"}}
        exception = services.exception_create(actor=request.user, classroom=classroom, **data)
        return Response(ExceptionOutput(exception).data, status=status.HTTP_201_CREATED)


class ExceptionDetailApi(APIView):
    @extend_schema(request=ExceptionUpdateInput, responses={200: ExceptionOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def patch(self, request, exception_id: int):
        exception = exception_get_for(request.user, exception_id, purpose=Purpose.TIMETABLE)
        data = _exception_input(exception.classroom, _parse(ExceptionUpdateInput, request.data))
        exception = services.exception_update(actor=request.user, exception=exception, **data)
        return Response(ExceptionOutput(exception).data)

    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, exception_id: int):
        exception = exception_get_for(request.user, exception_id, purpose=Purpose.TIMETABLE)
        services.exception_delete(actor=request.user, exception=exception)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Closures and agenda ---------------------------------------------------------------


class ClosureListApi(ListApi):
    """The school's closures; the director records one with POST."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(ClosureOutput), **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        return self.paginated(closures_of(school=school), ClosureOutput)

    @extend_schema(request=ClosureCreateInput, responses={201: ClosureOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        closure = services.closure_create(actor=request.user, school=school,
                                          **_parse(ClosureCreateInput, request.data))
        return Response(ClosureOutput(closure).data, status=status.HTTP_201_CREATED)


class ClosureDetailApi(APIView):
    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, closure_id: int):
        closure = closure_get_for(request.user, closure_id, purpose=Purpose.TIMETABLE)
        services.closure_delete(actor=request.user, closure=closure)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AgendaEventListApi(ListApi):
    """The school's agenda in a date range (what the viewer may see); add with POST."""

    @extend_schema(parameters=[DateRangeFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(AgendaEventOutput), **READ_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request, school_id: int):
        dates = _range(request)
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        classrooms = list(school.classrooms.all())
        events = events_for(classrooms=classrooms, **dates).filter(
            pk__in=events_visible_to(request.user, purpose=Purpose.TIMETABLE).values("pk"),
            school=school)
        return self.paginated(events, AgendaEventOutput)

    @extend_schema(request=AgendaEventCreateInput,
                   responses={201: AgendaEventOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.TIMETABLE)
        data = _parse(AgendaEventCreateInput, request.data)
        if data.get("classroom") is not None:
            classroom = Classroom.objects.filter(pk=data["classroom"], school=school).first()
            if classroom is None:
                raise ApplicationError("Classe inconnue dans cette école.",
                                       fields={"classroom": ["Classe inconnue dans cette école."]})
            data["classroom"] = classroom
        event = services.event_create(actor=request.user, school=school, **data)
        return Response(AgendaEventOutput(event).data, status=status.HTTP_201_CREATED)


class AgendaEventDetailApi(APIView):
    @extend_schema(request=AgendaEventUpdateInput,
                   responses={200: AgendaEventOutput, **WRITE_ERRORS}, tags=TAGS)
    def patch(self, request, event_id: int):
        event = event_get_for(request.user, event_id, purpose=Purpose.TIMETABLE)
        event = services.event_update(actor=request.user, event=event,
                                      **_parse(AgendaEventUpdateInput, request.data))
        return Response(AgendaEventOutput(event).data)

    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, event_id: int):
        event = event_get_for(request.user, event_id, purpose=Purpose.TIMETABLE)
        services.event_delete(actor=request.user, event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- iCal feeds ------------------------------------------------------------------------


class FeedListApi(ListApi):
    """The viewer's active calendar subscriptions; create one with POST."""

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(FeedOutput), **AUTH_ERRORS}, tags=TAGS)
    def get(self, request):
        return self.paginated(feeds_visible_to(request.user, purpose=Purpose.TIMETABLE), FeedOutput)

    @extend_schema(request=FeedCreateInput,
                   responses={201: FeedCreatedOutput, **AUTH_ERRORS, 400: error("Trop d'abonnements")},
                   tags=TAGS)
    def post(self, request):
        feed, token = services.feed_create(actor=request.user,
                                           **_parse(FeedCreateInput, request.data))
        url = request.build_absolute_uri(reverse("timetable:ical", kwargs={"token": token}))
        return Response(FeedCreatedOutput({**FeedOutput(feed).data, "url": url}).data,
                        status=status.HTTP_201_CREATED)


class FeedDetailApi(APIView):
    @extend_schema(responses={204: None, **READ_ERRORS}, tags=TAGS)
    def delete(self, request, feed_id: int):
        services.feed_revoke(actor=request.user,
                             feed=feed_get_for(request.user, feed_id, purpose=Purpose.TIMETABLE))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ICalFeedApi(APIView):
    """The calendar itself, for calendar apps: no login, the secret URL is the key."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR),
                   404: error("Adresse inconnue ou révoquée")},
        tags=TAGS, auth=[],
    )
    def get(self, request, token: str):
        feed = (
            CalendarFeed.objects.filter(token_hash=services.feed_token_hash(token),
                                        revoked_at__isnull=True, user__is_active=True)
            .select_related("user")
            .first()
        )
        if feed is None:
            raise NotFoundError("Adresse de calendrier inconnue ou révoquée.")
        services.feed_touch(feed=feed)
        response = HttpResponse(feed_build(feed=feed), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="preau.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response
