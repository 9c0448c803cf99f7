"""Writes of the register: calls and their corrections, justifications, notices, the monthly
sign-off, the L131-8 cases, the guardian's e-mail preference.

Races are settled by the database: one call per classroom and half-day, one absence per
pupil and half-day, one case per pupil and month, one sign-off per classroom and month
(unique constraints); corrections compare the call's version under a row lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from preau.attendance import events
from preau.attendance.dates import (
    HALF_DAY_NAMES,
    half_day_start,
    month_bounds,
    month_label,
    refuse_unless_school_half_day,
)
from preau.attendance.figures import unjustified_half_day_counts
from preau.attendance.models import (
    CASE_STATUS_ORDER,
    Absence,
    AbsenceKind,
    AbsenceNotice,
    AbsenceReason,
    AbsenteeismCase,
    CaseStatus,
    JustificationDocument,
    JustificationStatus,
    RegisterSignOff,
    RollCall,
    RollCallCorrection,
)
from preau.attendance.permissions import (
    can_cancel_notice,
    can_correct_roll_call,
    can_declare_absence,
    can_justify_absence,
    can_remind_roll_call,
    can_review_justification,
    can_sign_register,
    can_update_case,
    is_guardian_of,
)
from preau.attendance.registers import notices_active_on, teachers_of
from preau.attendance.selectors import SubmitFacts, roll_call_submit_facts
from preau.audit.models import AuditKind
from preau.audit.services import audit_event_record
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.common.files import validate_upload
from preau.common.french import of
from preau.common.idempotency import write_atomic
from preau.messaging.models import Conversation
from preau.messaging.services import conversation_create
from preau.people.models import Person
from preau.people.selectors import enrolments_active_on
from preau.schools.calendar import (
    half_day_at,
    refuse_unless_calendar_known,
    school_days,
)
from preau.schools.models import Classroom

L1318_THRESHOLD = 4  # absent half-days without a legitimate reason in a calendar month
CALL_OPENS_BEFORE = timedelta(minutes=30)
MAX_NOTICE_DAYS = 62


def _refuse(message: str, field: str, *, code: str | None = None,
            status_code: int | None = None) -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: [message]},
                            status_code=status_code)


# --- Marks: what a call says of each listed pupil ----------------------------------------


@dataclass(frozen=True, order=True)
class Mark:
    pupil_id: int
    kind: str
    minutes_late: int | None

    def as_json(self, names: dict[int, str]) -> dict:
        return {"pupil": self.pupil_id, "pupil_name": names.get(self.pupil_id, ""),
                "absence_kind": self.kind, "minutes_late": self.minutes_late}


def _mark_of(absence: Absence) -> Mark:
    return Mark(absence.pupil_id, absence.kind, absence.minutes_late)


def _marks(entries: list[dict]) -> list[Mark]:
    """The listed pupils, in the order given; each once, late ones with their minutes."""
    marks, seen = [], set()
    for index, entry in enumerate(entries):
        field = f"absences.{index}"
        pupil_id, kind = entry["pupil"], entry["absence_kind"]
        minutes = entry.get("minutes_late")
        if pupil_id in seen:
            raise _refuse("Cet·te élève est listé·e deux fois.", f"{field}.pupil")
        seen.add(pupil_id)
        if kind == AbsenceKind.LATE and minutes is None:
            raise _refuse("Indiquez les minutes de retard.", f"{field}.minutes_late")
        if kind == AbsenceKind.ABSENT and minutes is not None:
            raise _refuse("Pas de minutes de retard pour une absence.", f"{field}.minutes_late")
        marks.append(Mark(pupil_id, kind, minutes))
    return marks


def _check_enrolled(classroom: Classroom, on: date, marks: list[Mark]) -> dict[int, str]:
    """Every listed pupil is enrolled in the classroom that day; the names of all the
    pupils enrolled that day (one query, whatever the size of the class)."""
    names = {
        pupil_id: f"{first} {usage or last}"
        for pupil_id, first, last, usage in enrolments_active_on(on)
        .filter(classroom=classroom)
        .values_list("pupil_id", "pupil__first_name", "pupil__last_name", "pupil__usage_name")
    }
    for index, mark in enumerate(marks):
        if mark.pupil_id not in names:
            raise _refuse(f"Cet·te élève n'est pas inscrit·e dans la classe le {on:%d/%m/%Y}.",
                          f"absences.{index}.pupil")
    return names


def _check_not_signed(classroom: Classroom, on: date) -> None:
    first, _ = month_bounds(on)
    if RegisterSignOff.objects.filter(classroom=classroom, month=first).exists():
        raise _refuse(f"Le registre {of(month_label(first))} est signé : il n'est plus modifiable.",
                      "date")


def _absence_rows(roll_call: RollCall, marks: list[Mark],
                  notices: dict[int, AbsenceNotice]) -> list[Absence]:
    """The absences of a call, unsaved; an absence a guardian announced carries the
    announced reason, waiting for the director's decision."""
    now = timezone.now()
    rows = []
    for mark in marks:
        absence = Absence(roll_call=roll_call, pupil_id=mark.pupil_id, date=roll_call.date,
                          half_day=roll_call.half_day, kind=mark.kind,
                          minutes_late=mark.minutes_late, created_at=now, updated_at=now)
        notice = notices.get(mark.pupil_id) if mark.kind == AbsenceKind.ABSENT else None
        if notice is not None:
            absence.notice = notice
            absence.justification_status = JustificationStatus.PENDING
            absence.reason, absence.comment = notice.reason, notice.comment
            absence.justified_by_id, absence.justified_at = notice.declared_by_id, \
                notice.created_at
        rows.append(absence)
    return rows


def _create_absences(roll_call: RollCall, marks: list[Mark]) -> list[Absence]:
    """The absences of a call in one insert (after reading the families' notices)."""
    absent_ids = [m.pupil_id for m in marks if m.kind == AbsenceKind.ABSENT]
    notices = {}
    if absent_ids:
        for notice in (notices_active_on(on=roll_call.date, half_day=roll_call.half_day)
                       .filter(pupil_id__in=absent_ids).order_by("pk")):
            notices[notice.pupil_id] = notice
    return Absence.objects.bulk_create(_absence_rows(roll_call, marks, notices))


# The call, unless the half-day's call exists (then nothing, and no row back): one
# statement that PostgreSQL and SQLite both run.
INSERT_CALL_SQL = (
    'INSERT INTO "attendance_rollcall" ("classroom_id", "date", "half_day", "taken_by_id", '
    '"taken_at", "version", "updated_at", "pupil_count") VALUES (%s, %s, %s, %s, %s, 1, %s, %s) '
    'ON CONFLICT ("classroom_id", "date", "half_day") DO NOTHING RETURNING "id"'
)


# The absences of a call in one INSERT that both databases run; its columns are the
# model's (``Absence._meta``), never a list kept by hand.
_ABSENCE_FIELDS = [field for field in Absence._meta.concrete_fields if not field.primary_key]
_INSERT_ABSENCES_SQL = 'INSERT INTO "{table}" ({columns}) VALUES {rows} RETURNING {returning}'


def _insert_absences(rows: list[Absence]) -> list[Absence]:
    """Insert the absences; the rows as read back (``Model.from_db``), in the given order."""
    if not rows:
        return []
    placeholders = "(" + ", ".join(["%s"] * len(_ABSENCE_FIELDS)) + ")"
    sql = _INSERT_ABSENCES_SQL.format(
        table=Absence._meta.db_table,
        columns=", ".join(f'"{field.column}"' for field in _ABSENCE_FIELDS),
        rows=", ".join([placeholders] * len(rows)),
        returning='"id", "pupil_id"')
    values = [[field.get_db_prep_save(getattr(absence, field.attname), connection)
               for field in _ABSENCE_FIELDS] for absence in rows]
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in values for value in row])
        ids = {pupil_id: pk for pk, pupil_id in cursor.fetchall()}
    attnames = ["id", *(field.attname for field in _ABSENCE_FIELDS)]
    inserted = []
    for absence in rows:
        row = Absence.from_db(connection.alias, attnames,
                              [ids[absence.pupil_id],
                               *(getattr(absence, field.attname) for field in _ABSENCE_FIELDS)])
        row.roll_call = absence.roll_call
        if absence.notice_id is not None:
            row.notice = absence.notice
        inserted.append(row)
    return inserted


def _insert_call(roll_call: RollCall, rows: list[Absence]) -> list[Absence] | None:
    """Insert the call, then its absences; None (nothing written) when the half-day's call
    exists already. The same two statements on every database, in the caller's block."""
    def prep(field_name: str, value):
        return RollCall._meta.get_field(field_name).get_db_prep_value(value, connection)

    with connection.cursor() as cursor:
        cursor.execute(INSERT_CALL_SQL, [
            roll_call.classroom_id, prep("date", roll_call.date), roll_call.half_day,
            roll_call.taken_by_id, prep("taken_at", roll_call.taken_at),
            prep("updated_at", roll_call.updated_at), roll_call.pupil_count])
        row = cursor.fetchone()
    if row is None:
        return None
    roll_call.pk = row[0]
    for absence in rows:
        absence.roll_call = roll_call
    return _insert_absences(rows)


def _current_marks(roll_call: RollCall) -> set[Mark]:
    return {Mark(*row) for row in Absence.objects.filter(roll_call=roll_call)
            .values_list("pupil_id", "kind", "minutes_late")}


# --- The call ------------------------------------------------------------------------------


def roll_call_submit(*, actor, classroom: Classroom, on: date, half_day: str,
                     absences: list[dict]) -> tuple[RollCall, bool]:
    """Take the call: everyone present but the listed absent or late pupils.

    Naturally idempotent on (classroom, date, half-day): if the call exists with the same
    absences, it is returned as it is (``created`` False); with other absences, 409 — a
    change is a correction. Returns ``(roll_call, created)``; a call taken now comes with
    its taker and its absences, ready to answer.

    ``classroom`` may come from ``roll_call_submit_facts`` for this actor, date, half-day
    and list (the API's case): the checks then cost no query; otherwise they are read here
    in one.
    """
    pupil_ids = [entry["pupil"] for entry in absences]
    facts = getattr(classroom, "submit_facts", None)
    if facts is None or not facts.answers(on=on, half_day=half_day, pupil_ids=pupil_ids,
                                          person_id=getattr(actor, "person_id", None)):
        classroom = roll_call_submit_facts(actor=actor, classroom_id=classroom.pk, on=on,
                                           half_day=half_day, pupil_ids=pupil_ids,
                                           l1318_threshold=L1318_THRESHOLD)
        facts = classroom.submit_facts
    with write_atomic():
        return _submit(actor=actor, classroom=classroom, facts=facts, on=on,
                       half_day=half_day, absences=absences)


def _submit(*, actor, classroom: Classroom, facts: SubmitFacts, on: date, half_day: str,
            absences: list[dict]) -> tuple[RollCall, bool]:
    if not facts.may_take:
        raise PermissionDeniedError("Vous ne faites pas l'appel de cette classe ce jour-là.")
    marks = _marks(absences)
    now = timezone.localtime()
    if on > now.date():
        raise _refuse("On ne fait pas l'appel d'un jour à venir.", "date")
    refuse_unless_school_half_day(classroom=classroom, on=on, half_day=half_day,
                                  closures=facts.closures)
    opens = datetime.combine(on, half_day_start(classroom.school, half_day),
                             tzinfo=now.tzinfo) - CALL_OPENS_BEFORE
    if now < opens:
        raise _refuse(f"L'appel du {HALF_DAY_NAMES[half_day]} s'ouvre à {opens:%H:%M}.",
                      "half_day")
    if facts.register_signed:
        first, _ = month_bounds(on)
        raise _refuse(f"Le registre {of(month_label(first))} est signé : il n'est plus modifiable.",
                      "date")
    for index, mark in enumerate(marks):
        if mark.pupil_id not in facts.enrolled_ids:
            raise _refuse(f"Cet·te élève n'est pas inscrit·e dans la classe le {on:%d/%m/%Y}.",
                          f"absences.{index}.pupil")
    created = None
    if facts.existing_call_id is None:
        roll_call = RollCall(classroom=classroom, date=on, half_day=half_day,
                             taken_by_id=actor.person_id, taken_at=now, updated_at=now,
                             pupil_count=len(facts.enrolled_ids))
        created = _insert_call(roll_call, _absence_rows(roll_call, marks, facts.notices))
    if created is None:  # taken before, or by another device a moment ago
        existing = RollCall.objects.get(classroom=classroom, date=on, half_day=half_day)
        if _current_marks(existing) != set(marks):
            taken_at = timezone.localtime(existing.taken_at)
            raise ApplicationError(
                f"L'appel du {on:%d/%m/%Y} {HALF_DAY_NAMES[half_day]} a déjà été fait à "
                f"{taken_at:%H:%M} : corrigez-le plutôt.",
                code="roll_call_exists", status_code=409,
                fields={"half_day": ["L'appel de cette demi-journée est déjà fait."]})
        return existing, False
    if facts.taker is not None:
        roll_call.taken_by = facts.taker
    roll_call.submitted_absences = sorted(created, key=lambda absence: absence.pk)
    events.roll_call_taken(roll_call=roll_call, user_ids=facts.staff_user_ids)
    events.absences_recorded(absences=created, recipients=facts.guardians)
    if facts.l1318_recount_needed:
        _recount_l1318(classroom=classroom, pupil_ids=[m.pupil_id for m in marks], month=on)
    return roll_call, True


@transaction.atomic
def roll_call_correct(*, actor, roll_call: RollCall, expected_version: int | None,
                      absences: list[dict]) -> RollCall:
    """Replace the call's list of absent and late pupils; the change is kept in history.

    ``expected_version`` comes from ``If-Match``: none → 428, not the current one → 412.
    Justifications of pupils who stay listed are kept.
    """
    if not can_correct_roll_call(actor=actor, roll_call=roll_call):
        raise PermissionDeniedError("Un appel se corrige le jour même par qui l'a fait, "
                                    "ensuite par la direction.")
    if expected_version is None:
        raise _refuse("Indiquez la version de l'appel que vous corrigez (en-tête If-Match).",
                      "If-Match", code="precondition_required", status_code=428)
    classroom = roll_call.classroom
    roll_call = RollCall.objects.select_for_update().get(pk=roll_call.pk)
    roll_call.classroom = classroom
    if roll_call.version != expected_version:
        raise _refuse("L'appel a été modifié entre-temps : rechargez-le avant de le corriger.",
                      "If-Match", code="precondition_failed", status_code=412)
    marks = _marks(absences)
    _check_not_signed(classroom, roll_call.date)
    names = _check_enrolled(classroom, roll_call.date, marks)
    pupil_count = len(names)
    rows = {a.pupil_id: a for a in Absence.objects.filter(roll_call=roll_call)
            .select_related("pupil")}
    names.update({pupil_id: a.pupil.full_name for pupil_id, a in rows.items()})
    before = sorted(_mark_of(a) for a in rows.values())
    if before == sorted(marks):
        if roll_call.pupil_count != pupil_count:  # the enrolments of that day changed since
            roll_call.pupil_count = pupil_count
            roll_call.save(update_fields=["pupil_count"])
        return roll_call
    wanted = {m.pupil_id: m for m in marks}
    removed = [a for pupil_id, a in rows.items() if pupil_id not in wanted]
    changed = []
    for pupil_id, absence in rows.items():
        mark = wanted.get(pupil_id)
        if mark is not None and _mark_of(absence) != mark:
            absence.kind, absence.minutes_late = mark.kind, mark.minutes_late
            absence.updated_at = timezone.now()
            changed.append(absence)
    added = [m for m in marks if m.pupil_id not in rows]

    removed_events = [{"absence_id": a.pk, "pupil_id": a.pupil_id, "date": a.date.isoformat(),
                       "half_day": a.half_day, "absence_kind": a.kind} for a in removed]
    files = list(JustificationDocument.objects.filter(absence__in=removed)
                 .values_list("file", flat=True))
    Absence.objects.filter(pk__in=[a.pk for a in removed]).delete()
    if files:
        storage = JustificationDocument._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    Absence.objects.bulk_update(changed, ["kind", "minutes_late", "updated_at"])
    created = _create_absences(roll_call, added)

    now = timezone.now()
    roll_call.version += 1
    roll_call.updated_at = now
    roll_call.pupil_count = pupil_count
    roll_call.save(update_fields=["version", "updated_at", "pupil_count"])
    RollCallCorrection.objects.create(
        roll_call=roll_call, corrected_by_id=actor.person_id, corrected_at=now,
        version=roll_call.version, before=[m.as_json(names) for m in before],
        after=[m.as_json(names) for m in sorted(marks)])
    events.roll_call_taken(roll_call=roll_call, corrected=True)
    events.absences_recorded(absences=created, changed=changed, removed=removed_events)
    _recount_l1318(classroom=classroom, pupil_ids=sorted({*rows, *wanted}), month=roll_call.date)
    return roll_call


# --- L131-8 ---------------------------------------------------------------------------------


def _recount_l1318(*, classroom: Classroom, pupil_ids: list[int], month: date) -> None:
    """Recount the pupils' unjustified absent half-days of the month; open a case at 4.

    Two queries when no case opens. A case, once open, stays open when the count falls
    (an accepted justification): the director closes it with a note.
    """
    if not pupil_ids:
        return
    first, _ = month_bounds(month)
    counts = unjustified_half_day_counts(pupil_ids=pupil_ids, month=first)
    cases = {case.pupil_id: case for case in AbsenteeismCase.objects
             .select_for_update(of=("self",))
             .filter(pupil_id__in=pupil_ids, month=first).select_related("classroom")}
    for pupil_id in pupil_ids:
        count = counts.get(pupil_id, 0)
        case = cases.get(pupil_id)
        if case is None and count >= L1318_THRESHOLD:
            try:
                with transaction.atomic():
                    case = AbsenteeismCase.objects.create(
                        pupil_id=pupil_id, classroom=classroom, month=first,
                        unjustified_half_days=count, opened_at=timezone.now())
            except IntegrityError:  # opened by a concurrent write: update it below
                case = AbsenteeismCase.objects.select_related("classroom").get(
                    pupil_id=pupil_id, month=first)
            else:
                events.case_opened(case=case)
                continue
        if case is not None and case.unjustified_half_days != count:
            case.unjustified_half_days = count
            case.save(update_fields=["unjustified_half_days", "updated_at"])
            events.case_changed(case=case)


CASE_DATE_FIELDS = {
    CaseStatus.FAMILY_CONTACTED: "family_contacted_on",
    CaseStatus.REPORTED_TO_DASEN: "reported_on",
    CaseStatus.CLOSED: "closed_on",
}


@transaction.atomic
def case_update(*, actor, case: AbsenteeismCase, case_status: str | None = None,
                on: date | None = None, note: str = "") -> AbsenteeismCase:
    """Move a case forward (open → family contacted → reported to the DASEN → closed), on a
    date, and/or add a dated note of the director."""
    if not can_update_case(actor=actor, case=case):
        raise PermissionDeniedError("Seule la direction de l'école suit ces dossiers.")
    case = AbsenteeismCase.objects.select_for_update().get(pk=case.pk)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise _refuse("Cette date est à venir.", "on")
    if on < case.month:
        raise _refuse("Cette date précède le mois du dossier.", "on")
    note = note.strip()
    moves = case_status is not None and case_status != case.status
    if not moves and not note:
        raise _refuse("Indiquez un nouveau statut ou une note.", "case_status")
    changed = ["updated_at"]
    if moves:
        if CASE_STATUS_ORDER.index(case_status) < CASE_STATUS_ORDER.index(case.status):
            raise _refuse(f"Le dossier est déjà « {case.get_status_display()} » : "
                          "on ne revient pas en arrière.", "case_status")
        case.status = case_status
        setattr(case, CASE_DATE_FIELDS[case_status], on)
        changed += ["status", CASE_DATE_FIELDS[case_status]]
    if note or moves:
        author = Person.objects.filter(pk=actor.person_id).first()
        line = f"{on:%d/%m/%Y} — {case.get_status_display()}"
        line += f" — {note}" if note else ""
        line += f" ({author.full_name})" if author else ""
        case.notes = f"{case.notes}\n{line}".strip()
        changed.append("notes")
    case.save(update_fields=changed)
    events.case_changed(case=case)
    return case


# --- Justifications --------------------------------------------------------------------------


def _locked(absence: Absence) -> Absence:
    classroom = absence.roll_call.classroom
    locked = (Absence.objects.select_for_update(of=("self",)).select_related("roll_call")
              .get(pk=absence.pk))
    locked.roll_call.classroom = classroom
    return locked


def _replace_document(absence: Absence, upload, actor) -> None:
    kind = validate_upload(upload, field="file")
    old = JustificationDocument.objects.filter(absence=absence).first()
    if old is not None:
        name, storage = old.file.name, old.file.storage
        old.delete()
        transaction.on_commit(lambda: storage.delete(name))
    document = JustificationDocument(absence=absence, uploaded_by_id=actor.person_id)
    document.fill_from(upload, kind)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no orphan file if the row is not written
        raise


@transaction.atomic
def absence_justify(*, actor, absence: Absence, reason: str, comment: str = "",
                    upload=None) -> Absence:
    """A guardian gives the reason (and a document): the director will accept or refuse.

    The director may record a reason the family gave on paper: it is accepted at once
    (unless the director is also the pupil's guardian — nobody reviews their own child).
    """
    if not can_justify_absence(actor=actor, absence=absence):
        raise PermissionDeniedError("Seuls les responsables de l'élève justifient ses absences.")
    absence = _locked(absence)
    if absence.justification_status == JustificationStatus.ACCEPTED:
        raise _refuse("Cette absence est déjà justifiée.", "absence_reason")
    comment = comment.strip()
    if reason == AbsenceReason.OTHER and not comment:
        raise _refuse("Précisez le motif de l'absence.", "comment")
    records_for_family = (not is_guardian_of(actor=actor, pupil_id=absence.pupil_id)
                          and can_review_justification(actor=actor, absence=absence))
    now = timezone.now()
    absence.reason, absence.comment = reason, comment
    absence.justified_by_id, absence.justified_at = actor.person_id, now
    absence.refusal_reason = ""
    if records_for_family:
        absence.justification_status = JustificationStatus.ACCEPTED
        absence.reviewed_by_id, absence.reviewed_at = actor.person_id, now
    else:
        absence.justification_status = JustificationStatus.PENDING
        absence.reviewed_by_id = absence.reviewed_at = None
    absence.save(update_fields=["reason", "comment", "justified_by", "justified_at",
                                "refusal_reason", "justification_status", "reviewed_by",
                                "reviewed_at", "updated_at"])
    if upload is not None:
        _replace_document(absence, upload, actor)
    if records_for_family:
        events.justification_reviewed(absence=absence)
        _recount_l1318(classroom=absence.roll_call.classroom, pupil_ids=[absence.pupil_id],
                       month=absence.date)
    else:
        events.justification_submitted(absence=absence)
    return absence


def _check_pending(absence: Absence) -> None:
    if absence.justification_status != JustificationStatus.PENDING:
        raise _refuse(f"Cette justification n'est pas à examiner "
                      f"({absence.get_justification_status_display().lower()}).",
                      "justification_status")


@transaction.atomic
def absence_accept(*, actor, absence: Absence) -> Absence:
    if not can_review_justification(actor=actor, absence=absence):
        raise PermissionDeniedError("Seule la direction accepte une justification.")
    absence = _locked(absence)
    _check_pending(absence)
    absence.justification_status = JustificationStatus.ACCEPTED
    absence.reviewed_by_id, absence.reviewed_at = actor.person_id, timezone.now()
    absence.save(update_fields=["justification_status", "reviewed_by", "reviewed_at",
                                "updated_at"])
    events.justification_reviewed(absence=absence)
    _recount_l1318(classroom=absence.roll_call.classroom, pupil_ids=[absence.pupil_id],
                   month=absence.date)
    return absence


@transaction.atomic
def absence_refuse(*, actor, absence: Absence, refusal_reason: str) -> Absence:
    """Refuse a justification, saying why: the guardians see the reason."""
    if not can_review_justification(actor=actor, absence=absence):
        raise PermissionDeniedError("Seule la direction refuse une justification.")
    absence = _locked(absence)
    _check_pending(absence)
    refusal_reason = refusal_reason.strip()
    if not refusal_reason:
        raise _refuse("Dites à la famille pourquoi la justification est refusée.",
                      "refusal_reason")
    absence.justification_status = JustificationStatus.REFUSED
    absence.refusal_reason = refusal_reason
    absence.reviewed_by_id, absence.reviewed_at = actor.person_id, timezone.now()
    absence.save(update_fields=["justification_status", "refusal_reason", "reviewed_by",
                                "reviewed_at", "updated_at"])
    events.justification_reviewed(absence=absence)
    _recount_l1318(classroom=absence.roll_call.classroom, pupil_ids=[absence.pupil_id],
                   month=absence.date)
    return absence


# --- Absences announced in advance -------------------------------------------------------------


@transaction.atomic
def notice_declare(*, actor, pupil: Person, start_date: date, end_date: date | None = None,
                   half_day: str = "", reason: str, comment: str = "") -> AbsenceNotice:
    """A guardian announces an absence (a medical appointment…): it pre-fills the call."""
    if not can_declare_absence(actor=actor, pupil_id=pupil.pk):
        raise PermissionDeniedError("Seuls les responsables de l'élève annoncent une absence.")
    end_date = end_date or start_date
    comment = comment.strip()
    if start_date < timezone.localdate():
        raise _refuse("Cette date est passée : justifiez plutôt l'absence.", "start_date")
    if end_date < start_date:
        raise _refuse("La fin précède le début.", "end_date")
    if (end_date - start_date).days >= MAX_NOTICE_DAYS:
        raise _refuse(f"Au plus {MAX_NOTICE_DAYS} jours à la fois.", "end_date")
    if half_day and end_date != start_date:
        raise _refuse("Une absence d'une demi-journée tient sur un seul jour.", "half_day")
    if reason == AbsenceReason.OTHER and not comment:
        raise _refuse("Précisez le motif de l'absence.", "comment")
    enrolment = (enrolments_active_on(start_date).filter(pupil=pupil)
                 .select_related("classroom__school__circonscription__departement").first())
    if enrolment is None:
        raise _refuse(f"{pupil.first_name} n'est inscrit·e dans aucune classe à cette date.",
                      "start_date")
    school = enrolment.classroom.school
    days = school_days(school=school, start=start_date, end=end_date)
    refuse_unless_calendar_known(school=school, days=days[:1], field="start_date")
    refuse_unless_calendar_known(school=school, days=days[1:], field="end_date")
    if not any(half_day in day.half_days if half_day else day.is_school_day for day in days):
        raise _refuse("Pas de classe sur ces dates.", "start_date")
    overlapping = AbsenceNotice.objects.filter(
        pupil=pupil, cancelled_at__isnull=True, start_date__lte=end_date,
        end_date__gte=start_date)
    if half_day:
        overlapping = overlapping.filter(half_day__in=["", half_day])
    if overlapping.exists():
        raise _refuse("Une absence est déjà annoncée sur ces dates.", "start_date")
    notice = AbsenceNotice.objects.create(
        pupil=pupil, start_date=start_date, end_date=end_date, half_day=half_day,
        reason=reason, comment=comment, declared_by_id=actor.person_id)
    events.notice_changed(notice=notice, classroom_id=enrolment.classroom_id, change="declared")
    return notice


@transaction.atomic
def notice_cancel(*, actor, notice: AbsenceNotice) -> AbsenceNotice:
    if not can_cancel_notice(actor=actor, notice=notice):
        raise PermissionDeniedError("Seuls les responsables de l'élève annulent cette annonce.")
    notice = AbsenceNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.cancelled_at is not None:
        return notice
    if notice.end_date < timezone.localdate():
        raise _refuse("Cette absence annoncée est passée.", "end_date")
    notice.cancelled_at = timezone.now()
    notice.save(update_fields=["cancelled_at", "updated_at"])
    enrolment = enrolments_active_on(max(notice.start_date, timezone.localdate())).filter(
        pupil_id=notice.pupil_id).first()
    if enrolment is not None:
        events.notice_changed(notice=notice, classroom_id=enrolment.classroom_id,
                              change="cancelled")
    return notice


# --- The monthly register ------------------------------------------------------------------------


@transaction.atomic
def register_sign(*, actor, classroom: Classroom, month: date) -> tuple[RegisterSignOff, bool]:
    """The director signs a classroom's register for a month, once the month is over (from
    its last day). Signing twice returns the first signature. Returns ``(sign_off, created)``.
    """
    if not can_sign_register(actor=actor, classroom=classroom):
        raise PermissionDeniedError("Seule la direction signe le registre d'appel.")
    first, last = month_bounds(month)
    year = classroom.school_year
    if not (year.start_date <= last and first <= year.end_date):
        raise _refuse(f"Ce mois n'est pas dans l'année scolaire {year.label}.", "month")
    if last > timezone.localdate():
        raise _refuse(f"Le registre {of(month_label(first))} se signe à partir du "
                      f"{last:%d/%m/%Y}.", "month")
    existing = RegisterSignOff.objects.filter(classroom=classroom, month=first).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            sign_off = RegisterSignOff.objects.create(
                classroom=classroom, month=first, signed_by_id=actor.person_id,
                signed_at=timezone.now())
    except IntegrityError:
        return RegisterSignOff.objects.get(classroom=classroom, month=first), False
    return sign_off, True


# --- Preferences ------------------------------------------------------------------------------------


@transaction.atomic
def absence_notifications_set(*, actor, by_email: bool):
    """A guardian's choice: an e-mail, besides the live notice, when a child is marked absent."""
    actor.notify_absence_by_email = by_email
    actor.save(update_fields=["notify_absence_by_email"])
    return actor


# --- The director's reminder of a call not taken ----------------------------------------------


@transaction.atomic
def roll_call_reminder_send(*, actor, classroom: Classroom, on: date, half_day: str,
                            request=None) -> list[Conversation]:
    """The director reminds the classroom's teachers that the call of a half-day is not
    taken: one message through the messaging service (a conversation with the teachers,
    live to them as any message), and one audit event. Refused with a 400 naming the
    field: no class then (``date`` / ``half_day``), a half-day not begun (``date``), a call
    already taken (``half_day``), a classroom whose teachers have no account
    (``classroom``)."""
    if not can_remind_roll_call(actor=actor, classroom=classroom):
        raise PermissionDeniedError("Seule la direction relance un appel non fait.")
    refuse_unless_school_half_day(classroom=classroom, on=on, half_day=half_day)
    now = timezone.localtime()
    order = {"morning": 0, "afternoon": 1}
    if (on, order[half_day]) > (now.date(), order[half_day_at(classroom.school, now)]):
        raise _refuse("Cette demi-journée n'a pas commencé : son appel n'est pas encore dû.",
                      "date")
    when = f"{on:%d/%m/%Y} ({HALF_DAY_NAMES[half_day]})"
    if RollCall.objects.filter(classroom=classroom, date=on, half_day=half_day).exists():
        raise _refuse(f"L'appel du {when} est déjà fait.", "half_day",
                      code="roll_call_taken")
    teachers = teachers_of(classroom_ids=[classroom.pk]).get(classroom.pk, [])
    user_ids = list(get_user_model().objects.filter(
        person_id__in=[teacher.pk for teacher in teachers], is_active=True)
        .order_by("pk").values_list("pk", flat=True))
    if not user_ids:
        raise _refuse(f"Aucun·e enseignant·e {of(classroom.name)} n'a de compte : "
                      "la relance ne peut pas être envoyée.", "classroom")
    conversations = conversation_create(
        sender=actor, recipient_ids=user_ids, school_id=classroom.school_id,
        subject=f"Appel non fait : {classroom.name}, {when}",
        body=(f"Bonjour,\n\nL'appel de la classe {classroom.name} du {when} n'est pas "
              "encore fait dans Préau. Pouvez-vous le faire dès que possible ?\n\n"
              "Merci."))
    audit_event_record(kind=AuditKind.ROLL_CALL_REMINDER, request=request, actor=actor,
                       object_ref=f"classroom={classroom.pk} {on:%Y-%m-%d} {half_day}",
                       school_ids=[classroom.school_id])
    return conversations
