"""Writes of the bilans: opening a class's bilans, filling them, the workflow (locked by the
teacher, validated and communicated by the director), the families' acknowledgements.

Every write is one transaction; the state changes are conditional updates on the row
locked first, so that two clicks never lock or communicate twice; the database's
constraints (one bilan per pupil and period, state consistent with its dates, one
acknowledgement per guardian) settle the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.livret import bilan_events
from preau.livret.bilan_permissions import (
    can_acknowledge_bilan,
    can_communicate_bilan,
    can_edit_bilan,
    can_lock_bilan,
    can_unlock_bilan,
    can_validate_bilan,
    is_director_of,
    is_teacher_of,
)
from preau.livret.models import (
    CYCLE_OF_LEVEL,
    END_OF_CYCLE_LEVELS,
    Accompaniment,
    Acknowledgement,
    BilanAccompaniment,
    BilanDomain,
    BilanState,
    ClassParcours,
    CycleBilan,
    CycleBilanComponent,
    Domain,
    Period,
    PeriodicBilan,
    ProgrammeElement,
    SocleComponent,
)
from preau.livret.suggest import leaf_domains, suggested_levels
from preau.people.access import viewer_person_id
from preau.people.models import Enrolment, Guardianship
from preau.schools.models import Classroom

NOT_TEACHER = "Seul·es les enseignant·es de la classe remplissent et verrouillent ses bilans."
NOT_DIRECTOR = "Seul·e la directrice ou le directeur de l'école valide et communique les bilans."
NOT_GUARDIAN = "Seuls les responsables légaux de l'élève signent ses bilans."


def _refuse(message: str, field: str, *, details: list[str] | None = None,
            code: str = "invalid") -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: details or [message]})


def enrolments_during(*, classroom: Classroom, start: date, end: date) -> QuerySet[Enrolment]:
    """The classroom's enrolments that overlap ``start``–``end``."""
    return Enrolment.objects.filter(classroom=classroom, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start))


def period_of_classroom(*, classroom: Classroom, period_id: int | None = None) -> Period:
    """The period asked for, of the classroom's school and school year; without one, the
    period under way (else the last one begun, else the first). A 400 naming ``period``
    when there is none."""
    periods = Period.objects.filter(school_id=classroom.school_id,
                                    school_year_id=classroom.school_year_id)
    if period_id is not None:
        period = periods.filter(pk=period_id).first()
    else:
        today = timezone.localdate()
        period = (periods.filter(start_date__lte=today).order_by("-start_date").first()
                  or periods.order_by("start_date").first())
    if period is None:
        raise _refuse("Cette période n'est pas une période de l'école pour l'année de la "
                      "classe." if period_id is not None else
                      "L'école n'a pas encore choisi ses périodes pour cette année.", "period")
    return period


# --- Opening: one bilan per pupil, one row per domain ---------------------------------------


@transaction.atomic
def class_bilans_open(*, classroom: Classroom, period: Period) -> None:
    """Create the bilans of the pupils enrolled during the period that have none yet (with a
    row per domain and sub-domain of the cycle of their enrolment's level), then refresh the
    suggestions of the draft ones. A constant number of queries, whatever the class's size.

    Called when a teacher or the director opens the class's bilans (reached through
    ``periodic_bilans_visible_to(purpose=MANAGE)``'s classroom rule)."""
    level_of: dict[int, str] = {}
    for row in (enrolments_during(classroom=classroom, start=period.start_date,
                                  end=period.end_date)
                .order_by("pupil_id", "-start_date").values("pupil_id", "level")):
        level_of.setdefault(row["pupil_id"], row["level"])
    taken = set(PeriodicBilan.objects.filter(period=period, pupil_id__in=list(level_of))
                .values_list("pupil_id", flat=True))
    PeriodicBilan.objects.bulk_create(
        [PeriodicBilan(pupil_id=pupil_id, classroom=classroom, period=period, level=level)
         for pupil_id, level in level_of.items()
         if pupil_id not in taken and level in CYCLE_OF_LEVEL],
        ignore_conflicts=True)
    bilans = list(PeriodicBilan.objects.filter(classroom=classroom, period=period)
                  .values_list("pk", "level"))
    existing = set(BilanDomain.objects.filter(bilan__classroom=classroom, bilan__period=period)
                   .values_list("bilan_id", "domain_id"))
    domains_of: dict[str, list[int]] = {}
    for domain_id, cycle in Domain.objects.values_list("pk", "cycle"):
        domains_of.setdefault(cycle, []).append(domain_id)
    BilanDomain.objects.bulk_create(
        [BilanDomain(bilan_id=bilan_id, domain_id=domain_id)
         for bilan_id, level in bilans
         for domain_id in domains_of.get(CYCLE_OF_LEVEL.get(level), [])
         if (bilan_id, domain_id) not in existing],
        ignore_conflicts=True)
    _refresh_suggestions(classroom=classroom, period=period)


def _refresh_suggestions(*, classroom: Classroom, period: Period,
                         bilan_id: int | None = None) -> None:
    rows = BilanDomain.objects.filter(bilan__classroom=classroom, bilan__period=period,
                                      bilan__state=BilanState.DRAFT)
    if bilan_id is not None:
        rows = rows.filter(bilan_id=bilan_id)
    rows = list(rows.values_list("pk", "domain_id", "bilan__pupil_id", "suggested"))
    suggestions = suggested_levels(classroom=classroom, period=period,
                                   pupil_ids={pupil_id for _, _, pupil_id, _ in rows})
    changed = [BilanDomain(pk=pk, suggested=suggestions.get((pupil_id, domain_id)))
               for pk, domain_id, pupil_id, suggested in rows
               if suggestions.get((pupil_id, domain_id)) != suggested]
    BilanDomain.objects.bulk_update(changed, ["suggested"], batch_size=500)


# --- Filling ----------------------------------------------------------------------------------


def _locked_row(model, bilan):
    """The bilan's row, locked for the transaction."""
    return model.objects.select_for_update().select_related("classroom").get(pk=bilan.pk)


def _refuse_unless_draft(bilan) -> None:
    if bilan.state != BilanState.DRAFT:
        raise _refuse("Ce bilan est verrouillé : il ne se modifie plus (déverrouillez-le avant "
                      "sa validation).", "state", code="not_draft")


@transaction.atomic
def periodic_bilan_update(*, actor, bilan: PeriodicBilan, domains: list[dict] | None = None,
                          general_appreciation: str | None = None,
                          accompaniments: list[dict] | None = None) -> PeriodicBilan:
    """The teacher's edits, in one request: per domain the positionnement (or the suggestion
    accepted), the appreciation and the elements worked; the general appreciation; the
    accompaniment modalities (replaced as a whole)."""
    if not can_edit_bilan(actor=actor, bilan=bilan):
        raise PermissionDeniedError(NOT_TEACHER)
    bilan = _locked_row(PeriodicBilan, bilan)
    _refuse_unless_draft(bilan)
    if domains is not None:
        _update_domains(bilan, domains)
    if general_appreciation is not None:
        bilan.general_appreciation = general_appreciation
        bilan.save(update_fields=["general_appreciation", "updated_at"])
    if accompaniments is not None:
        _set_accompaniments(bilan, accompaniments)
    return bilan


def _update_domains(bilan: PeriodicBilan, entries: list[dict]) -> None:
    rows = {row.domain_id: row for row in BilanDomain.objects.filter(bilan=bilan)}
    wanted_elements = {pk for entry in entries for pk in entry.get("elements") or []}
    elements = {element["pk"]: element for element in ProgrammeElement.objects.filter(
        Q(school__isnull=True) | Q(school_id=bilan.classroom.school_id),
        pk__in=wanted_elements, is_active=True).values("pk", "domain_id", "domain__parent_id")}
    seen: set[int] = set()
    element_links: dict[int, list[int]] = {}
    for index, entry in enumerate(entries):
        row = rows.get(entry["domain"])
        if row is None or entry["domain"] in seen:
            raise _refuse("Ce domaine n'est pas un domaine de ce bilan, ou il est donné deux "
                          "fois.", f"domains.{index}.domain")
        seen.add(entry["domain"])
        if entry.get("accept_suggestion"):
            if row.suggested is None:
                raise _refuse("Aucune évaluation de la période ne suggère de positionnement "
                              "pour ce domaine.", f"domains.{index}.accept_suggestion")
            row.positionnement = row.suggested
        elif "positionnement" in entry:
            row.positionnement = entry["positionnement"]
        if "appreciation" in entry:
            row.appreciation = entry["appreciation"]
        if entry.get("elements") is not None:
            for pk in entry["elements"]:
                element = elements.get(pk)
                if element is None or row.domain_id not in (element["domain_id"],
                                                            element["domain__parent_id"]):
                    raise _refuse(f"L'élément {pk} n'est pas un élément du programme de ce "
                                  "domaine.", f"domains.{index}.elements")
            element_links[row.pk] = sorted(set(entry["elements"]))
    BilanDomain.objects.bulk_update([rows[domain_id] for domain_id in seen],
                                    ["positionnement", "appreciation"])
    if element_links:
        through = BilanDomain.elements.through
        through.objects.filter(bilandomain_id__in=list(element_links)).delete()
        through.objects.bulk_create([
            through(bilandomain_id=row_id, programmeelement_id=element_id)
            for row_id, element_ids in element_links.items() for element_id in element_ids])


def _set_accompaniments(bilan: PeriodicBilan, entries: list[dict]) -> None:
    codes = [entry["code"] for entry in entries]
    if len(set(codes)) != len(codes):
        raise _refuse("Chaque modalité d'accompagnement n'est donnée qu'une fois.",
                      "accompaniments")
    for index, entry in enumerate(entries):
        if entry.get("ppre_complement") and entry["code"] != Accompaniment.PPRE:
            raise _refuse("Le complément ne se donne que pour un PPRE.",
                          f"accompaniments.{index}.ppre_complement")
    BilanAccompaniment.objects.filter(bilan=bilan).delete()
    BilanAccompaniment.objects.bulk_create([
        BilanAccompaniment(bilan=bilan, code=entry["code"],
                           ppre_complement=entry.get("ppre_complement") or "")
        for entry in entries])


@transaction.atomic
def class_parcours_set(*, actor, classroom: Classroom, period: Period,
                       parcours: list[dict]) -> list[ClassParcours]:
    """The class's parcours for the period, replaced as a whole (a code left out is removed)."""
    if not is_teacher_of(actor=actor, classroom_id=classroom.pk):
        raise PermissionDeniedError(NOT_TEACHER)
    codes = [entry["code"] for entry in parcours]
    if len(set(codes)) != len(codes):
        raise _refuse("Chaque parcours n'est donné qu'une fois.", "parcours")
    ClassParcours.objects.filter(classroom=classroom, period=period).exclude(
        code__in=codes).delete()
    for entry in parcours:
        ClassParcours.objects.update_or_create(
            classroom=classroom, period=period, code=entry["code"],
            defaults={"project": entry["project"]})
    return list(ClassParcours.objects.filter(classroom=classroom, period=period).order_by("code"))


# --- The workflow -----------------------------------------------------------------------------


def _unpositioned_domains(bilan: PeriodicBilan) -> list[str]:
    rows = list(BilanDomain.objects.filter(bilan=bilan).select_related("domain")
                .order_by("domain__position"))
    required = {domain.pk for domain in leaf_domains(row.domain for row in rows)}
    return [row.domain.label for row in rows
            if row.domain_id in required and row.positionnement is None]


def _unset_components(bilan: CycleBilan) -> list[str]:
    labels = dict(SocleComponent.choices)
    return [str(labels[row.component]) for row in
            CycleBilanComponent.objects.filter(bilan=bilan, mastery__isnull=True)
            .order_by("pk")]


def _bilan_lock(model, *, actor, bilan):
    if not can_lock_bilan(actor=actor, bilan=bilan):
        raise PermissionDeniedError(NOT_TEACHER)
    bilan = _locked_row(model, bilan)
    if bilan.state != BilanState.DRAFT:
        raise _refuse("Seul un bilan en cours de saisie se verrouille.", "state",
                      code="not_draft")
    if model is PeriodicBilan:
        missing, field, what = _unpositioned_domains(bilan), "domains", "Domaines sans " \
            "positionnement"
    else:
        missing, field, what = _unset_components(bilan), "components", "Composantes sans " \
            "niveau de maîtrise"
    if missing:
        raise _refuse(f"{what} : {', '.join(missing)}.", field, details=missing,
                      code="incomplete")
    bilan.state, bilan.locked_at, bilan.locked_by = BilanState.LOCKED, timezone.now(), actor
    bilan.save(update_fields=["state", "locked_at", "locked_by", "updated_at"])
    return bilan


def _bilan_unlock(model, *, actor, bilan):
    if not can_unlock_bilan(actor=actor, bilan=bilan):
        raise PermissionDeniedError(NOT_TEACHER)
    bilan = _locked_row(model, bilan)
    if bilan.state != BilanState.LOCKED:
        raise _refuse("Un bilan validé ne se déverrouille plus ; un bilan en cours n'est pas "
                      "verrouillé.", "state", code="not_locked")
    bilan.state, bilan.locked_at, bilan.locked_by = BilanState.DRAFT, None, None
    bilan.save(update_fields=["state", "locked_at", "locked_by", "updated_at"])
    return bilan


def _bilan_validate(model, *, actor, bilan):
    if not can_validate_bilan(actor=actor, bilan=bilan):
        raise PermissionDeniedError(NOT_DIRECTOR)
    bilan = _locked_row(model, bilan)
    if bilan.state != BilanState.LOCKED:
        raise _refuse("Seul un bilan verrouillé par l'enseignant·e se valide.", "state",
                      code="not_locked")
    bilan.state, bilan.validated_at, bilan.validated_by = (BilanState.VALIDATED, timezone.now(),
                                                           actor)
    bilan.save(update_fields=["state", "validated_at", "validated_by", "updated_at"])
    return bilan


def _legal_guardians(pupil_ids: Iterable[int]) -> dict[int, list[int]]:
    guardians: dict[int, list[int]] = {}
    for pupil_id, guardian_id in Guardianship.objects.filter(
            pupil_id__in=list(pupil_ids), is_legal=True).values_list("pupil_id", "guardian_id"):
        guardians.setdefault(pupil_id, []).append(guardian_id)
    return guardians


def _communicate(model, *, bilans: list) -> None:
    """Validated → communicated, one acknowledgement per legal guardian, an event to each
    after commit (the rows are locked and validated)."""
    if not bilans:
        return
    now = timezone.now()
    model.objects.filter(pk__in=[bilan.pk for bilan in bilans],
                         state=BilanState.VALIDATED).update(
        state=BilanState.COMMUNICATED, communicated_at=now, updated_at=now)
    guardians = _legal_guardians(bilan.pupil_id for bilan in bilans)
    link = "periodic_bilan_id" if model is PeriodicBilan else "cycle_bilan_id"
    Acknowledgement.objects.bulk_create([
        Acknowledgement(**{link: bilan.pk}, guardian_id=guardian_id)
        for bilan in bilans for guardian_id in guardians.get(bilan.pupil_id, [])],
        ignore_conflicts=True)
    for bilan in bilans:
        bilan.state, bilan.communicated_at = BilanState.COMMUNICATED, now
    bilan_events.bilans_communicated(
        kind=bilan_events.BilanKind.PERIODIC if model is PeriodicBilan
        else bilan_events.BilanKind.CYCLE,
        bilans=bilans,
        guardian_ids_by_bilan={bilan.pk: guardians.get(bilan.pupil_id, [])
                               for bilan in bilans})


def _bilan_communicate(model, *, actor, bilan):
    if not can_communicate_bilan(actor=actor, bilan=bilan):
        raise PermissionDeniedError(NOT_DIRECTOR)
    bilan = _locked_row(model, bilan)
    if bilan.state != BilanState.VALIDATED:
        raise _refuse("Seul un bilan validé se communique aux familles.", "state",
                      code="not_validated")
    _communicate(model, bilans=[bilan])
    return bilan


@transaction.atomic
def periodic_bilan_lock(*, actor, bilan: PeriodicBilan) -> PeriodicBilan:
    """The teacher locks a bilan whose every domain is positioned (else a 400 listing the
    domains left)."""
    return _bilan_lock(PeriodicBilan, actor=actor, bilan=bilan)


@transaction.atomic
def periodic_bilan_unlock(*, actor, bilan: PeriodicBilan) -> PeriodicBilan:
    return _bilan_unlock(PeriodicBilan, actor=actor, bilan=bilan)


@transaction.atomic
def periodic_bilan_validate(*, actor, bilan: PeriodicBilan) -> PeriodicBilan:
    return _bilan_validate(PeriodicBilan, actor=actor, bilan=bilan)


@transaction.atomic
def periodic_bilan_communicate(*, actor, bilan: PeriodicBilan) -> PeriodicBilan:
    return _bilan_communicate(PeriodicBilan, actor=actor, bilan=bilan)


@transaction.atomic
def class_bilans_validate(*, actor, classroom: Classroom, period: Period) -> int:
    """The director validates every locked bilan of the class for the period at once."""
    if not is_director_of(actor=actor, classroom_id=classroom.pk):
        raise PermissionDeniedError(NOT_DIRECTOR)
    now = timezone.now()
    return PeriodicBilan.objects.filter(
        classroom=classroom, period=period, state=BilanState.LOCKED).update(
        state=BilanState.VALIDATED, validated_at=now, validated_by=actor, updated_at=now)


@transaction.atomic
def class_bilans_communicate(*, actor, classroom: Classroom, period: Period) -> int:
    """The director communicates every validated bilan of the class for the period at once."""
    if not is_director_of(actor=actor, classroom_id=classroom.pk):
        raise PermissionDeniedError(NOT_DIRECTOR)
    bilans = list(PeriodicBilan.objects.select_for_update().filter(
        classroom=classroom, period=period, state=BilanState.VALIDATED))
    _communicate(PeriodicBilan, bilans=bilans)
    return len(bilans)


# --- End-of-cycle bilans ----------------------------------------------------------------------


@transaction.atomic
def class_cycle_bilans_open(*, classroom: Classroom) -> None:
    """An end-of-cycle bilan (its eight components) for each pupil enrolled in the classroom
    today at a level that ends a cycle (CE2, CM2), created on first open."""
    today = timezone.localdate()
    rows = (enrolments_during(classroom=classroom, start=today, end=today)
            .filter(level__in=list(END_OF_CYCLE_LEVELS)).values_list("pupil_id", "level"))
    CycleBilan.objects.bulk_create(
        [CycleBilan(pupil_id=pupil_id, classroom=classroom, cycle=END_OF_CYCLE_LEVELS[level])
         for pupil_id, level in rows], ignore_conflicts=True)
    existing = set(CycleBilanComponent.objects.filter(bilan__classroom=classroom)
                   .values_list("bilan_id", "component"))
    CycleBilanComponent.objects.bulk_create(
        [CycleBilanComponent(bilan_id=bilan_id, component=component)
         for bilan_id in CycleBilan.objects.filter(classroom=classroom)
         .values_list("pk", flat=True)
         for component in SocleComponent.values if (bilan_id, component) not in existing],
        ignore_conflicts=True)


@transaction.atomic
def cycle_bilan_update(*, actor, bilan: CycleBilan, components: list[dict] | None = None,
                       synthesis: str | None = None) -> CycleBilan:
    if not can_edit_bilan(actor=actor, bilan=bilan):
        raise PermissionDeniedError(NOT_TEACHER)
    bilan = _locked_row(CycleBilan, bilan)
    _refuse_unless_draft(bilan)
    if components is not None:
        rows = {row.component: row for row in CycleBilanComponent.objects.filter(bilan=bilan)}
        for index, entry in enumerate(components):
            row = rows.get(entry["component"])
            if row is None:
                raise _refuse("Composante inconnue.", f"components.{index}.component")
            row.mastery = entry["mastery"]
        CycleBilanComponent.objects.bulk_update(list(rows.values()), ["mastery"])
    if synthesis is not None:
        bilan.synthesis = synthesis
        bilan.save(update_fields=["synthesis", "updated_at"])
    return bilan


@transaction.atomic
def cycle_bilan_lock(*, actor, bilan: CycleBilan) -> CycleBilan:
    return _bilan_lock(CycleBilan, actor=actor, bilan=bilan)


@transaction.atomic
def cycle_bilan_unlock(*, actor, bilan: CycleBilan) -> CycleBilan:
    return _bilan_unlock(CycleBilan, actor=actor, bilan=bilan)


@transaction.atomic
def cycle_bilan_validate(*, actor, bilan: CycleBilan) -> CycleBilan:
    return _bilan_validate(CycleBilan, actor=actor, bilan=bilan)


@transaction.atomic
def cycle_bilan_communicate(*, actor, bilan: CycleBilan) -> CycleBilan:
    return _bilan_communicate(CycleBilan, actor=actor, bilan=bilan)


# --- Families ---------------------------------------------------------------------------------


@transaction.atomic
def bilan_acknowledge(*, actor, bilan: PeriodicBilan | CycleBilan,
                      comment: str = "") -> Acknowledgement:
    """"J'ai pris connaissance": each legal guardian the bilan reached, separately, once."""
    link = "periodic_bilan" if isinstance(bilan, PeriodicBilan) else "cycle_bilan"
    bilan = type(bilan).objects.get(pk=bilan.pk)  # its state as committed, not as passed
    acknowledgement = Acknowledgement.objects.select_for_update().filter(
        **{link: bilan}, guardian_id=viewer_person_id(actor)).first()
    if not can_acknowledge_bilan(actor=actor, bilan=bilan, acknowledgement=acknowledgement):
        raise PermissionDeniedError(NOT_GUARDIAN)
    if acknowledgement.acknowledged_at is not None:
        raise _refuse("Vous avez déjà pris connaissance de ce bilan.", "acknowledged_at",
                      code="already_acknowledged")
    acknowledgement.acknowledged_at = timezone.now()
    acknowledgement.acknowledged_by = actor
    acknowledgement.comment = comment
    acknowledgement.save(update_fields=["acknowledged_at", "acknowledged_by", "comment"])
    return acknowledgement
