"""The floors: what the framework alone costs for the same work, served by the same server.

- ``bare``: an authenticated Django view (session and user loaded, as ours) returning a
  JSON body of the requested size, built once: no query beyond authentication.
- ``homework_values`` / ``slots_values``: ``.values()`` of the same rows as the homework
  week and the timetable week of the given classrooms, as JSON; no access rule.
- ``today_values``: ``.values()`` of the same rows as the family home page of the
  signed-in guardian (``/api/v1/today/``): the children's enrolments, the lessons of
  today and of the next weekday of their classrooms (slots and changes), the homework
  due in the coming week not done yet, the liaison notes to sign, the absences to
  justify, the unread messages count; as JSON, no access rule.
- ``rollcall_executemany``: the same rows as a roll call submit (the call and its
  absences) written by raw ``executemany`` in one transaction.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

_BODIES: dict[int, bytes] = {}


def _denied() -> JsonResponse:
    return JsonResponse({"error": {"code": "not_authenticated"}}, status=403)


def bare(request):
    if not request.user.is_authenticated:
        return _denied()
    size = min(int(request.GET.get("size", "2")), 1_000_000)
    if size not in _BODIES:
        _BODIES[size] = json.dumps({"x": "a" * max(0, size - 8)}).encode()
    return HttpResponse(_BODIES[size], content_type="application/json")


def _ids(request) -> list[int]:
    return [int(x) for x in request.GET.get("classrooms", "").split(",") if x][:10]


def homework_values(request):
    if not request.user.is_authenticated:
        return _denied()
    from preau.homework.models import Homework

    rows = list(Homework.objects.filter(
        classroom_id__in=_ids(request),
        due_date__range=(date.fromisoformat(request.GET["start"]),
                         date.fromisoformat(request.GET["end"])))
        .order_by("due_date", "pk")
        .values("id", "classroom_id", "subject", "instructions", "due_date",
                "estimated_minutes", "to_bring_back", "status", "author__first_name",
                "author__last_name"))
    return JsonResponse(rows, safe=False)


def slots_values(request):
    if not request.user.is_authenticated:
        return _denied()
    from preau.timetable.models import TimetableSlot

    rows = list(TimetableSlot.objects.filter(classroom_id__in=_ids(request))
                .order_by("classroom_id", "weekday", "start_time")
                .values("id", "classroom_id", "weekday", "start_time", "end_time", "subject",
                        "teacher__first_name", "teacher__last_name"))
    return JsonResponse(rows, safe=False)


def _next_weekday(on: date) -> date:
    following = on + timedelta(days=1)
    while following.weekday() >= 5:
        following += timedelta(days=1)
    return following


def today_values(request):
    """The rows of the family home page, one ``.values()`` query per kind of row."""
    if not request.user.is_authenticated:
        return _denied()
    from django.db.models import Exists, F, OuterRef, Q

    from preau.attendance.models import Absence
    from preau.homework.models import Homework, HomeworkDone
    from preau.messaging.models import LiaisonNoteDelivery, Message
    from preau.people.models import Enrolment, Guardianship
    from preau.timetable.models import TimetableException, TimetableSlot

    person_id = request.user.person_id
    on = timezone.localdate()
    following = _next_weekday(on)
    days = [on, following]
    children = Guardianship.objects.filter(guardian_id=person_id).values("pupil_id")
    enrolments = list(
        Enrolment.objects.filter(pupil_id__in=children, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("pupil__birth_date", "pupil__first_name", "pk")
        .values("id", "pupil_id", "pupil__first_name", "pupil__last_name", "classroom_id",
                "classroom__name", "classroom__school_id", "classroom__school__name"))
    rooms = [e["classroom_id"] for e in enrolments]
    pupils = [e["pupil_id"] for e in enrolments]
    slots = list(
        TimetableSlot.objects.filter(classroom_id__in=rooms, valid_from__lte=following,
                                     weekday__in=[d.weekday() for d in days])
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("classroom_id", "weekday", "start_time")
        .values("id", "classroom_id", "weekday", "start_time", "end_time", "subject", "room",
                "teacher_id", "teacher__first_name", "teacher__last_name"))
    changes = list(
        TimetableException.objects.filter(classroom_id__in=rooms)
        .filter(Q(date__in=days) | Q(new_date__in=days))
        .values("id", "classroom_id", "slot_id", "date", "new_date", "kind", "start_time",
                "end_time", "reason", "replacement_name", "title", "location"))
    homework = list(
        Homework.objects.filter(classroom_id__in=rooms, status="active",
                                due_date__range=(on, on + timedelta(days=7)))
        .filter(~Exists(HomeworkDone.objects.filter(homework_id=OuterRef("pk"),
                                                    pupil_id__in=pupils)))
        .order_by("due_date", "pk")
        .values("id", "classroom_id", "subject", "instructions", "due_date",
                "estimated_minutes", "to_bring_back"))
    notes = list(
        LiaisonNoteDelivery.objects.filter(guardian_id=person_id, pupil_id__in=pupils,
                                           acknowledged_at__isnull=True,
                                           note__requires_acknowledgement=True)
        .order_by("-note_id").values("pupil_id", "note_id", "note__title", "note__created_at"))
    absences = list(
        Absence.objects.filter(pupil_id__in=pupils, justification_status__in=["none", "refused"])
        .order_by("-date", "pk")
        .values("id", "pupil_id", "date", "half_day", "kind", "minutes_late",
                "justification_status"))
    unread = (Message.objects.filter(conversation__participants__user_id=request.user.pk,
                                     id__gt=F("conversation__participants__last_read_message_id"))
              .exclude(author_id=request.user.pk).count())
    return JsonResponse({"date": on, "days": days, "children": enrolments, "slots": slots,
                         "changes": changes, "homework": homework, "notes": notes,
                         "absences": absences, "unread_messages": unread})


@csrf_exempt
def rollcall_executemany(request):
    """The call and its absences, as the API would write them, in one transaction."""
    payload = json.loads(request.body)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO attendance_rollcall (classroom_id, date, half_day, taken_by_id, "
            "taken_at, updated_at, version, pupil_count) VALUES (%s, %s, %s, %s, %s, %s, 1, %s) "
            "RETURNING id",
            [payload["classroom"], payload["date"], payload["half_day"], payload["teacher"],
             now, now, payload["pupil_count"]])
        roll_call_id = cursor.fetchone()[0]
        cursor.executemany(
            "INSERT INTO attendance_absence (created_at, updated_at, roll_call_id, pupil_id, "
            "date, half_day, kind, minutes_late, justification_status, reason, comment, "
            "refusal_reason) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'none', '', '', '')",
            [(now, now, roll_call_id, mark["pupil"], payload["date"], payload["half_day"],
              mark["absence_kind"], mark.get("minutes_late")) for mark in payload["absences"]])
    return JsonResponse({"id": roll_call_id}, status=201)
