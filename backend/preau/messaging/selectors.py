"""Reads of messaging, each scoped to the viewer and filtered in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from preau.accounts.models import User
from preau.messaging.access import (
    announcements_reaching,
    announcements_visible_to,
    conversations_visible_to,
    directed_school_ids,
    liaison_notes_visible_to,
    polls_reaching,
    polls_visible_to,
    valid_on,
)
from preau.messaging.models import (
    Announcement,
    AnnouncementAcknowledgement,
    Attachment,
    Audience,
    AudienceClassroom,
    AudienceLevel,
    AudienceScope,
    Conversation,
    LiaisonNote,
    LiaisonNoteDelivery,
    LiaisonNoteReminder,
    Message,
    Participant,
    Poll,
    PollAnswer,
    PollChoice,
    PollQuestion,
    PollResponse,
    QuietHours,
    SchoolMessagingSettings,
)
from preau.messaging.permissions import POLICY_REACHES, Reach
from preau.people.access import (
    Purpose,
    authority_schools,
    enrolments_active_on,
    staff_assignments_current,
    viewer_person_id,
)
from preau.people.models import Guardianship, StaffAssignment, StaffRole
from preau.schools.models import School


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def current_staff(on: date) -> QuerySet[StaffAssignment]:
    return StaffAssignment.objects.filter(
        school_year__start_date__lte=on, school_year__end_date__gte=on
    )


def _count_of(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated ``COUNT(*)`` as an annotation (0 when nothing matches)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- Recipients: the SQL of each reach of the policy -------------------------------------------

RECIPIENT_COLUMNS = (
    "r_user", "r_school", "r_reach", "r_last", "r_first", "r_pupil", "r_pupil_first",
    "r_classroom", "r_classroom_name", "r_relationship",
)


def _recipient_rows(
    queryset: QuerySet, *, reach: Reach, person: str, school: str,
    pupil: str | None = None, classroom: str | None = None, relationship: str | None = None,
) -> QuerySet:
    """Rows (user, school, reach, names, through which pupil, in which classroom, the
    guardian's tie to that pupil) from any base table.

    Missing columns are typed NULLs: PostgreSQL types an untyped NULL of a UNION as text.
    """
    none_id = Cast(Value(None), output_field=BigIntegerField())
    return queryset.annotate(
        r_user=F(f"{person}__user__id"),
        r_active=F(f"{person}__user__is_active"),
        r_school=F(school),
        r_reach=Value(reach.value, output_field=CharField()),
        r_last=Coalesce(NullIf(F(f"{person}__usage_name"), Value("")), F(f"{person}__last_name")),
        r_first=F(f"{person}__first_name"),
        r_pupil=F(pupil) if pupil else none_id,
        r_pupil_first=F(f"{pupil.removesuffix('_id')}__first_name") if pupil
        else Cast(Value(None), output_field=CharField()),
        r_classroom=F(classroom) if classroom else none_id,
        r_classroom_name=F(f"{classroom.removesuffix('_id')}__name") if classroom
        else Cast(Value(None), output_field=CharField()),
        r_relationship=F(relationship) if relationship
        else Cast(Value(None), output_field=CharField()),
    )


def _recipient_queries(person_id: int, on: date) -> dict[Reach, QuerySet]:
    staff = current_staff(on)
    mine = staff_assignments_current(person_id=person_id, on=on)
    taught = mine.filter(role=StaffRole.TEACHER)
    directed = mine.filter(role=StaffRole.DIRECTOR).values("school_id")
    enrolled = enrolments_active_on(on)
    own = enrolled.filter(pupil_id=person_id)
    children = enrolled.filter(
        pupil_id__in=Guardianship.objects.filter(guardian_id=person_id).values("pupil_id")
    )
    open_to_pupils = SchoolMessagingSettings.objects.filter(pupils_may_write=True).values(
        "school_id"
    )
    # The guardian and their tie come from the same Guardianship row (one join, reused).
    guardians_of = {"person": "pupil__guardianships__guardian", "school": "classroom__school_id",
                    "pupil": "pupil_id", "classroom": "classroom_id",
                    "relationship": "pupil__guardianships__relationship"}
    schools_directed = School.objects.filter(pk__in=directed)
    return {
        Reach.OWN_TEACHER: _recipient_rows(
            staff.filter(role=StaffRole.TEACHER, classroom_id__in=own.values("classroom_id"),
                         school_id__in=open_to_pupils),
            reach=Reach.OWN_TEACHER, person="person", school="school_id",
            classroom="classroom_id"),
        Reach.CHILD_TEACHER: _recipient_rows(
            staff.filter(role=StaffRole.TEACHER, classroom_id__in=children.values("classroom_id")),
            reach=Reach.CHILD_TEACHER, person="person", school="school_id",
            classroom="classroom_id"),
        Reach.CHILD_DIRECTOR: _recipient_rows(
            staff.filter(role=StaffRole.DIRECTOR,
                         school_id__in=children.values("classroom__school_id")),
            reach=Reach.CHILD_DIRECTOR, person="person", school="school_id"),
        Reach.PUPIL_GUARDIAN: _recipient_rows(
            enrolled.filter(classroom_id__in=taught.values("classroom_id")),
            reach=Reach.PUPIL_GUARDIAN, **guardians_of),
        Reach.COLLEAGUE: _recipient_rows(
            staff.filter(role=StaffRole.TEACHER, school_id__in=taught.values("school_id")),
            reach=Reach.COLLEAGUE, person="person", school="school_id"),
        Reach.SCHOOL_DIRECTOR: _recipient_rows(
            staff.filter(role=StaffRole.DIRECTOR, school_id__in=taught.values("school_id")),
            reach=Reach.SCHOOL_DIRECTOR, person="person", school="school_id"),
        Reach.SCHOOL_STAFF: _recipient_rows(
            staff.filter(role=StaffRole.TEACHER, school_id__in=directed),
            reach=Reach.SCHOOL_STAFF, person="person", school="school_id"),
        Reach.SCHOOL_GUARDIAN: _recipient_rows(
            enrolled.filter(classroom__school_id__in=directed),
            reach=Reach.SCHOOL_GUARDIAN, **guardians_of),
        Reach.SCHOOL_PUPIL: _recipient_rows(
            enrolled.filter(classroom__school_id__in=directed)
            .filter(classroom__school_id__in=open_to_pupils),
            reach=Reach.SCHOOL_PUPIL, person="pupil", school="classroom__school_id",
            pupil="pupil_id", classroom="classroom_id"),
        # A commune officer's membership names a commune, an IEN's a circonscription: the
        # check constraint on AuthorityMembership makes the role implicit in the path.
        Reach.COMMUNE_OFFICER: _recipient_rows(
            schools_directed, reach=Reach.COMMUNE_OFFICER,
            person="commune__authoritymembership__person", school="pk"),
        Reach.INSPECTOR: _recipient_rows(
            schools_directed, reach=Reach.INSPECTOR,
            person="circonscription__authoritymembership__person", school="pk"),
        Reach.SCOPE_DIRECTOR: _recipient_rows(
            staff.filter(role=StaffRole.DIRECTOR,
                         school_id__in=authority_schools(person_id=person_id).values("pk")),
            reach=Reach.SCOPE_DIRECTOR, person="person", school="school_id"),
    }


def _rpi_commune_officers(person_id: int, on: date) -> QuerySet:
    directed = staff_assignments_current(person_id=person_id, on=on).filter(
        role=StaffRole.DIRECTOR
    ).values("school_id")
    return _recipient_rows(
        School.objects.filter(pk__in=directed), reach=Reach.COMMUNE_OFFICER,
        person="rpi_communes__authoritymembership__person", school="pk",
    )


def recipient_rows(
    *, viewer, on: date | None = None, user_ids: Iterable[int] | None = None,
    school_id: int | None = None, classroom_id: int | None = None,
    reach: str | None = None, search: str | None = None,
) -> QuerySet:
    """Whom the viewer may start a conversation with: one row per (user, school, reach, pupil).

    One SQL query (a UNION of one SELECT per reach of the policy).
    """
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return StaffAssignment.objects.none().values_list("pk")
    on = _today(on)
    queries = _recipient_queries(person_id, on)
    # The policy table decides which reaches exist; each reach's SQL holds the sender's tie.
    parts = [(rule_reach, queries[rule_reach]) for rule_reach in POLICY_REACHES]
    if Reach.COMMUNE_OFFICER in POLICY_REACHES:
        parts.append((Reach.COMMUNE_OFFICER, _rpi_commune_officers(person_id, on)))
    selected = []
    for part_reach, part in parts:
        if reach and part_reach != reach:
            continue
        part = part.filter(r_user__isnull=False, r_active=True).exclude(r_user=viewer.pk)
        if user_ids is not None:
            part = part.filter(r_user__in=list(user_ids))
        if school_id:
            part = part.filter(r_school=school_id)
        if classroom_id:
            part = part.filter(r_classroom=classroom_id)
        if search:
            part = part.filter(Q(r_last__icontains=search) | Q(r_first__icontains=search))
        selected.append(part.order_by().values(*RECIPIENT_COLUMNS))
    if not selected:
        return StaffAssignment.objects.none().values_list("pk")
    first, *others = selected
    return first.union(*others).order_by("r_last", "r_first", "r_user", "r_school", "r_reach",
                                         "r_pupil")


def recipient_list(*, viewer, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    return recipient_rows(
        viewer=viewer, school_id=filters.get("school"), classroom_id=filters.get("classroom"),
        reach=filters.get("reach"), search=filters.get("search"),
    )


# --- Conversations -------------------------------------------------------------------------


def _with_inbox_details(qs: QuerySet[Conversation], *, viewer) -> QuerySet[Conversation]:
    marker = Participant.objects.filter(conversation_id=OuterRef("pk"), user_id=viewer.pk)
    unread = Message.objects.filter(
        conversation_id=OuterRef("pk"), id__gt=OuterRef("my_last_read")
    ).exclude(author_id=viewer.pk)
    return (
        qs.annotate(my_last_read=Subquery(marker.values("last_read_message_id")[:1]))
        .annotate(unread_count=_count_of(unread, "conversation_id"))
        .select_related("school", "last_message__author__person")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user__person").order_by("id"),
            )
        )
    )


def conversation_list(*, viewer, filters: dict | None = None) -> QuerySet[Conversation]:
    filters = filters or {}
    qs = conversations_visible_to(viewer, purpose=Purpose.READ)
    if filters.get("after") is not None:
        qs = qs.filter(last_message_id__gt=filters["after"])
    if filters.get("school"):
        qs = qs.filter(school_id=filters["school"])
    qs = _with_inbox_details(qs, viewer=viewer)
    if filters.get("unread"):
        qs = qs.filter(unread_count__gt=0)
    if filters.get("after") is not None:
        return qs.order_by("last_message_id")
    return qs.order_by(F("last_message_at").desc(nulls_last=True), "-id")


def conversation_detail(*, viewer, conversation: Conversation) -> Conversation:
    """A conversation the gate let through, with the viewer's unread count and its
    participants."""
    return _with_inbox_details(Conversation.objects.filter(pk=conversation.pk),
                               viewer=viewer).get()


def conversations_by_ids(*, viewer, ids: Iterable[int]) -> list[Conversation]:
    qs = _with_inbox_details(conversations_visible_to(viewer, purpose=Purpose.READ).filter(pk__in=list(ids)),
                             viewer=viewer)
    return list(qs.order_by("pk"))


def viewer_context(*, viewer, on: date | None = None) -> dict:
    """What output serializers need to know about the viewer (one query)."""
    person_id = viewer_person_id(viewer)
    directed = set()
    if person_id is not None:
        directed = set(
            directed_school_ids(person_id=person_id, on=_today(on)).values_list("school_id",
                                                                                 flat=True)
        )
    return {"viewer_id": getattr(viewer, "pk", None), "directed_school_ids": directed}


def message_list(
    *, viewer, conversation: Conversation, filters: dict | None = None
) -> QuerySet[Message]:
    filters = filters or {}
    qs = Message.objects.filter(conversation_id=conversation.pk)
    if filters.get("after") is not None:
        qs = qs.filter(id__gt=filters["after"])
    if filters.get("before") is not None:
        qs = qs.filter(id__lt=filters["before"])
    return (
        qs.select_related("author__person")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("id")
    )


def participant_user_ids(*, conversation: Conversation, exclude: int | None = None) -> list[int]:
    qs = Participant.objects.filter(conversation_id=conversation.pk, user__is_active=True)
    if exclude is not None:
        qs = qs.exclude(user_id=exclude)
    return list(qs.values_list("user_id", flat=True))


def read_marker_get(*, viewer, conversation: Conversation) -> dict:
    participant = Participant.objects.get(conversation_id=conversation.pk, user_id=viewer.pk)
    unread = (
        Message.objects.filter(
            conversation_id=conversation.pk, id__gt=participant.last_read_message_id
        ).exclude(author_id=viewer.pk).count()
    )
    return {
        "conversation_id": conversation.pk,
        "last_read_message_id": participant.last_read_message_id,
        "read_at": participant.read_at,
        "unread_count": unread,
    }


def director_user_of(*, school_id: int, on: date | None = None) -> User | None:
    return (
        User.objects.filter(
            is_active=True,
            person__assignments__in=current_staff(_today(on)).filter(
                role=StaffRole.DIRECTOR, school_id=school_id
            ),
        )
        .select_related("person")
        .first()
    )


# --- Quiet hours: who gets no push right now -------------------------------------------------


def quiet_hours_of(*, viewer) -> QuietHours | None:
    return QuietHours.objects.filter(user_id=viewer.pk).first()


def users_to_notify(*, user_ids: Iterable[int], at: datetime | None = None) -> list[int]:
    """The users among ``user_ids`` outside their quiet hours at ``at`` (now by default)."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return []
    local = timezone.localtime(at or timezone.now())
    now = local.time().replace(microsecond=0)
    in_window = (
        Q(starts_at__lt=F("ends_at"), starts_at__lte=now, ends_at__gt=now)
        | Q(starts_at__gt=F("ends_at")) & (Q(starts_at__lte=now) | Q(ends_at__gt=now))
    )
    quiet = Q(is_enabled=True) & in_window
    if local.isoweekday() >= 6:
        quiet |= Q(is_enabled=True, includes_weekends=True)
    silenced = set(
        QuietHours.objects.filter(user_id__in=user_ids).filter(quiet).values_list("user_id", flat=True)
    )
    return [user_id for user_id in user_ids if user_id not in silenced]


def _unread_messages(*, viewer) -> QuerySet[Message]:
    """The messages of the viewer's conversations after the last one they read, not theirs."""
    return (
        Message.objects.filter(
            conversation__participants__user_id=viewer.pk,
            id__gt=F("conversation__participants__last_read_message_id"),
        )
        .exclude(author_id=viewer.pk)
    )


def unread_message_count(*, viewer) -> int:
    """The badge of unread messages alone, in one query (the home page shows only it)."""
    return _unread_messages(viewer=viewer).count()


def unread_totals(*, viewer, on: date | None = None) -> dict:
    """The viewer's badges: unread messages, notes and announcements to acknowledge, polls."""
    on = _today(on)
    person_id = viewer_person_id(viewer)
    unread = _unread_messages(viewer=viewer).aggregate(
        messages=Count("pk"), conversations=Count("conversation_id", distinct=True))
    notes = 0
    if person_id is not None:
        notes = (
            LiaisonNoteDelivery.objects.filter(
                guardian_id=person_id, acknowledged_at__isnull=True,
                note__requires_acknowledgement=True,
            )
            .values("note_id").distinct().count()
        )
    acknowledged = AnnouncementAcknowledgement.objects.filter(
        announcement_id=OuterRef("pk"), user_id=viewer.pk
    )
    announcements = (
        announcements_reaching(viewer=viewer, on=on)
        .filter(requires_acknowledgement=True).exclude(author_id=viewer.pk)
        .filter(~Exists(acknowledged)).count()
    )
    answered = PollResponse.objects.filter(poll_id=OuterRef("pk"), respondent_id=viewer.pk)
    polls = (
        polls_reaching(viewer=viewer, on=on).exclude(author_id=viewer.pk)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=on))
        .filter(~Exists(answered)).count()
    )
    return {
        "unread_messages": unread["messages"],
        "unread_conversations": unread["conversations"],
        "liaison_notes_to_acknowledge": notes,
        "announcements_to_acknowledge": announcements,
        "polls_to_answer": polls,
    }


# --- Liaison notes --------------------------------------------------------------------------


def _with_note_details(qs: QuerySet[LiaisonNote], *, viewer) -> QuerySet[LiaisonNote]:
    deliveries = LiaisonNoteDelivery.objects.filter(note_id=OuterRef("pk"))
    return (
        qs.annotate(
            delivery_count=_count_of(deliveries, "note_id"),
            acknowledged_count=_count_of(deliveries.filter(acknowledged_at__isnull=False),
                                         "note_id"),
            last_reminded_at=Subquery(
                LiaisonNoteReminder.objects.filter(note_id=OuterRef("pk"))
                .order_by().values("note_id").annotate(last=Max("sent_at")).values("last")
            ),
        )
        .select_related("author__person", "classroom", "pupil", "school")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=LiaisonNoteDelivery.objects.filter(
                    guardian_id=viewer_person_id(viewer) or 0)
                .select_related("pupil").order_by("pupil__first_name", "pk"),
                to_attr="my_deliveries",
            )
        )
    )


def liaison_note_list(*, viewer, filters: dict | None = None) -> QuerySet[LiaisonNote]:
    filters = filters or {}
    qs = liaison_notes_visible_to(viewer, purpose=Purpose.READ)
    if filters.get("after") is not None:
        qs = qs.filter(pk__gt=filters["after"])
    if filters.get("school"):
        qs = qs.filter(school_id=filters["school"])
    if filters.get("pupil"):
        qs = qs.filter(deliveries__pupil_id=filters["pupil"]).distinct()
    if filters.get("to_acknowledge"):
        qs = qs.filter(
            requires_acknowledgement=True,
            pk__in=LiaisonNoteDelivery.objects.filter(
                guardian_id=viewer_person_id(viewer) or 0, acknowledged_at__isnull=True
            ).values("note_id"),
        )
    qs = _with_note_details(qs, viewer=viewer)
    return qs.order_by("pk") if filters.get("after") is not None else qs.order_by("-pk")


def liaison_notes_to_sign(*, viewer, pupil_ids: list[int]) -> dict[int, list[LiaisonNote]]:
    """For each of these pupils (the viewer's children), the notes that reached the viewer
    about them and that they have not acknowledged yet, newest first: the home page's list
    (each note's id, title and date alone).

    The notes of ``liaison_note_list(filters={"to_acknowledge": True})`` that the viewer
    sees through the one arm of ``liaison_notes_visible_to`` that holds here (the note
    reached them: their own delivery), read from those deliveries in one query, without
    the counts and joined rows the home page does not show (docs/benchmarks.md, scenario 8).
    """
    person_id = viewer_person_id(viewer)
    notes: dict[int, list[LiaisonNote]] = {pupil_id: [] for pupil_id in pupil_ids}
    if person_id is None or not pupil_ids:
        return notes
    deliveries = (
        LiaisonNoteDelivery.objects.filter(
            guardian_id=person_id, pupil_id__in=pupil_ids, acknowledged_at__isnull=True,
            note__requires_acknowledgement=True,
        )
        .select_related("note").only("pupil_id", "note__title", "note__created_at")
        .order_by("-note_id")
    )
    for delivery in deliveries:
        notes[delivery.pupil_id].append(delivery.note)
    return notes


def liaison_note_detail(*, viewer, note: LiaisonNote) -> LiaisonNote:
    """A note the gate let through, with its counts and the viewer's own deliveries."""
    return _with_note_details(LiaisonNote.objects.filter(pk=note.pk), viewer=viewer).get()


def liaison_note_acknowledgements(
    *, viewer, note: LiaisonNote, everyone: bool
) -> QuerySet[LiaisonNoteDelivery]:
    """The acknowledgement table: every guardian for the author and director, else one's own."""
    qs = LiaisonNoteDelivery.objects.filter(note_id=note.pk)
    if not everyone:
        qs = qs.filter(guardian_id=viewer_person_id(viewer) or 0)
    return qs.select_related("pupil", "guardian", "acknowledged_by").order_by(
        "pupil__last_name", "pupil__first_name", "pupil_id", "guardian__last_name",
        "guardian__first_name", "pk",
    )


def liaison_note_reminders(*, note: LiaisonNote) -> QuerySet[LiaisonNoteReminder]:
    return note.reminders.select_related("sent_by__person").order_by("-sent_at", "-pk")


def liaison_note_reply_conversations(*, viewer, note: LiaisonNote) -> QuerySet[Conversation]:
    return _with_inbox_details(
        conversations_visible_to(viewer, purpose=Purpose.READ).filter(liaison_note_id=note.pk), viewer=viewer
    ).order_by("-last_message_at", "-pk")


def guardian_user_ids_to_remind(*, note: LiaisonNote) -> list[int]:
    pending = LiaisonNoteDelivery.objects.filter(note_id=note.pk, acknowledged_at__isnull=True)
    return list(
        User.objects.filter(is_active=True, person_id__in=pending.values("guardian_id"))
        .values_list("pk", flat=True)
    )


def delivery_user_ids(*, note: LiaisonNote) -> list[int]:
    return list(
        User.objects.filter(
            is_active=True,
            person_id__in=LiaisonNoteDelivery.objects.filter(note_id=note.pk).values("guardian_id"),
        ).values_list("pk", flat=True)
    )


# --- Audiences: announcements and polls ---------------------------------------------------


def audience_members(*, audience: Audience, on: date | None = None) -> QuerySet[User]:
    """The active logins an audience reaches today (the inverse of ``audiences_reaching``)."""
    on = _today(on)
    enrolled = enrolments_active_on(on).filter(classroom__school_id=audience.school_id)
    classroom_ids = AudienceClassroom.objects.filter(audience_id=audience.pk).values("classroom_id")
    levels = AudienceLevel.objects.filter(audience_id=audience.pk).values("level")
    staff = current_staff(on).filter(school_id=audience.school_id)
    if audience.scope == AudienceScope.CLASSROOMS:
        enrolled = enrolled.filter(classroom_id__in=classroom_ids)
        staff = staff.filter(role=StaffRole.TEACHER, classroom_id__in=classroom_ids)
    elif audience.scope == AudienceScope.LEVELS:
        enrolled = enrolled.filter(level__in=levels)
        staff = staff.filter(role=StaffRole.TEACHER, classroom_id__in=enrolled.values("classroom_id"))
    persons = Q(pk__in=[])
    if audience.for_pupils:
        persons |= Q(person_id__in=enrolled.values("pupil_id"))
    if audience.for_guardians:
        persons |= Q(person_id__in=Guardianship.objects.filter(
            pupil_id__in=enrolled.values("pupil_id")).values("guardian_id"))
    if audience.for_staff:
        persons |= Q(person_id__in=staff.values("person_id"))
    return User.objects.filter(is_active=True).filter(persons)


def _audience_prefetch() -> list:
    return [
        Prefetch("audience__classroom_links",
                 queryset=AudienceClassroom.objects.select_related("classroom").order_by("pk")),
        Prefetch("audience__level_links", queryset=AudienceLevel.objects.order_by("pk")),
    ]


def _with_announcement_details(qs: QuerySet[Announcement], *, viewer) -> QuerySet[Announcement]:
    acks = AnnouncementAcknowledgement.objects.filter(announcement_id=OuterRef("pk"))
    return (
        qs.annotate(
            acknowledged_count=_count_of(acks, "announcement_id"),
            my_acknowledged_at=Subquery(acks.filter(user_id=viewer.pk).values("acknowledged_at")[:1]),
        )
        .select_related("audience__school", "author__person")
        .prefetch_related(*_audience_prefetch())
    )


def announcement_list(*, viewer, filters: dict | None = None) -> QuerySet[Announcement]:
    filters = filters or {}
    qs = announcements_visible_to(viewer, purpose=Purpose.READ)
    if filters.get("after") is not None:
        qs = qs.filter(pk__gt=filters["after"])
    if filters.get("school"):
        qs = qs.filter(audience__school_id=filters["school"])
    if filters.get("current"):
        qs = qs.filter(valid_on(timezone.localdate()))
    qs = _with_announcement_details(qs, viewer=viewer)
    return qs.order_by("pk") if filters.get("after") is not None else qs.order_by("-pk")


def announcement_detail(*, viewer, announcement: Announcement) -> Announcement:
    """An announcement the gate let through, with its acknowledgements' count."""
    return _with_announcement_details(Announcement.objects.filter(pk=announcement.pk),
                                      viewer=viewer).get()


def announcement_acknowledgements(
    *, viewer, announcement: Announcement, everyone: bool
) -> QuerySet[AnnouncementAcknowledgement]:
    qs = AnnouncementAcknowledgement.objects.filter(announcement_id=announcement.pk)
    if not everyone:
        qs = qs.filter(user_id=viewer.pk)
    return qs.select_related("user__person").order_by("acknowledged_at", "pk")


def _with_poll_details(qs: QuerySet[Poll], *, viewer) -> QuerySet[Poll]:
    responses = PollResponse.objects.filter(poll_id=OuterRef("pk"))
    return (
        qs.annotate(
            response_count=_count_of(responses, "poll_id"),
            my_submitted_at=Subquery(
                responses.filter(respondent_id=viewer.pk).values("submitted_at")[:1]
            ),
        )
        .select_related("audience__school", "author__person")
        .prefetch_related(
            *_audience_prefetch(),
            Prefetch("questions", queryset=PollQuestion.objects.order_by("position").prefetch_related(
                Prefetch("choices", queryset=PollChoice.objects.order_by("position")))),
        )
    )


def poll_list(*, viewer, filters: dict | None = None) -> QuerySet[Poll]:
    filters = filters or {}
    qs = polls_visible_to(viewer, purpose=Purpose.READ)
    if filters.get("after") is not None:
        qs = qs.filter(pk__gt=filters["after"])
    if filters.get("school"):
        qs = qs.filter(audience__school_id=filters["school"])
    qs = _with_poll_details(qs, viewer=viewer)
    return qs.order_by("pk") if filters.get("after") is not None else qs.order_by("-pk")


def poll_detail(*, viewer, poll: Poll) -> Poll:
    """A poll the gate let through, with its questions and the viewer's answer date."""
    return _with_poll_details(Poll.objects.filter(pk=poll.pk), viewer=viewer).get()


def poll_response_of(*, viewer, poll: Poll) -> PollResponse | None:
    return (
        PollResponse.objects.filter(poll_id=poll.pk, respondent_id=viewer.pk)
        .prefetch_related(Prefetch("answers", queryset=PollAnswer.objects.order_by("pk")))
        .first()
    )


def poll_results(*, poll: Poll, with_names: bool) -> dict:
    """Counts per choice and the free texts; respondents' names only when ``with_names``."""
    counts = dict(
        PollAnswer.objects.filter(response__poll_id=poll.pk, choice__isnull=False)
        .values("choice_id").annotate(n=Count("pk")).values_list("choice_id", "n")
    )
    texts = PollAnswer.objects.filter(response__poll_id=poll.pk, choice__isnull=True)
    if with_names:
        texts = texts.select_related("response__respondent__person").order_by("response__submitted_at", "pk")
    else:
        texts = texts.order_by("text", "pk")  # no order that would hint at who wrote what
    text_by_question: dict[int, list] = {}
    for answer in texts:
        author = None
        if with_names:
            respondent = answer.response.respondent
            author = display_name(respondent)
        text_by_question.setdefault(answer.question_id, []).append(
            {"text": answer.text, "respondent": author}
        )
    respondents: list[dict] = []
    if with_names:
        respondents = [
            {"user_id": response.respondent_id, "display_name": display_name(response.respondent),
             "submitted_at": response.submitted_at,
             "choice_ids": sorted(a.choice_id for a in response.answers.all() if a.choice_id)}
            for response in poll.responses.select_related("respondent__person")
            .prefetch_related("answers").order_by("submitted_at", "pk")
        ]
    return {
        "poll_id": poll.pk,
        "response_count": poll.responses.count(),
        "is_anonymous": poll.is_anonymous,
        "questions": [
            {
                "id": question.pk, "kind": question.kind, "text": question.text,
                "choices": [{"id": c.pk, "label": c.label, "count": counts.get(c.pk, 0)}
                            for c in question.choices.all()],
                "texts": text_by_question.get(question.pk, []),
            }
            for question in poll.questions.all()
        ],
        "respondents": respondents,
    }


def display_name(user: User | None) -> str:
    if user is None:
        return "Compte supprimé"
    person = user.person
    return person.full_name if person is not None else user.get_username()


def school_messaging_settings_get(*, school: School) -> SchoolMessagingSettings:
    """The school's settings, or the defaults (unsaved) when it never changed them."""
    return SchoolMessagingSettings.objects.filter(school_id=school.pk).first() or (
        SchoolMessagingSettings(school=school)
    )


