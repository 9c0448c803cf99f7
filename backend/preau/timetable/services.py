"""Writes on the timetable, the closures, the agenda and the iCal feeds."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.people.models import Person, StaffAssignment
from preau.schools.calendar import (
    refuse_unless_calendar_known,
    school_days,
    week_pattern_half_days,
)
from preau.schools.models import Classroom, School, SchoolClosure
from preau.timetable import events
from preau.timetable.models import (
    CalendarFeed,
    ExceptionKind,
    SchoolEvent,
    TimetableException,
    TimetableSlot,
)
from preau.timetable.permissions import (
    can_edit_classroom_slots,
    can_edit_classroom_timetable,
    can_edit_school_timetable,
)
from preau.timetable.selectors import half_day_of

FORBIDDEN = "Vous ne pouvez pas modifier l'emploi du temps de cette classe."
WEEKDAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _refuse(message: str, field: str, detail: str | None = None) -> ApplicationError:
    return ApplicationError(message, fields={field: [detail or message]})


def _check_within_school_hours(school: School, start: time, end: time, field: str) -> None:
    if start >= end:
        raise _refuse("L'heure de fin doit suivre l'heure de début.", "end_time")
    if start < school.morning_start or end > school.afternoon_end:
        raise _refuse(
            f"Les horaires de l'école vont de {school.morning_start:%H:%M} à "
            f"{school.afternoon_end:%H:%M}.", field,
        )


def _check_teacher(school: School, teacher: Person | None, field: str = "teacher") -> None:
    if teacher is None:
        return
    today = timezone.localdate()
    if not StaffAssignment.objects.filter(
        person=teacher, school=school,
        school_year__start_date__lte=today, school_year__end_date__gte=today,
    ).exists():
        raise _refuse("Cette personne n'est pas affectée à l'école.", field)


# --- Slots -----------------------------------------------------------------------------


def _check_slot(*, classroom: Classroom, weekday: int, start_time: time, end_time: time,
                valid_from: date, valid_until: date | None, exclude_pk: int | None) -> None:
    school = classroom.school
    half_days = week_pattern_half_days(school, weekday)
    if not half_days:
        raise _refuse(f"L'école n'a pas classe le {WEEKDAY_NAMES[weekday]}.", "weekday")
    _check_within_school_hours(school, start_time, end_time, "start_time")
    if half_day_of(school, start_time) not in half_days:
        raise _refuse(f"L'école n'a pas classe le {WEEKDAY_NAMES[weekday]} après-midi.",
                      "start_time")
    if valid_until is not None and valid_until < valid_from:
        raise _refuse("La fin de validité précède son début.", "valid_until")
    year = classroom.school_year
    if not (year.start_date <= valid_from <= year.end_date):
        raise _refuse(f"La validité doit commencer dans l'année {year.label}.", "valid_from")
    overlapping = TimetableSlot.objects.filter(
        classroom=classroom, weekday=weekday, start_time__lt=end_time, end_time__gt=start_time,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
    if valid_until is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_until)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if overlapping.exists():
        raise _refuse("Ce créneau chevauche un autre créneau de la classe.", "start_time")


@transaction.atomic
def slot_create(*, actor, classroom: Classroom, weekday: int, start_time: time, end_time: time,
                subject: str, teacher: Person | None = None, room: str = "",
                valid_from: date | None = None, valid_until: date | None = None
                ) -> TimetableSlot:
    if not can_edit_classroom_slots(actor=actor, classroom=classroom):
        raise PermissionDeniedError(FORBIDDEN)
    valid_from = valid_from or classroom.school_year.start_date
    _check_slot(classroom=classroom, weekday=weekday, start_time=start_time, end_time=end_time,
                valid_from=valid_from, valid_until=valid_until, exclude_pk=None)
    _check_teacher(classroom.school, teacher)
    slot = TimetableSlot.objects.create(
        classroom=classroom, weekday=weekday, start_time=start_time, end_time=end_time,
        subject=subject, teacher=teacher, room=room, valid_from=valid_from,
        valid_until=valid_until,
    )
    events.plan_changed(classroom_id=classroom.pk)
    return slot


SLOT_FIELDS = {"weekday", "start_time", "end_time", "subject", "teacher", "room",
               "valid_from", "valid_until"}


@transaction.atomic
def slot_update(*, actor, slot: TimetableSlot, **changes) -> TimetableSlot:
    if not can_edit_classroom_slots(actor=actor, classroom=slot.classroom):
        raise PermissionDeniedError(FORBIDDEN)
    unknown = set(changes) - SLOT_FIELDS
    if unknown:
        raise _refuse("Champ non modifiable.", sorted(unknown)[0])
    slot = TimetableSlot.objects.select_for_update().get(pk=slot.pk)
    for name, value in changes.items():
        setattr(slot, name, value)
    _check_slot(classroom=slot.classroom, weekday=slot.weekday, start_time=slot.start_time,
                end_time=slot.end_time, valid_from=slot.valid_from,
                valid_until=slot.valid_until, exclude_pk=slot.pk)
    _check_teacher(slot.classroom.school, slot.teacher)
    slot.save(update_fields=[*changes, "updated_at"])
    events.plan_changed(classroom_id=slot.classroom_id)
    return slot


@transaction.atomic
def slot_delete(*, actor, slot: TimetableSlot) -> None:
    if not can_edit_classroom_slots(actor=actor, classroom=slot.classroom):
        raise PermissionDeniedError(FORBIDDEN)
    classroom_id = slot.classroom_id
    slot.delete()
    events.plan_changed(classroom_id=classroom_id)


# --- Exceptions ------------------------------------------------------------------------


def _school_day(school: School, on: date):
    (day,) = school_days(school=school, start=on, end=on)
    return day


def _check_in_school_year(classroom: Classroom, on: date, field: str) -> None:
    year = classroom.school_year
    if not (year.start_date <= on <= year.end_date):
        raise _refuse(f"Le {on:%d/%m/%Y} n'est pas dans l'année scolaire {year.label} de la "
                      "classe.", field)


def _check_occurs(slot: TimetableSlot, on: date) -> None:
    school = slot.classroom.school
    day = _school_day(school, on)
    refuse_unless_calendar_known(school=school, days=[day], field="date")
    if slot.weekday != on.weekday() or not (
        slot.valid_from <= on and (slot.valid_until is None or on <= slot.valid_until)
    ):
        raise _refuse("Ce créneau n'a pas lieu ce jour-là.", "date")
    if half_day_of(school, slot.start_time) not in day.half_days:
        label = day.off.label if day.off else "pas de classe"
        raise _refuse(f"Pas de classe ce jour-là ({label}).", "date")


def _check_class_time(school: School, on: date, start: time, end: time, date_field: str) -> None:
    day = _school_day(school, on)
    refuse_unless_calendar_known(school=school, days=[day], field=date_field)
    if not day.is_school_day:
        raise _refuse(f"Pas de classe le {on:%d/%m/%Y} ({day.off.label}).", date_field)
    _check_within_school_hours(school, start, end, "start_time")
    if half_day_of(school, start) not in day.half_days:
        raise _refuse("Pas de classe à cette demi-journée.", "start_time")


def _validate_exception(exception: TimetableException) -> None:
    classroom = exception.classroom
    school = classroom.school
    kind = exception.kind
    _check_in_school_year(classroom, exception.date, "date")
    if kind == ExceptionKind.MOVED and exception.new_date is not None:
        _check_in_school_year(classroom, exception.new_date, "new_date")
    if kind == ExceptionKind.EXTRA:
        if exception.slot_id is not None:
            raise _refuse("Une activité exceptionnelle ne remplace pas un créneau.", "slot")
        if not exception.title:
            raise _refuse("Donnez un titre à l'activité.", "title")
        if exception.start_time is None or exception.end_time is None:
            raise _refuse("Indiquez l'heure de début et de fin.", "start_time")
        _check_class_time(school, exception.date, exception.start_time, exception.end_time,
                          "date")
        return
    if exception.slot_id is None:
        raise _refuse("Choisissez le créneau concerné.", "slot")
    if exception.slot.classroom_id != classroom.pk:
        raise _refuse("Ce créneau n'appartient pas à la classe.", "slot")
    _check_occurs(exception.slot, exception.date)
    if kind == ExceptionKind.REPLACED:
        if exception.replacement_teacher is None and not exception.replacement_name:
            raise _refuse("Indiquez le ou la remplaçant·e.", "replacement_teacher")
        _check_teacher(school, exception.replacement_teacher, "replacement_teacher")
    if kind == ExceptionKind.MOVED:
        if exception.new_date is None:
            raise _refuse("Indiquez la nouvelle date.", "new_date")
        if exception.start_time is None or exception.end_time is None:
            raise _refuse("Indiquez la nouvelle heure.", "start_time")
        _check_class_time(school, exception.new_date, exception.start_time,
                          exception.end_time, "new_date")


def _save_exception(exception: TimetableException, update_fields: list[str] | None) -> None:
    try:
        with transaction.atomic():
            exception.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ApplicationError(
            "Ce cours a déjà une modification ce jour-là : modifiez-la plutôt.",
            code="conflict", fields={"date": ["Une modification existe déjà."]}, status_code=409,
        ) from error


@transaction.atomic
def exception_create(*, actor, classroom: Classroom, kind: str, date: date,
                     slot: TimetableSlot | None = None, **details) -> TimetableException:
    if not can_edit_classroom_timetable(actor=actor, classroom=classroom):
        raise PermissionDeniedError(FORBIDDEN)
    exception = TimetableException(classroom=classroom, kind=kind, date=date, slot=slot,
                                   created_by=actor, **details)
    _validate_exception(exception)
    _save_exception(exception, None)
    events.timetable_changed(classroom_id=classroom.pk, dates=[date, exception.new_date])
    return exception


EXCEPTION_FIELDS = {"reason", "replacement_teacher", "replacement_name", "new_date",
                    "start_time", "end_time", "activity", "title", "location"}


@transaction.atomic
def exception_update(*, actor, exception: TimetableException, **changes) -> TimetableException:
    if not can_edit_classroom_timetable(actor=actor, classroom=exception.classroom):
        raise PermissionDeniedError(FORBIDDEN)
    unknown = set(changes) - EXCEPTION_FIELDS
    if unknown:
        raise _refuse("Champ non modifiable.", sorted(unknown)[0])
    exception = (TimetableException.objects.select_for_update(of=("self",))
                 .select_related("classroom__school", "slot").get(pk=exception.pk))
    before = exception.new_date
    for name, value in changes.items():
        setattr(exception, name, value)
    _validate_exception(exception)
    _save_exception(exception, [*changes, "updated_at"])
    events.timetable_changed(classroom_id=exception.classroom_id,
                             dates=[exception.date, before, exception.new_date])
    return exception


@transaction.atomic
def exception_delete(*, actor, exception: TimetableException) -> None:
    if not can_edit_classroom_timetable(actor=actor, classroom=exception.classroom):
        raise PermissionDeniedError(FORBIDDEN)
    dates = [exception.date, exception.new_date]
    classroom_id = exception.classroom_id
    exception.delete()
    events.timetable_changed(classroom_id=classroom_id, dates=dates)


# --- Closures and events ---------------------------------------------------------------


@transaction.atomic
def closure_create(*, actor, school: School, start_date: date, end_date: date, reason: str,
                   half_day: str = "") -> SchoolClosure:
    if not can_edit_school_timetable(actor=actor, school=school):
        raise PermissionDeniedError("Seule la direction de l'école enregistre une fermeture.")
    if end_date < start_date:
        raise _refuse("La fin de la fermeture précède son début.", "end_date")
    if half_day and start_date != end_date:
        raise _refuse("Une fermeture d'une demi-journée tient sur un seul jour.", "half_day")
    if (end_date - start_date).days > 366:
        raise _refuse("Une fermeture dure au plus un an.", "end_date")
    closure = SchoolClosure.objects.create(school=school, start_date=start_date,
                                           end_date=end_date, reason=reason, half_day=half_day)
    for classroom_id in school.classrooms.values_list("pk", flat=True):
        events.timetable_changed(classroom_id=classroom_id, dates=_dates(start_date, end_date))
    return closure


def _dates(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@transaction.atomic
def closure_delete(*, actor, closure: SchoolClosure) -> None:
    if not can_edit_school_timetable(actor=actor, school=closure.school):
        raise PermissionDeniedError("Seule la direction de l'école supprime une fermeture.")
    school, dates = closure.school, _dates(closure.start_date, closure.end_date)
    closure.delete()
    for classroom_id in school.classrooms.values_list("pk", flat=True):
        events.timetable_changed(classroom_id=classroom_id, dates=dates)


def _check_event_rights(actor, school: School, classroom: Classroom | None) -> None:
    if classroom is not None:
        if classroom.school_id != school.pk:
            raise _refuse("Cette classe n'est pas de l'école.", "classroom")
        allowed = can_edit_classroom_timetable(actor=actor, classroom=classroom)
    else:
        allowed = can_edit_school_timetable(actor=actor, school=school)
    if not allowed:
        raise PermissionDeniedError("Vous ne pouvez pas modifier l'agenda de l'école.")


def _agenda_changed(event: SchoolEvent) -> None:
    classroom_ids = ([event.classroom_id] if event.classroom_id
                     else list(event.school.classrooms.values_list("pk", flat=True)))
    events.agenda_changed(school_id=event.school_id, classroom_ids=classroom_ids)


@transaction.atomic
def event_create(*, actor, school: School, kind: str, title: str, starts_at: datetime,
                 ends_at: datetime, classroom: Classroom | None = None, description: str = "",
                 location: str = "") -> SchoolEvent:
    _check_event_rights(actor, school, classroom)
    if ends_at <= starts_at:
        raise _refuse("La fin de l'événement doit suivre son début.", "ends_at")
    event = SchoolEvent.objects.create(
        school=school, classroom=classroom, kind=kind, title=title, starts_at=starts_at,
        ends_at=ends_at, description=description, location=location, created_by=actor,
    )
    _agenda_changed(event)
    return event


EVENT_FIELDS = {"kind", "title", "starts_at", "ends_at", "description", "location"}


@transaction.atomic
def event_update(*, actor, event: SchoolEvent, **changes) -> SchoolEvent:
    _check_event_rights(actor, event.school, event.classroom)
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise _refuse("Champ non modifiable.", sorted(unknown)[0])
    event = SchoolEvent.objects.select_for_update().select_related("school").get(pk=event.pk)
    for name, value in changes.items():
        setattr(event, name, value)
    if event.ends_at <= event.starts_at:
        raise _refuse("La fin de l'événement doit suivre son début.", "ends_at")
    event.save(update_fields=[*changes, "updated_at"])
    _agenda_changed(event)
    return event


@transaction.atomic
def event_delete(*, actor, event: SchoolEvent) -> None:
    _check_event_rights(actor, event.school, event.classroom)
    _agenda_changed(event)
    event.delete()


# --- iCal feeds ------------------------------------------------------------------------

MAX_FEEDS_PER_USER = 10


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, actor, label: str = "") -> tuple[CalendarFeed, str]:
    """A new secret feed URL token (256 bits). Only its hash is kept: shown once."""
    if CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).count() >= (
        MAX_FEEDS_PER_USER
    ):
        raise _refuse(f"Au plus {MAX_FEEDS_PER_USER} abonnements actifs : révoquez-en un.",
                      "label")
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=actor, label=label, token_hash=feed_token_hash(token))
    return feed, token


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> CalendarFeed:
    if feed.user_id != actor.pk:
        raise PermissionDeniedError("Cet abonnement n'est pas le vôtre.")
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    return feed


def feed_touch(*, feed: CalendarFeed) -> None:
    """Remember when a feed was last fetched (at most one write an hour)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
