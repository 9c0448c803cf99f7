"""Reads of the timetable: occurrences computed for a date range, never stored per week.

Whatever the number of classrooms, slots, exceptions and days, a week view costs a fixed
number of queries: slots, exceptions, closures, default teachers, events — one each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone

from preau.people.access import enrolments_active_on, family_enrolments, viewer_person_id
from preau.people.models import Person, StaffAssignment, StaffRole
from preau.schools.calendar import DayOff, SchoolDay, school_days
from preau.schools.models import Classroom, HalfDay, School, SchoolClosure
from preau.timetable.access import replacements_of
from preau.timetable.models import (
    NON_TEACHING_SUBJECTS,
    ExceptionKind,
    SchoolEvent,
    Subject,
    TimetableException,
    TimetableSlot,
)

# The 24 hours a week (Code de l'éducation, art. D521-10) are the school's half-days, the
# récréations included: the arrêté of 9 November 2015 (cycles 2 and 3) and the 2015
# programme of cycle 1 count them "de manière équilibrée sur l'ensemble des domaines".
# Only the pause méridienne, between the two half-days, is outside them.
NATIONAL_WEEKLY_MINUTES = 24 * 60
OUTSIDE_TEACHING_TIME = [Subject.PAUSE_MERIDIENNE]


class Status:
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    REPLACED = "replaced"
    MOVED_AWAY = "moved_away"  # the lesson left this date (see moved_to)
    MOVED_IN = "moved_in"  # the lesson arrived on this date (see moved_from)
    EXTRA = "extra"


@dataclass
class TeacherRef:
    id: int
    first_name: str
    last_name: str

    @classmethod
    def of(cls, person: Person | None) -> TeacherRef | None:
        return cls(person.pk, person.first_name, person.last_name) if person else None


@dataclass
class Occurrence:
    classroom_id: int
    classroom_name: str
    date: date
    start_time: time
    end_time: time
    subject: str
    is_teaching: bool
    status: str
    title: str = ""
    teacher: TeacherRef | None = None
    replacement_name: str = ""
    room: str = ""
    reason: str = ""
    slot_id: int | None = None
    exception_id: int | None = None
    activity: str = ""
    moved_to: date | None = None
    moved_from: date | None = None
    moved_to_time: time | None = None

    @property
    def uid(self) -> str:
        """Stable across edits: a moved lesson keeps the UID of its original date."""
        if self.slot_id is None:
            return f"extra-{self.exception_id}@preau"
        original = self.moved_from or self.date
        return f"slot-{self.slot_id}-{original:%Y%m%d}@preau"


@dataclass
class DayView:
    day: SchoolDay
    occurrences: list[Occurrence] = field(default_factory=list)


def half_day_of(school: School, start: time) -> str:
    return HalfDay.MORNING if start < school.afternoon_start else HalfDay.AFTERNOON


# A timetable names its teachers and nothing else of them: the other columns of a person
# (birth date, address, telephone…) are left in the database (and cost nothing to build).
_NAME_ONLY = tuple(f.name for f in Person._meta.concrete_fields
                   if f.name not in {"id", "first_name", "last_name"})


def _names_only(*paths: str) -> list[str]:
    """The fields to defer so that the persons reached through ``paths`` carry their names."""
    return [f"{path}__{name}" for path in paths for name in _NAME_ONLY]


def _default_teachers(classroom_ids: Iterable[int]) -> dict[int, Person]:
    rows = (
        StaffAssignment.objects.filter(classroom_id__in=classroom_ids, role=StaffRole.TEACHER)
        .select_related("person")
        .only("classroom_id", "person", "person__first_name", "person__last_name")
        .order_by("classroom_id", "created_at", "pk")
    )
    teachers: dict[int, Person] = {}
    for assignment in rows:
        teachers.setdefault(assignment.classroom_id, assignment.person)
    return teachers


def classroom_weeks(
    *, classrooms: list[Classroom], start: date, end: date
) -> dict[int, list[DayView]]:
    """For each classroom, each date of ``[start, end]`` with its occurrences."""
    ids = [classroom.pk for classroom in classrooms]
    slots = list(
        TimetableSlot.objects.filter(classroom_id__in=ids, valid_from__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .select_related("teacher")
        .defer(*_names_only("teacher"))
    )
    exceptions = list(
        TimetableException.objects.filter(classroom_id__in=ids)
        .filter(Q(date__range=(start, end)) | Q(new_date__range=(start, end)))
        .select_related("replacement_teacher", "slot__teacher")
        .defer(*_names_only("replacement_teacher", "slot__teacher"))
    )
    closures = defaultdict(list)
    school_ids = {classroom.school_id for classroom in classrooms}
    for closure in SchoolClosure.objects.filter(
        school_id__in=school_ids, start_date__lte=end, end_date__gte=start
    ):
        closures[closure.school_id].append(closure)
    teachers = _default_teachers(ids)

    slots_by_classroom: dict[int, list[TimetableSlot]] = defaultdict(list)
    for slot in slots:
        slots_by_classroom[slot.classroom_id].append(slot)
    exceptions_by_occurrence = {(e.slot_id, e.date): e for e in exceptions if e.slot_id}

    result: dict[int, list[DayView]] = {}
    for classroom in classrooms:
        school = classroom.school
        days = school_days(school=school, start=start, end=end,
                           closures=closures.get(school.pk, []))
        views = {d.date: DayView(d) for d in days}
        default_teacher = teachers.get(classroom.pk)
        for view in views.values():
            if not view.day.is_school_day:
                continue
            weekday = view.day.date.weekday()
            for slot in slots_by_classroom.get(classroom.pk, []):
                if slot.weekday != weekday or not _slot_valid_on(slot, view.day.date):
                    continue
                if half_day_of(school, slot.start_time) not in view.day.half_days:
                    continue
                occurrence = _occurrence_of(slot, classroom, view.day.date,
                                            slot.teacher or default_teacher)
                exception = exceptions_by_occurrence.get((slot.pk, view.day.date))
                if exception is not None:
                    _apply(occurrence, exception)
                view.occurrences.append(occurrence)
        for exception in exceptions:
            if exception.classroom_id != classroom.pk:
                continue
            if exception.kind == ExceptionKind.MOVED and exception.new_date in views:
                slot = exception.slot
                moved = _occurrence_of(slot, classroom, exception.new_date,
                                       slot.teacher or default_teacher)
                moved.start_time, moved.end_time = exception.start_time, exception.end_time
                moved.status, moved.moved_from = Status.MOVED_IN, exception.date
                moved.exception_id, moved.reason = exception.pk, exception.reason
                views[exception.new_date].occurrences.append(moved)
            elif exception.kind == ExceptionKind.EXTRA and exception.date in views:
                views[exception.date].occurrences.append(
                    Occurrence(
                        classroom_id=classroom.pk, classroom_name=classroom.name,
                        date=exception.date,
                        start_time=exception.start_time, end_time=exception.end_time,
                        subject="", is_teaching=True, status=Status.EXTRA,
                        title=exception.title, room=exception.location,
                        reason=exception.reason, exception_id=exception.pk,
                        activity=exception.activity,
                        teacher=TeacherRef.of(default_teacher),
                    )
                )
        for view in views.values():
            view.occurrences.sort(key=lambda o: (o.start_time, o.status))
        result[classroom.pk] = [views[d.date] for d in days]
    return result


def _slot_valid_on(slot: TimetableSlot, on: date) -> bool:
    return slot.valid_from <= on and (slot.valid_until is None or on <= slot.valid_until)


def _occurrence_of(slot: TimetableSlot, classroom: Classroom, on: date,
                   teacher: Person | None) -> Occurrence:
    return Occurrence(
        classroom_id=slot.classroom_id, classroom_name=classroom.name, date=on, start_time=slot.start_time,
        end_time=slot.end_time, subject=slot.subject,
        is_teaching=slot.subject not in NON_TEACHING_SUBJECTS,
        status=Status.SCHEDULED, teacher=TeacherRef.of(teacher), room=slot.room,
        slot_id=slot.pk,
    )


def _apply(occurrence: Occurrence, exception: TimetableException) -> None:
    occurrence.exception_id = exception.pk
    occurrence.reason = exception.reason
    if exception.kind == ExceptionKind.CANCELLED:
        occurrence.status = Status.CANCELLED
    elif exception.kind == ExceptionKind.REPLACED:
        occurrence.status = Status.REPLACED
        occurrence.teacher = TeacherRef.of(exception.replacement_teacher)
        occurrence.replacement_name = exception.replacement_name
    elif exception.kind == ExceptionKind.MOVED:
        occurrence.status = Status.MOVED_AWAY
        occurrence.moved_to = exception.new_date
        occurrence.moved_to_time = exception.start_time


def events_for(*, classrooms: list[Classroom], start: date, end: date) -> QuerySet[SchoolEvent]:
    """School-wide events of their schools and events of these classrooms, in the range."""
    tz = timezone.get_current_timezone()
    range_start = datetime.combine(start, time.min, tzinfo=tz)
    range_end = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    return SchoolEvent.objects.filter(
        Q(classroom__isnull=True, school_id__in={c.school_id for c in classrooms})
        | Q(classroom_id__in=[c.pk for c in classrooms]),
        starts_at__lt=range_end, ends_at__gt=range_start,
    ).order_by("starts_at", "pk")


def pupils_with_classroom(
    *, pupils: list[Person], on: date
) -> list[tuple[Person, Classroom | None]]:
    enrolments = {
        e.pupil_id: e.classroom
        for e in enrolments_active_on(on)
        .filter(pupil__in=pupils)
        .select_related("classroom__school__circonscription__departement",
                        "classroom__school_year")
    }
    return [(pupil, enrolments.get(pupil.pk)) for pupil in pupils]


def children_of_viewer(*, viewer) -> list[Person]:
    """The viewer's children, or the viewer as a pupil."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return []
    return list(
        Person.objects.filter(
            pk__in=family_enrolments(person_id=person_id, on=timezone.localdate())
            .values("pupil_id"))
        .order_by("birth_date", "first_name", "pk")
    )


def teacher_classrooms(*, viewer) -> list[Classroom]:
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return []
    today = timezone.localdate()
    return list(
        Classroom.objects.filter(
            assignments__person_id=person_id, assignments__role=StaffRole.TEACHER,
            school_year__start_date__lte=today, school_year__end_date__gte=today,
        )
        .select_related("school__circonscription__departement", "school_year")
        .distinct()
    )


def teacher_day(*, viewer, on: date) -> tuple[list[Occurrence], DayOff | None]:
    """What the viewer teaches on a date, across classrooms, replacements included; and,
    when the viewer's school holds no class that day, why."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return [], None
    replaced_in = replacements_of(person_id=person_id, on=on).values("classroom_id")
    classrooms = list(
        Classroom.objects.filter(
            Q(pk__in=[c.pk for c in teacher_classrooms(viewer=viewer)])
            | Q(pk__in=replaced_in)
            | Q(slots__teacher_id=person_id)
        )
        .select_related("school__circonscription__departement", "school_year")
        .distinct()
    )
    weeks = classroom_weeks(classrooms=classrooms, start=on, end=on)
    mine = []
    off = None
    for days in weeks.values():
        off = off or days[0].day.off
        for occurrence in days[0].occurrences:
            if occurrence.teacher and occurrence.teacher.id == person_id:
                mine.append(occurrence)
    return sorted(mine, key=lambda o: (o.start_time, o.classroom_id)), (None if mine else off)


def slots_of(*, classroom: Classroom) -> QuerySet[TimetableSlot]:
    return TimetableSlot.objects.filter(classroom=classroom).select_related("teacher").order_by(
        "weekday", "start_time", "pk"
    )


def exceptions_of(*, classroom: Classroom, start: date, end: date) -> QuerySet[TimetableException]:
    return (
        TimetableException.objects.filter(classroom=classroom)
        .filter(Q(date__range=(start, end)) | Q(new_date__range=(start, end)))
        .select_related("replacement_teacher", "slot")
        .order_by("date", "start_time", "pk")
    )


def closures_of(*, school: School) -> QuerySet[SchoolClosure]:
    return SchoolClosure.objects.filter(school=school).order_by("start_date", "pk")


def weekly_teaching_minutes(*, classroom_ids: Iterable[int], on: date) -> dict[int, int]:
    """Per classroom, the weekly teaching time of the timetable valid on ``on``, in minutes,
    as the texts count it: every slot of the school's half-days, récréations included; the
    pause méridienne (its subject, or a slot lying between the morning's end and the
    afternoon's start) left out. One query; a classroom without slots is absent."""
    duration = ExpressionWrapper(F("end_time") - F("start_time"), output_field=DurationField())
    totals = (TimetableSlot.objects
              .filter(classroom_id__in=list(classroom_ids), valid_from__lte=on)
              .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
              .exclude(subject__in=OUTSIDE_TEACHING_TIME)
              .exclude(start_time__gte=F("classroom__school__morning_end"),
                       end_time__lte=F("classroom__school__afternoon_start"))
              .values("classroom_id").annotate(total=Sum(duration)).order_by()
              .values_list("classroom_id", "total"))
    return {classroom_id: _minutes(total) for classroom_id, total in totals}


def _minutes(total) -> int:
    """A sum of durations: a ``timedelta``, or microseconds on databases without an
    interval type."""
    if isinstance(total, timedelta):
        return int(total.total_seconds() // 60)
    return int((total or 0) // 60_000_000)
