"""The home page of each role: what a user needs at 7:30, in one request.

Every read goes through the domain apps' selectors and access modules (``*_visible_to``,
``homework_for_children``, ``teacher_day``, ``roll_calls_not_taken``…): this module adds
no access rule of its own, it only picks, for each role the viewer holds, the few rows
the home page shows. Each section costs a fixed number of queries whatever the number of
children, classrooms, lessons or notes (tests/today/test_today.py counts them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from preau.attendance.access import (
    absences_visible_to,
    children_absences_visible_to,
    roll_call_classrooms_visible_to,
)
from preau.attendance.dates import current_half_day
from preau.attendance.models import (
    CaseStatus,
    JustificationStatus,
    RegisterSignOff,
    RollCall,
)
from preau.attendance.registers import NotTaken, roll_calls_not_taken
from preau.attendance.selectors import case_list
from preau.authority.selectors import week_summary
from preau.homework.access import lessons_visible_to
from preau.homework.models import HomeworkStatus
from preau.homework.selectors import homework_for_children, homework_to_do
from preau.messaging.access import conversations_visible_to
from preau.messaging.models import Message
from preau.messaging.permissions import pupils_may_write
from preau.messaging.selectors import (
    display_name,
    liaison_note_list,
    liaison_notes_to_sign,
    unread_message_count,
)
from preau.people.access import (
    CLASSROOM_RELATED,
    Purpose,
    children_ids,
    classrooms_visible_to,
    enrolments_active_on,
    schools_visible_to,
    viewer_person_id,
)
from preau.people.selectors import viewer_roles
from preau.schools.calendar import DayOff
from preau.schools.models import Classroom, School
from preau.timetable.selectors import (
    DayView,
    Occurrence,
    classroom_weeks,
    teacher_classrooms,
    teacher_day,
)

# How far ahead the home page looks for the next school day (two weeks of holidays and
# the weekend around them) and for homework not done yet.
LOOKAHEAD_DAYS = 17
HOMEWORK_DAYS = 7
# Short lists: the home page shows the first few and links to the full page.
LIST_LIMIT = 10
# Absences a guardian can still justify (accepted ones are done; pending ones wait for the
# director).
TO_JUSTIFY = (JustificationStatus.NONE, JustificationStatus.REFUSED)


@dataclass
class Day:
    """One day of a classroom: its lessons, or why there is no class."""

    date: date
    is_school_day: bool
    off: DayOff | None
    lessons: list[Occurrence] = field(default_factory=list)


def _day(view: DayView) -> Day:
    return Day(view.day.date, view.day.is_school_day, view.day.off, view.occurrences)


def _today_and_next(views: list[DayView], on: date) -> tuple[Day | None, Day | None]:
    """The day ``on`` and the next school day after it (None when none is near)."""
    today = next((_day(view) for view in views if view.day.date == on), None)
    following = next((_day(view) for view in views
                      if view.day.date > on and view.day.is_school_day), None)
    return today, following


def _homework_by_pupil(*, viewer, on: date) -> dict[int, list]:
    """The homework each child (or the pupil) has not done yet, due from ``on`` on."""
    rows = homework_for_children(viewer=viewer, start=on, end=on + timedelta(days=HOMEWORK_DAYS))
    return {
        row["pupil"].pk: [item["homework"] for item in row["items"]
                          if not item["done"] and item["homework"].status == HomeworkStatus.ACTIVE]
        for row in rows
    }


def _weeks_of(classrooms: list[Classroom], on: date) -> dict[int, list[DayView]]:
    if not classrooms:
        return {}
    return classroom_weeks(classrooms=classrooms, start=on,
                           end=on + timedelta(days=LOOKAHEAD_DAYS))


# --- Guardian -------------------------------------------------------------------------------


def guardian_today(*, viewer, person_id: int, on: date) -> dict:
    """Per child: today's and the next school day's lessons (with the changes), homework not
    done, liaison notes to sign, absences to justify."""
    enrolments = list(
        enrolments_active_on(on).filter(pupil_id__in=children_ids(person_id=person_id))
        # What the page reads of a classroom: its school, with its département for the
        # calendar (holidays, bank holidays); not the school year.
        .select_related("pupil", "classroom__school__circonscription__departement")
        .order_by("pupil__birth_date", "pupil__first_name", "pk"))
    classrooms = list({e.classroom_id: e.classroom for e in enrolments}.values())
    weeks = _weeks_of(classrooms, on)
    homework = homework_to_do(viewer=viewer, enrolments=enrolments, start=on,
                              end=on + timedelta(days=HOMEWORK_DAYS))
    notes = liaison_notes_to_sign(viewer=viewer, pupil_ids=[e.pupil_id for e in enrolments])
    # Only the children's arm of the rule, and no details: with either, PostgreSQL planned
    # the read over the département's absences (seconds; docs/benchmarks.md, scenario 8).
    absences = list(
        children_absences_visible_to(viewer, purpose=Purpose.READ)
        .filter(justification_status__in=TO_JUSTIFY)
        .only("id", "pupil_id", "date", "half_day", "kind", "minutes_late", "justification_status")
        # Listed per child: the pupil's name, which ordered the family's list, is one.
        .order_by("-date", "half_day", "pk"))
    children = []
    for enrolment in enrolments:
        pupil_id = enrolment.pupil_id
        today, following = _today_and_next(weeks.get(enrolment.classroom_id, []), on)
        children.append({
            "pupil": enrolment.pupil,
            "classroom": enrolment.classroom,
            "today": today,
            "next_day": following,
            "homework": homework.get(pupil_id, [])[:LIST_LIMIT],
            "notes_to_sign": notes.get(pupil_id, [])[:LIST_LIMIT],
            "absences_to_justify": [a for a in absences if a.pupil_id == pupil_id],
        })
    return {"children": children}


# --- Pupil ----------------------------------------------------------------------------------


def pupil_today(*, viewer, person_id: int, on: date) -> dict:
    """The day of the pupil's classroom, the homework to do, the last message received."""
    enrolment = (enrolments_active_on(on).filter(pupil_id=person_id)
                 .select_related(*[f"classroom__{r}" for r in CLASSROOM_RELATED]).first())
    today = following = None
    may_write = False
    if enrolment is not None:
        weeks = _weeks_of([enrolment.classroom], on)
        today, following = _today_and_next(weeks.get(enrolment.classroom_id, []), on)
        may_write = pupils_may_write(school_id=enrolment.classroom.school_id)
    homework = _homework_by_pupil(viewer=viewer, on=on).get(person_id, [])
    last = (Message.objects
            .filter(conversation__in=conversations_visible_to(viewer, purpose=Purpose.READ))
            .exclude(author_id=viewer.pk).select_related("author__person")
            .order_by("-created_at", "-pk").first())
    return {
        "classroom": enrolment.classroom if enrolment else None,
        "today": today,
        "next_day": following,
        "homework": homework[:LIST_LIMIT],
        "last_message": None if last is None else {
            "conversation_id": last.conversation_id, "author_name": display_name(last.author),
            "body_html": last.body_html, "created_at": last.created_at},
        "may_write_messages": may_write,
    }


# --- Teacher --------------------------------------------------------------------------------


def _calls_now(*, schools: list[School], on: date) -> list[NotTaken]:
    """Per school, the call of its current half-day and the classrooms that have not taken
    it. One ``roll_calls_not_taken`` per half-day in progress (two at most)."""
    by_half_day: dict[str, list[School]] = defaultdict(list)
    for school in schools:
        by_half_day[current_half_day(school)].append(school)
    calls = []
    for half_day, group in by_half_day.items():
        calls += roll_calls_not_taken(schools=group, on=on, half_day=half_day)
    return calls


def teacher_today(*, viewer, person_id: int, on: date) -> dict:
    """The call to take now, today's lessons with their cahier de textes page, the notes
    still waiting for signatures."""
    occurrences, off = teacher_day(viewer=viewer, on=on)
    ids = {c.pk for c in teacher_classrooms(viewer=viewer)} | {o.classroom_id for o in occurrences}
    # Through the roll-call gate: a replacement teacher takes the call of the day too.
    classrooms = list(
        roll_call_classrooms_visible_to(viewer, purpose=Purpose.ROLL_CALL, on=on)
        .filter(pk__in=ids).select_related(*CLASSROOM_RELATED).order_by("name", "pk"))
    schools = list({c.school_id: c.school for c in classrooms}.values())
    missing = {}
    for not_taken in _calls_now(schools=schools, on=on):
        missing[not_taken.school.pk] = not_taken
    calls = []
    for classroom in classrooms:
        state = missing[classroom.school_id]
        calls.append({
            "classroom": classroom, "date": on, "half_day": state.half_day,
            "is_school_half_day": state.is_school_half_day,
            "to_take": any(c.pk == classroom.pk for c in state.classrooms),
        })
    entries = defaultdict(list)
    for entry in (lessons_visible_to(viewer, purpose=Purpose.REGISTER)
                  .filter(date=on, classroom_id__in=[o.classroom_id for o in occurrences])
                  .values("id", "classroom_id", "slot_id", "subject")):
        entries[entry["classroom_id"]].append(entry)
    lessons = []
    for occurrence in occurrences:
        entry = next((e for e in entries[occurrence.classroom_id]
                      if (occurrence.slot_id is not None and e["slot_id"] == occurrence.slot_id)
                      or (e["slot_id"] is None and e["subject"] == occurrence.subject)), None)
        lessons.append({"occurrence": occurrence,
                        "lesson_entry_id": entry["id"] if entry else None})
    notes = list(
        liaison_note_list(viewer=viewer)
        .filter(author_id=viewer.pk, requires_acknowledgement=True,
                acknowledged_count__lt=F("delivery_count"))[:LIST_LIMIT])
    return {"calls": calls, "off": off, "lessons": lessons, "notes_awaiting": notes}


# --- Director -------------------------------------------------------------------------------


def _previous_month(on: date) -> date:
    return (on.replace(day=1) - timedelta(days=1)).replace(day=1)


def director_today(*, viewer, person_id: int, on: date) -> dict:
    """The calls not taken now, the justifications waiting, the new L131-8 cases, and the
    registers of last month still to sign."""
    schools = list(schools_visible_to(viewer, purpose=Purpose.MANAGE)
                   .select_related("circonscription__departement").order_by("name", "pk"))
    school_ids = [school.pk for school in schools]
    not_taken = _calls_now(schools=schools, on=on)
    pending = (absences_visible_to(viewer, purpose=Purpose.READ)
               .filter(justification_status=JustificationStatus.PENDING,
                       roll_call__classroom__school_id__in=school_ids).count())
    cases = list(case_list(viewer=viewer, filters={"case_status": CaseStatus.OPEN})
                 .filter(classroom__school_id__in=school_ids))
    month = _previous_month(on)
    first, last = month, on.replace(day=1) - timedelta(days=1)
    to_sign = list(
        classrooms_visible_to(viewer, purpose=Purpose.REGISTER)
        .filter(school_id__in=school_ids)
        .filter(Exists(RollCall.objects.filter(classroom_id=OuterRef("pk"),
                                               date__range=(first, last))))
        .filter(~Exists(RegisterSignOff.objects.filter(classroom_id=OuterRef("pk"),
                                                       month=month)))
        .order_by("name", "pk"))
    return {
        "calls_not_taken": [
            {"school": n.school, "date": n.date, "half_day": n.half_day,
             "is_school_half_day": n.is_school_half_day, "classrooms": n.classrooms}
            for n in not_taken],
        "justifications_waiting": pending,
        "open_cases": cases[:LIST_LIMIT],
        "open_case_count": len(cases),
        "registers_to_sign": {"month": month, "classrooms": to_sign},
    }


# --- The page -------------------------------------------------------------------------------

ROLE_SECTIONS = ("guardian", "pupil", "teacher", "director")
AUTHORITY_ROLES = ("commune", "inspector", "dasen")


def today_of(*, viewer, on: date | None = None) -> dict:
    """The sections of every role the viewer holds today (None for the others)."""
    on = on or timezone.localdate()
    roles = viewer_roles(viewer=viewer, on=on)
    person_id = viewer_person_id(viewer)
    held = set() if person_id is None else set(roles)
    kwargs = {"viewer": viewer, "person_id": person_id, "on": on}
    result = {
        "date": on, "roles": roles, "unread_messages": 0,
        "guardian": guardian_today(**kwargs) if "guardian" in held else None,
        "pupil": pupil_today(**kwargs) if "pupil" in held else None,
        "teacher": teacher_today(**kwargs) if "teacher" in held else None,
        "director": director_today(**kwargs) if "director" in held else None,
        # One section for the three authority roles: their scopes add up (people.access).
        "authority": (week_summary(viewer=viewer, on=on) if held & set(AUTHORITY_ROLES)
                      else None),
    }
    if held & {*ROLE_SECTIONS, *AUTHORITY_ROLES}:
        result["unread_messages"] = unread_message_count(viewer=viewer)
    return result
