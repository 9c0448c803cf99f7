"""Live events and e-mails of the register. Sent after the commit, to recipients a selector
computed; an event is a hint (the page refetches), an e-mail a courtesy sent by a task
(``attendance.tasks``): neither can fail a write.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from preau.attendance.models import (
    Absence,
    AbsenceKind,
    AbsenceNotice,
    AbsenteeismCase,
    CaseStatus,
    JustificationStatus,
    RollCall,
)
from preau.attendance.recipients import guardian_recipients
from preau.attendance.tasks import send_absence_email
from preau.common.tasks import enqueue_many_on_commit
from preau.people.access import director_user_ids_of_classroom, staff_user_ids_of_classroom
from preau.realtime.events import LiveEvent
from preau.realtime.publish import publish_many_on_commit, publish_on_commit
from preau.schools.models import HalfDay


class AbsenceChange(models.TextChoices):
    UPDATED = "updated", _("Modifiée")
    REMOVED = "removed", _("Retirée")


class NoticeChange(models.TextChoices):
    DECLARED = "declared", _("Déclarée")
    CANCELLED = "cancelled", _("Annulée")


# --- The events (one serializer each, in the OpenAPI union) --------------------------------


class RollCallTakenEvent(LiveEvent):
    """A roll call was taken or corrected: the sheet and "calls not taken" refresh."""

    event_type = "attendance.roll_call_taken"
    roll_call_id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    school_id = serializers.IntegerField()
    date = serializers.DateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    version = serializers.IntegerField()
    corrected = serializers.BooleanField()


class AbsenceEventFields(LiveEvent):
    """The fields every absence event carries (no type of its own)."""

    absence_id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    date = serializers.DateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    absence_kind = serializers.ChoiceField(choices=AbsenceKind.choices)


class AbsenceRecordedEvent(AbsenceEventFields):
    """A child was marked absent or late (the child's guardians)."""

    event_type = "attendance.absence_recorded"


class AbsenceChangedEvent(AbsenceEventFields):
    """A correction of the roll call changed or removed a child's absence."""

    event_type = "attendance.absence_changed"
    change = serializers.ChoiceField(choices=AbsenceChange.choices)


class JustificationSubmittedEvent(AbsenceEventFields):
    """A guardian justified an absence: the director's queue grows."""

    event_type = "attendance.justification_submitted"
    justification_status = serializers.ChoiceField(choices=JustificationStatus.choices)


class JustificationReviewedEvent(AbsenceEventFields):
    """A justification was accepted or refused."""

    event_type = "attendance.justification_reviewed"
    justification_status = serializers.ChoiceField(choices=JustificationStatus.choices)


class NoticeChangedEvent(LiveEvent):
    """A guardian declared (or cancelled) an absence ahead: the sheet pre-fills anew."""

    event_type = "attendance.notice_changed"
    change = serializers.ChoiceField(choices=NoticeChange.choices)
    notice_id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class CaseOpenedEvent(LiveEvent):
    """Article L131-8: a pupil reached the threshold of unjustified half-days this month."""

    event_type = "attendance.l1318_case_opened"
    case_id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    month = serializers.CharField(help_text="Mois, AAAA-MM")
    unjustified_half_days = serializers.IntegerField()


class CaseChangedEvent(LiveEvent):
    """An L131-8 case moved on (its status or its count)."""

    event_type = "attendance.l1318_case_changed"
    case_id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    case_status = serializers.ChoiceField(choices=CaseStatus.choices)
    unjustified_half_days = serializers.IntegerField()


# The type names, for the code and the tests that look for one.
ROLL_CALL_TAKEN = RollCallTakenEvent.event_type
ABSENCE_RECORDED = AbsenceRecordedEvent.event_type
ABSENCE_CHANGED = AbsenceChangedEvent.event_type
JUSTIFICATION_SUBMITTED = JustificationSubmittedEvent.event_type
JUSTIFICATION_REVIEWED = JustificationReviewedEvent.event_type
NOTICE_CHANGED = NoticeChangedEvent.event_type
CASE_OPENED = CaseOpenedEvent.event_type
CASE_CHANGED = CaseChangedEvent.event_type


def _absence_payload(absence: Absence) -> dict:
    return {"absence_id": absence.pk, "pupil_id": absence.pupil_id,
            "date": absence.date, "half_day": absence.half_day,
            "absence_kind": absence.kind}


def roll_call_taken(*, roll_call: RollCall, corrected: bool = False,
                    user_ids: list[int] | None = None) -> None:
    """The classroom's staff and the director: the sheet and "calls not taken" refresh.
    ``user_ids``: those logins when the caller read them already."""
    classroom = roll_call.classroom
    if user_ids is None:
        user_ids = staff_user_ids_of_classroom(classroom_id=classroom.pk)
    publish_on_commit(
        event=RollCallTakenEvent.of({
            "roll_call_id": roll_call.pk, "classroom_id": classroom.pk,
            "school_id": classroom.school_id, "date": roll_call.date,
            "half_day": roll_call.half_day, "version": roll_call.version,
            "corrected": corrected}),
        user_ids=user_ids,
    )


def absences_recorded(*, absences: Iterable[Absence], changed: Iterable[Absence] = (),
                      removed: Iterable[dict] = (),
                      recipients: dict[int, list[dict]] | None = None) -> None:
    """Each pupil's guardians, told live; those who opted in also get an e-mail when the
    child is marked absent (not for a late arrival, nor for a correction). ``recipients``:
    ``guardian_recipients`` of those pupils when the caller read them already."""
    absences, changed, removed = list(absences), list(changed), list(removed)
    pupil_ids = {a.pupil_id for a in [*absences, *changed]} | {r["pupil_id"] for r in removed}
    if not pupil_ids:
        return
    if recipients is None:
        recipients = guardian_recipients(pupil_ids=pupil_ids)
    emails, live = [], []
    for absence in absences:
        guardians = recipients.get(absence.pupil_id, [])
        live.append((AbsenceRecordedEvent.of(_absence_payload(absence)),
                     [g["user_id"] for g in guardians]))
        if absence.kind == "absent":
            emails += [(absence.pk, g["user_id"])
                       for g in guardians if g["by_email"] and g["email"]]
    for absence in changed:
        live.append((AbsenceChangedEvent.of({"change": AbsenceChange.UPDATED,
                                             **_absence_payload(absence)}),
                     [g["user_id"] for g in recipients.get(absence.pupil_id, [])]))
    for row in removed:
        live.append((AbsenceChangedEvent.of({"change": AbsenceChange.REMOVED, **row}),
                     [g["user_id"] for g in recipients.get(row["pupil_id"], [])]))
    publish_many_on_commit(live)
    # One task per mail: each is retried on its own.
    enqueue_many_on_commit(send_absence_email, emails)


def justification_submitted(*, absence: Absence) -> None:
    """The director's queue grows; the other guardians see the justification too."""
    classroom = absence.roll_call.classroom
    guardians = guardian_recipients(pupil_ids=[absence.pupil_id]).get(absence.pupil_id, [])
    publish_on_commit(
        event=JustificationSubmittedEvent.of({
            **_absence_payload(absence), "justification_status": absence.justification_status}),
        user_ids=[*director_user_ids_of_classroom(classroom_id=classroom.pk), *[g["user_id"] for g in guardians]],
    )


def justification_reviewed(*, absence: Absence) -> None:
    """Accepted or refused: the guardians (who see the refusal's reason) and the staff."""
    guardians = guardian_recipients(pupil_ids=[absence.pupil_id]).get(absence.pupil_id, [])
    publish_on_commit(
        event=JustificationReviewedEvent.of({
            **_absence_payload(absence), "justification_status": absence.justification_status}),
        user_ids=[*[g["user_id"] for g in guardians],
                  *staff_user_ids_of_classroom(classroom_id=absence.roll_call.classroom_id)],
    )


def notice_changed(*, notice: AbsenceNotice, classroom_id: int, change: str) -> None:
    """A declared (or cancelled) absence: the sheet of the classroom pre-fills anew."""
    guardians = guardian_recipients(pupil_ids=[notice.pupil_id]).get(notice.pupil_id, [])
    publish_on_commit(
        event=NoticeChangedEvent.of({
            "change": change, "notice_id": notice.pk, "pupil_id": notice.pupil_id,
            "classroom_id": classroom_id, "start_date": notice.start_date,
            "end_date": notice.end_date}),
        user_ids=[*staff_user_ids_of_classroom(classroom_id=classroom_id),
                  *[g["user_id"] for g in guardians]],
    )


def case_opened(*, case: AbsenteeismCase) -> None:
    """L131-8 alert: the director of the school."""
    publish_on_commit(
        event=CaseOpenedEvent.of({
            "case_id": case.pk, "pupil_id": case.pupil_id, "classroom_id": case.classroom_id,
            "month": case.month.strftime("%Y-%m"),
            "unjustified_half_days": case.unjustified_half_days}),
        user_ids=director_user_ids_of_classroom(classroom_id=case.classroom_id),
    )


def case_changed(*, case: AbsenteeismCase) -> None:
    publish_on_commit(
        event=CaseChangedEvent.of({
            "case_id": case.pk, "pupil_id": case.pupil_id, "case_status": case.status,
            "unjustified_half_days": case.unjustified_half_days}),
        user_ids=director_user_ids_of_classroom(classroom_id=case.classroom_id),
    )
