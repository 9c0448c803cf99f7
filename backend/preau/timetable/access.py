"""Access to the timetable's objects: slots, exceptions, closures, agenda events, feeds.

The timetable is for the school's own people (staff and families), not for the authorities:
every rule here starts from ``classrooms_visible_to(viewer, purpose=Purpose.TIMETABLE)``
(``preau.people.access``). Gates raise the same 404 for "missing" and "not yours".
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from preau.common.errors import NotFoundError
from preau.people.access import Purpose, classrooms_visible_to
from preau.schools.models import SchoolClosure
from preau.timetable.models import (
    CalendarFeed,
    ExceptionKind,
    SchoolEvent,
    TimetableException,
    TimetableSlot,
)


def _timetable_only(purpose: Purpose, kind: str) -> None:
    if purpose != Purpose.TIMETABLE:
        raise ValueError(f"No {kind} access for {purpose!r}.")


def replacements_of(*, person_id: int, on: date | None = None) -> QuerySet[TimetableException]:
    """The days (``on`` only, when given) the timetable puts the person in a classroom as a
    replacement teacher: the rule the roll call's "replacing that day" is made of."""
    replacing = TimetableException.objects.filter(kind=ExceptionKind.REPLACED,
                                                  replacement_teacher_id=person_id)
    return replacing if on is None else replacing.filter(date=on)


def slots_visible_to(viewer, *, purpose: Purpose) -> QuerySet[TimetableSlot]:
    _timetable_only(purpose, "slot")
    return TimetableSlot.objects.filter(
        classroom__in=classrooms_visible_to(viewer, purpose=purpose))


def slot_get_for(viewer, slot_id: int, *, purpose: Purpose) -> TimetableSlot:
    slot = (slots_visible_to(viewer, purpose=purpose).filter(pk=slot_id)
            .select_related("classroom__school", "classroom__school_year", "teacher").first())
    if slot is None:
        raise NotFoundError("Créneau introuvable.")
    return slot


def exceptions_visible_to(viewer, *, purpose: Purpose) -> QuerySet[TimetableException]:
    _timetable_only(purpose, "exception")
    return TimetableException.objects.filter(
        classroom__in=classrooms_visible_to(viewer, purpose=purpose))


def exception_get_for(viewer, exception_id: int, *, purpose: Purpose) -> TimetableException:
    exception = (exceptions_visible_to(viewer, purpose=purpose).filter(pk=exception_id)
                 .select_related("classroom__school", "classroom__school_year", "slot",
                                 "replacement_teacher").first())
    if exception is None:
        raise NotFoundError("Modification introuvable.")
    return exception


def closures_visible_to(viewer, *, purpose: Purpose) -> QuerySet[SchoolClosure]:
    _timetable_only(purpose, "closure")
    return SchoolClosure.objects.filter(school_id__in=classrooms_visible_to(
        viewer, purpose=purpose).values("school_id"))


def closure_get_for(viewer, closure_id: int, *, purpose: Purpose) -> SchoolClosure:
    closure = (closures_visible_to(viewer, purpose=purpose).filter(pk=closure_id)
               .select_related("school").first())
    if closure is None:
        raise NotFoundError("Fermeture introuvable.")
    return closure


def events_visible_to(viewer, *, purpose: Purpose) -> QuerySet[SchoolEvent]:
    """The school-wide events of the schools of one's classrooms, and their own events."""
    _timetable_only(purpose, "event")
    classrooms = classrooms_visible_to(viewer, purpose=purpose)
    return SchoolEvent.objects.filter(
        Q(classroom__isnull=True, school_id__in=classrooms.values("school_id"))
        | Q(classroom_id__in=classrooms.values("pk")))


def event_get_for(viewer, event_id: int, *, purpose: Purpose) -> SchoolEvent:
    event = (events_visible_to(viewer, purpose=purpose).filter(pk=event_id)
             .select_related("school", "classroom").first())
    if event is None:
        raise NotFoundError("Événement introuvable.")
    return event


def feeds_visible_to(viewer, *, purpose: Purpose) -> QuerySet[CalendarFeed]:
    """One's own calendar feeds that still work (whoever reads the secret URL needs none)."""
    _timetable_only(purpose, "feed")
    if not getattr(viewer, "is_authenticated", False):
        return CalendarFeed.objects.none()
    return CalendarFeed.objects.filter(user=viewer, revoked_at__isnull=True)


def feed_get_for(viewer, feed_id: int, *, purpose: Purpose) -> CalendarFeed:
    feed = feeds_visible_to(viewer, purpose=purpose).filter(pk=feed_id).first()
    if feed is None:
        raise NotFoundError("Abonnement introuvable.")
    return feed
