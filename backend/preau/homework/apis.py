from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.apis import ListApi
from preau.common.errors import ApplicationError
from preau.common.files import file_download_response
from preau.common.schema import (
    AUTH_ERRORS,
    PAGE_PARAMETERS,
    READ_ERRORS,
    download_responses,
    error,
    paginated,
)
from preau.homework import services
from preau.homework.access import (
    attachment_get_for,
    homework_get_for,
    lesson_get_for,
    pupils_meant_for,
)
from preau.homework.selectors import (
    done_pupils,
    family_week,
    homework_detail,
    homework_done_lists,
    homework_list,
    lesson_list,
    school_homework_settings_get,
    workload,
)
from preau.homework.serializers import (
    AttachmentOutput,
    AttachmentUploadInput,
    ChildHomeworkOutput,
    DoneInput,
    DoneOutput,
    HomeworkCreateInput,
    HomeworkDoneListOutput,
    HomeworkOutput,
    HomeworkUpdateInput,
    LessonCreateInput,
    LessonOutput,
    LessonUpdateInput,
    SchoolHomeworkSettingsInput,
    SchoolHomeworkSettingsOutput,
    WorkloadDayOutput,
)
from preau.people.access import Purpose, classroom_get_for, school_get_for
from preau.shared.serializers import DateRangeFilter
from preau.timetable.models import TimetableSlot

TAGS = ["homework"]
WRITE_ERRORS = {
    **READ_ERRORS,
    400: error("Champ invalide (nommé dans fields)"),
    403: error("Vous voyez cet objet mais ne pouvez pas le modifier"),
}


def _parse(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _detail(request, homework_id: int):
    return homework_detail(viewer=request.user,
                           homework=homework_get_for(request.user, homework_id,
                                                     purpose=Purpose.READ))


class ChildrenHomeworkApi(APIView):
    """Homework of each of the viewer's children (or the viewer's own), by due date, and
    what was done in their classroom (unless the school holds the cahier de textes back)."""

    @extend_schema(parameters=[DateRangeFilter],
                   responses={200: ChildHomeworkOutput(many=True), **AUTH_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request):
        dates = _parse(DateRangeFilter, request.query_params)
        return Response(ChildHomeworkOutput(
            family_week(viewer=request.user, **dates), many=True).data)


class ClassroomHomeworkApi(ListApi):
    """A classroom's homework by due date; the classroom's teachers add with POST."""

    @extend_schema(parameters=[DateRangeFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(HomeworkOutput), **READ_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        dates = _parse(DateRangeFilter, request.query_params)
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.TIMETABLE)
        return self.paginated(homework_list(viewer=request.user, classroom=classroom, **dates),
                              HomeworkOutput)

    @extend_schema(request=HomeworkCreateInput, responses={201: HomeworkOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.TIMETABLE)
        homework = services.homework_create(actor=request.user, classroom=classroom,
                                            **_parse(HomeworkCreateInput, request.data))
        return Response(HomeworkOutput(_detail(request, homework.pk)).data,
                        status=status.HTTP_201_CREATED)


class HomeworkDetailApi(APIView):
    @extend_schema(responses={200: HomeworkOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, homework_id: int):
        return Response(HomeworkOutput(_detail(request, homework_id)).data)

    @extend_schema(request=HomeworkUpdateInput, responses={200: HomeworkOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def patch(self, request, homework_id: int):
        homework = _detail(request, homework_id)
        services.homework_update(actor=request.user, homework=homework,
                                 **_parse(HomeworkUpdateInput, request.data))
        return Response(HomeworkOutput(_detail(request, homework_id)).data)


class HomeworkWithdrawApi(APIView):
    """Withdraw a homework: families see it is no longer due."""

    @extend_schema(request=None, responses={200: HomeworkOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, homework_id: int):
        services.homework_withdraw(actor=request.user, homework=_detail(request, homework_id))
        return Response(HomeworkOutput(_detail(request, homework_id)).data)


class HomeworkDoneApi(APIView):
    """Who has marked it done (teachers); tick or untick it (the pupil or a guardian)."""

    @extend_schema(responses={200: HomeworkDoneListOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, homework_id: int):
        homework = _detail(request, homework_id)
        classroom_get_for(request.user, homework.classroom_id, purpose=Purpose.REGISTER)
        marks = {mark.pupil_id: mark for mark in done_pupils(homework=homework)}
        pupils = list(pupils_meant_for(homework=homework).order_by("last_name", "first_name"))
        rows = [{"pupil": p, "done": p.pk in marks,
                 "marked_at": marks[p.pk].marked_at if p.pk in marks else None} for p in pupils]
        return Response(HomeworkDoneListOutput({
            "homework_id": homework.pk, "done_count": len(marks), "pupil_count": len(pupils),
            "pupils": rows}).data)

    @extend_schema(request=DoneInput, responses={200: DoneOutput, **WRITE_ERRORS}, tags=TAGS)
    def put(self, request, homework_id: int):
        homework = _detail(request, homework_id)
        data = _parse(DoneInput, request.data)
        count = services.homework_mark_done(actor=request.user, homework=homework,
                                            pupil_id=data["pupil"], done=data["done"])
        return Response(DoneOutput({"homework_id": homework.pk, "pupil": data["pupil"],
                                    "done": data["done"], "done_count": count}).data)


class ClassroomHomeworkDoneApi(APIView):
    """Who has done each homework of the classroom due in the range (teachers, director):
    every board of the week in one call."""

    @extend_schema(parameters=[DateRangeFilter],
                   responses={200: HomeworkDoneListOutput(many=True), **READ_ERRORS,
                              400: error("Dates invalides (nommées dans fields)")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        dates = _parse(DateRangeFilter, request.query_params)
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        return Response(HomeworkDoneListOutput(
            homework_done_lists(viewer=request.user, classroom=classroom, **dates),
            many=True).data)


class HomeworkAttachmentUploadApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": AttachmentUploadInput},
                   responses={201: AttachmentOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, homework_id: int):
        homework = _detail(request, homework_id)
        upload = _parse(AttachmentUploadInput, request.data)["file"]
        attachment = services.attachment_add(actor=request.user, upload=upload,
                                             homework=homework)
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class LessonAttachmentUploadApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": AttachmentUploadInput},
                   responses={201: AttachmentOutput, **WRITE_ERRORS}, tags=TAGS)
    def post(self, request, lesson_id: int):
        lesson = lesson_get_for(request.user, lesson_id, purpose=Purpose.REGISTER)
        upload = _parse(AttachmentUploadInput, request.data)["file"]
        attachment = services.attachment_add(actor=request.user, upload=upload, lesson=lesson)
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDetailApi(APIView):
    """Download a file (same visibility as its homework), or remove it (its teachers)."""

    @extend_schema(responses={**download_responses(), **READ_ERRORS}, tags=TAGS)
    def get(self, request, attachment_id: int):
        return file_download_response(
            attachment_get_for(request.user, attachment_id, purpose=Purpose.READ))

    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, attachment_id: int):
        services.attachment_delete(
            actor=request.user,
            attachment=attachment_get_for(request.user, attachment_id, purpose=Purpose.READ))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Cahier de textes ------------------------------------------------------------------------


class LessonListApi(ListApi):
    """The classroom's cahier de textes (its teachers and the director)."""

    @extend_schema(parameters=[DateRangeFilter, *PAGE_PARAMETERS],
                   responses={200: paginated(LessonOutput), **READ_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        dates = _parse(DateRangeFilter, request.query_params)
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        return self.paginated(lesson_list(viewer=request.user, classroom=classroom, **dates),
                              LessonOutput)

    @extend_schema(request=LessonCreateInput, responses={201: LessonOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def post(self, request, classroom_id: int):
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        data = _parse(LessonCreateInput, request.data)
        if data.get("slot") is not None:
            data["slot"] = TimetableSlot.objects.filter(pk=data["slot"],
                                                        classroom=classroom).first()
            if data["slot"] is None:
                raise ApplicationError("Créneau inconnu dans cette classe.",
                                       fields={"slot": ["Créneau inconnu dans cette classe."]})
        lesson = services.lesson_create(actor=request.user, classroom=classroom, **data)
        return Response(LessonOutput(_lesson(request, lesson.pk)).data,
                        status=status.HTTP_201_CREATED)


def _lesson(request, lesson_id: int):
    lesson = lesson_get_for(request.user, lesson_id, purpose=Purpose.REGISTER)
    return lesson_list(viewer=request.user, classroom=lesson.classroom, start=lesson.date,
                       end=lesson.date).get(pk=lesson.pk)


class LessonDetailApi(APIView):
    @extend_schema(responses={200: LessonOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, lesson_id: int):
        return Response(LessonOutput(_lesson(request, lesson_id)).data)

    @extend_schema(request=LessonUpdateInput, responses={200: LessonOutput, **WRITE_ERRORS},
                   tags=TAGS)
    def patch(self, request, lesson_id: int):
        lesson = lesson_get_for(request.user, lesson_id, purpose=Purpose.REGISTER)
        services.lesson_update(actor=request.user, lesson=lesson,
                               **_parse(LessonUpdateInput, request.data))
        return Response(LessonOutput(_lesson(request, lesson_id)).data)

    @extend_schema(responses={204: None, **WRITE_ERRORS}, tags=TAGS)
    def delete(self, request, lesson_id: int):
        services.lesson_delete(actor=request.user,
                               lesson=lesson_get_for(request.user, lesson_id, purpose=Purpose.REGISTER))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkloadApi(APIView):
    """Per due date: how many homework and how many minutes (teachers, director)."""

    @extend_schema(parameters=[DateRangeFilter],
                   responses={200: WorkloadDayOutput(many=True), **READ_ERRORS,
                              400: error("Dates invalides")}, tags=TAGS)
    def get(self, request, classroom_id: int):
        dates = _parse(DateRangeFilter, request.query_params)
        classroom = classroom_get_for(request.user, classroom_id, purpose=Purpose.REGISTER)
        return Response(WorkloadDayOutput(workload(classroom=classroom, **dates), many=True).data)


class SchoolHomeworkSettingsApi(APIView):
    """Whether families and pupils read the cahier de textes: the school's staff read it,
    the director changes it."""

    @extend_schema(responses={200: SchoolHomeworkSettingsOutput, **READ_ERRORS}, tags=TAGS)
    def get(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        return Response(SchoolHomeworkSettingsOutput(
            school_homework_settings_get(school=school)).data)

    @extend_schema(request=SchoolHomeworkSettingsInput,
                   responses={200: SchoolHomeworkSettingsOutput, **WRITE_ERRORS}, tags=TAGS)
    def put(self, request, school_id: int):
        school = school_get_for(request.user, school_id, purpose=Purpose.STAFF)
        data = _parse(SchoolHomeworkSettingsInput, request.data)
        return Response(SchoolHomeworkSettingsOutput(services.school_homework_settings_update(
            actor=request.user, school=school, **data)).data)
