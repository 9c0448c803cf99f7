"""What a digest gathers: the news of one login over a window, each category read through
its type's access module (``conversations_visible_to``, ``children_absences_visible_to``…)
with the login as the viewer — a digest shows nothing its reader could not open in Préau.

Each category costs one query whatever the number of items (tests/notifications), and lists
at most ``ITEM_LIMIT`` items, the rest counted ("et 3 autres"). What a digest says is short
on purpose: a conversation's subject and who wrote, a note's title, a pupil's first name
with the half-day — never a message's text: the page in Préau shows the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef
from django.utils import formats, timezone, translation

from preau.attendance.access import children_absences_visible_to
from preau.attendance.models import AbsenceKind
from preau.homework.access import homework_visible_to, meant_for
from preau.homework.models import HomeworkStatus
from preau.messaging.access import (
    announcements_reaching,
    conversations_visible_to,
    liaison_notes_visible_to,
)
from preau.messaging.models import LiaisonNoteDelivery, Message
from preau.messaging.selectors import display_name
from preau.notifications.models import Category
from preau.people.access import Purpose, family_enrolments, viewer_person_id
from preau.schools.models import HalfDay
from preau.timetable.access import exceptions_visible_to
from preau.timetable.models import ExceptionKind

ITEM_LIMIT = 20
# The messages of a day read for the digest, at most (it lists conversations, not messages).
MESSAGE_LIMIT = 500

# Where each category's items are read in full, in the web app.
PAGES = {
    Category.MESSAGES: "/messagerie",
    Category.LIAISON_NOTES: "/cahier-de-liaison",
    Category.ABSENCES: "/absences",
    Category.HOMEWORK: "/devoirs",
    Category.ANNOUNCEMENTS: "/annonces",
    Category.TIMETABLE: "/emploi-du-temps",
}


@dataclass
class Section:
    category: str
    label: str
    page: str
    items: list[str] = field(default_factory=list)
    more: int = 0


def _day(on: date) -> str:
    return formats.date_format(on, "l j F Y")


def _limited(rows) -> tuple[list, int]:
    """The first ``ITEM_LIMIT`` rows and how many more there were (one query)."""
    rows = list(rows[:ITEM_LIMIT + 1])
    return rows[:ITEM_LIMIT], max(0, len(rows) - ITEM_LIMIT)


def _messages(user, start: datetime, end: datetime) -> tuple[list[str], int]:
    messages = list(
        Message.objects.filter(
            conversation_id__in=conversations_visible_to(user, purpose=Purpose.READ).values("pk"),
            created_at__gte=start, created_at__lt=end)
        .exclude(author_id=user.pk)
        .select_related("conversation", "author__person")
        .order_by("conversation_id", "id")[:MESSAGE_LIMIT])
    by_conversation: dict[int, list[Message]] = {}
    for message in messages:
        by_conversation.setdefault(message.conversation_id, []).append(message)
    items = []
    for thread in by_conversation.values():
        authors = ", ".join(dict.fromkeys(display_name(m.author) for m in thread))
        count = f"{len(thread)} messages" if len(thread) > 1 else "1 message"
        items.append(f"« {thread[0].conversation.subject} » — {count} de {authors}")
    return items[:ITEM_LIMIT], max(0, len(items) - ITEM_LIMIT)


def _liaison_notes(user, start: datetime, end: datetime) -> tuple[list[str], int]:
    person_id = viewer_person_id(user)
    unsigned = LiaisonNoteDelivery.objects.filter(
        note_id=OuterRef("pk"), guardian_id=person_id, acknowledged_at__isnull=True)
    notes, more = _limited(
        liaison_notes_visible_to(user, purpose=Purpose.READ)
        .filter(Exists(unsigned), requires_acknowledgement=True,
                created_at__gte=start, created_at__lt=end)
        .only("title", "created_at").order_by("created_at", "pk"))
    return [f"« {note.title} », à signer" for note in notes], more


def _absences(user, start: datetime, end: datetime) -> tuple[list[str], int]:
    absences, more = _limited(
        children_absences_visible_to(user, purpose=Purpose.READ)
        .filter(created_at__gte=start, created_at__lt=end)
        .select_related("pupil")
        .only("pupil__first_name", "date", "half_day", "kind", "minutes_late")
        .order_by("date", "half_day", "pupil__first_name", "pk"))
    items = []
    for absence in absences:
        half_day = str(HalfDay(absence.half_day).label).lower()
        if absence.kind == AbsenceKind.LATE:
            what = (f"en retard de {absence.minutes_late} min" if absence.minutes_late
                    else "en retard")
        else:
            what = "absent·e"
        items.append(f"{absence.pupil.first_name} : {what} le {_day(absence.date)} ({half_day})")
    return items, more


def _homework(user, start: datetime, end: datetime) -> tuple[list[str], int]:
    person_id = viewer_person_id(user)
    homework, more = _limited(
        homework_visible_to(user, purpose=Purpose.READ)
        .filter(meant_for(family_enrolments(person_id=person_id, on=timezone.localdate())),
                status=HomeworkStatus.ACTIVE, created_at__gte=start, created_at__lt=end)
        .select_related("classroom").only("subject", "due_date", "classroom__name")
        .order_by("due_date", "pk"))
    return [f"{h.get_subject_display()} pour le {_day(h.due_date)} ({h.classroom.name})"
            for h in homework], more


def _announcements(user, start: datetime, end: datetime) -> tuple[list[str], int]:
    announcements, more = _limited(
        announcements_reaching(viewer=user)
        .filter(created_at__gte=start, created_at__lt=end).exclude(author_id=user.pk)
        .only("title", "created_at").order_by("created_at", "pk"))
    return [f"« {a.title} »" for a in announcements], more


def _timetable(user, start: datetime, end: datetime) -> tuple[list[str], int]:
    changes, more = _limited(
        exceptions_visible_to(user, purpose=Purpose.TIMETABLE)
        .filter(created_at__gte=start, created_at__lt=end,
                date__gte=timezone.localdate(start))
        .exclude(created_by_id=user.pk)
        .select_related("classroom", "slot")
        .only("classroom__name", "slot__subject", "date", "kind", "new_date", "title")
        .order_by("date", "pk"))
    items = []
    for change in changes:
        what = change.title if change.kind == ExceptionKind.EXTRA else (
            change.slot.get_subject_display())
        line = f"{change.classroom.name}, {_day(change.date)} : {what} — {change.get_kind_display().lower()}"
        if change.kind == ExceptionKind.MOVED and change.new_date:
            line += f" au {_day(change.new_date)}"
        items.append(line)
    return items, more


READERS: dict[str, Callable[..., tuple[list[str], int]]] = {
    Category.MESSAGES: _messages,
    Category.LIAISON_NOTES: _liaison_notes,
    Category.ABSENCES: _absences,
    Category.HOMEWORK: _homework,
    Category.ANNOUNCEMENTS: _announcements,
    Category.TIMETABLE: _timetable,
}


def digest_sections(*, user, categories, start: datetime, end: datetime) -> list[Section]:
    """The non-empty sections of ``user``'s digest over [start, end), in the order of
    ``Category``: one query per category asked for."""
    sections = []
    with translation.override("fr"):
        for category in Category:
            if category not in categories:
                continue
            items, more = READERS[category](user, start, end)
            if items:
                sections.append(Section(category=category.value, label=str(category.label),
                                        page=PAGES[category], items=items, more=more))
    return sections
