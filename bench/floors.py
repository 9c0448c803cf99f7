"""The floors: what the framework alone costs for the same work, served by the same server.

- ``bare``: an authenticated Django view (session and user loaded, as ours) returning a
  JSON body of the requested size, built once: no query beyond authentication.
- ``homework_values`` / ``slots_values``: ``.values()`` of the same rows as the homework
  week and the timetable week of the given classrooms, as JSON; no access rule.
- ``rollcall_executemany``: the same rows as a roll call submit (the call and its
  absences) written by raw ``executemany`` in one transaction.
"""

from __future__ import annotations

import json
from datetime import date

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
