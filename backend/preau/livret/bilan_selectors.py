"""Reads of the bilans, scoped to the viewer through ``preau.livret.access``; each list is a
constant number of queries (prefetches, never a query per bilan)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from preau.livret.access import (
    cycle_bilans_visible_to,
    periodic_bilans_visible_to,
)
from preau.livret.models import (
    Acknowledgement,
    BilanDomain,
    BilanState,
    ClassParcours,
    CycleBilan,
    CycleBilanComponent,
    PeriodicBilan,
)
from preau.people.access import Purpose, viewer_person_id
from preau.people.models import Person
from preau.schools.models import Classroom

_DOMAINS = Prefetch("domains", queryset=BilanDomain.objects.select_related("domain")
                    .prefetch_related("elements").order_by("domain__position"))
_ACKNOWLEDGEMENTS = Prefetch("acknowledgements", queryset=Acknowledgement.objects
                             .select_related("guardian").order_by("guardian__last_name",
                                                                  "guardian__first_name", "pk"))
_COMPONENTS = Prefetch("components", queryset=CycleBilanComponent.objects.order_by("pk"))


def _own_acknowledgement(viewer) -> Prefetch:
    return Prefetch("acknowledgements", to_attr="own_acknowledgements",
                    queryset=Acknowledgement.objects.filter(guardian_id=viewer_person_id(viewer)))


def managed_periodic_bilans(*, viewer) -> QuerySet[PeriodicBilan]:
    """Bilans as their teachers and director read them: accompaniments and who acknowledged
    included."""
    return (periodic_bilans_visible_to(viewer, purpose=Purpose.MANAGE)
            .select_related("pupil", "period")
            .prefetch_related(_DOMAINS, "accompaniments", _ACKNOWLEDGEMENTS))


def class_periodic_bilans(*, viewer, classroom: Classroom, period) -> QuerySet[PeriodicBilan]:
    return managed_periodic_bilans(viewer=viewer).filter(classroom=classroom, period=period)


def class_parcours(*, classroom: Classroom, period) -> QuerySet[ClassParcours]:
    """The class's parcours for a period (the classroom reached through its gate)."""
    return ClassParcours.objects.filter(classroom=classroom, period=period).order_by("code")


def managed_cycle_bilans(*, viewer) -> QuerySet[CycleBilan]:
    return (cycle_bilans_visible_to(viewer, purpose=Purpose.MANAGE)
            .select_related("pupil").prefetch_related(_COMPONENTS, _ACKNOWLEDGEMENTS)
            .order_by("pupil__last_name", "pupil__first_name", "pk"))


def family_periodic_bilans(*, viewer, pupil: Person) -> QuerySet[PeriodicBilan]:
    """A child's communicated bilans, as the family reads them (never the accompaniments:
    they are not even fetched). The state is filtered here too, so that the family's page
    stays the family's whatever else the READ purpose comes to hold."""
    return (periodic_bilans_visible_to(viewer, purpose=Purpose.READ)
            .filter(pupil=pupil, state=BilanState.COMMUNICATED)
            .select_related("pupil", "period", "classroom__school")
            .prefetch_related(_DOMAINS, _own_acknowledgement(viewer))
            .order_by("-period__school_year__start_date", "-period__index"))


def family_cycle_bilans(*, viewer, pupil: Person) -> QuerySet[CycleBilan]:
    return (cycle_bilans_visible_to(viewer, purpose=Purpose.READ)
            .filter(pupil=pupil, state=BilanState.COMMUNICATED)
            .select_related("pupil", "classroom__school")
            .prefetch_related(_COMPONENTS, _own_acknowledgement(viewer)).order_by("-pk"))


def bilan_progress(*, viewer, school_year_id: int | None, period_index: int,
                   on: date) -> list[dict]:
    """IEN and DASEN: per school and class of their scope, how far the bilans of the
    period of that index are — counts by state and acknowledged, never a bilan (the gate
    gives ``values()`` rows). Two queries, whatever the number of schools."""
    rows = periodic_bilans_visible_to(viewer, purpose=Purpose.INSPECT).filter(
        period__index=period_index)
    if school_year_id is not None:
        rows = rows.filter(period__school_year_id=school_year_id)
    else:
        rows = rows.filter(period__school_year__start_date__lte=on,
                           period__school_year__end_date__gte=on)
    counts = (rows.values("classroom__school_id", "classroom__school__uai",
                          "classroom__school__name", "classroom_id", "classroom__name",
                          "period_id", "period__count")
              .annotate(
                  total=Count("pk", distinct=True),
                  draft=Count("pk", filter=Q(state=BilanState.DRAFT), distinct=True),
                  locked=Count("pk", filter=Q(state=BilanState.LOCKED), distinct=True),
                  validated=Count("pk", filter=Q(state=BilanState.VALIDATED), distinct=True),
                  communicated=Count("pk", filter=Q(state=BilanState.COMMUNICATED),
                                     distinct=True))
              .order_by("classroom__school__name", "classroom__name"))
    acknowledged = dict(
        rows.filter(state=BilanState.COMMUNICATED)
        .exclude(acknowledgements__isnull=True)
        .exclude(acknowledgements__acknowledged_at__isnull=True)
        .values("classroom_id").annotate(n=Count("pk", distinct=True))
        .values_list("classroom_id", "n").order_by())
    schools: dict[int, dict] = {}
    for row in counts:
        school = schools.setdefault(row["classroom__school_id"], {
            "id": row["classroom__school_id"], "uai": row["classroom__school__uai"],
            "name": row["classroom__school__name"], "classrooms": [],
            **dict.fromkeys(("total", *STATES, "acknowledged"), 0)})
        classroom = {"id": row["classroom_id"], "name": row["classroom__name"],
                     "period_id": row["period_id"],
                     "acknowledged": acknowledged.get(row["classroom_id"], 0),
                     **{key: row[key] for key in ("total", *STATES)}}
        school["classrooms"].append(classroom)
        for key in ("total", *STATES, "acknowledged"):
            school[key] += classroom[key]
    return list(schools.values())


STATES = [state.value for state in BilanState]
