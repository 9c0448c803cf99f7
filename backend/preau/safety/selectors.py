"""Reads of the muster: the live list of a muster, the school's register, and the yearly
count of the mandatory exercises the inspection reads (docs/safety.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from preau.safety.models import DrillKind, Muster, MusterClass, MusterPupil
from preau.schools.models import School, SchoolYear


def muster_detail(*, muster: Muster) -> dict:
    """Each class with who leads it out and its pupils (absent at the call set apart, each
    found or not), and the totals. Three queries."""
    groups = list(MusterClass.objects.filter(muster=muster)
                  .select_related("classroom", "responsible").order_by("classroom__name", "pk"))
    pupils = list(MusterPupil.objects.filter(muster=muster).select_related("pupil")
                  .order_by("pupil__last_name", "pupil__first_name", "pk"))
    by_class: dict[int, list[MusterPupil]] = {}
    for row in pupils:
        by_class.setdefault(row.classroom_id, []).append(row)
    classes = []
    for group in groups:
        rows = by_class.get(group.classroom_id, [])
        expected = [row for row in rows if not row.absent_today]
        classes.append({
            "classroom_id": group.classroom_id, "classroom_name": group.classroom.name,
            "responsible_id": group.responsible_id,
            "responsible_name": group.responsible.full_name if group.responsible else "",
            "expected": len(expected),
            "found": sum(1 for row in rows if row.found_at is not None),
            "missing": sum(1 for row in expected if row.found_at is None),
            "pupils": [{"pupil_id": row.pupil_id, "first_name": row.pupil.first_name,
                        "last_name": row.pupil.last_name, "absent_today": row.absent_today,
                        "found_at": row.found_at} for row in rows],
        })
    return {"muster": muster, "classes": classes,
            "expected": sum(c["expected"] for c in classes),
            "found": sum(c["found"] for c in classes),
            "missing": sum(c["missing"] for c in classes)}


def with_counts(musters: QuerySet[Muster]) -> QuerySet[Muster]:
    """The register's figures of each muster: pupils expected (not absent at the call),
    found, missing at the end."""
    return musters.annotate(
        expected_count=Count("pupils", filter=Q(pupils__absent_today=False)),
        found_count=Count("pupils", filter=Q(pupils__found_at__isnull=False)),
        missing_count=Count("pupils", filter=Q(pupils__absent_today=False,
                                               pupils__found_at__isnull=True)),
    )


def school_register(*, school: School, school_year: SchoolYear | None = None) -> QuerySet[Muster]:
    """The registre de sécurité of a school: its musters, newest first, with their figures."""
    musters = Muster.objects.filter(school=school)
    if school_year is not None:
        musters = musters.filter(school_year=school_year)
    return (with_counts(musters).select_related("started_by__person", "ended_by__person")
            .order_by("-started_at", "-pk"))


@dataclass(frozen=True)
class ExerciseCount:
    school_id: int
    uai: str
    name: str
    done: dict[str, int]
    fire_in_first_month: bool

    @property
    def missing(self) -> dict[str, int]:
        """How many of each required kind are still to do this year."""
        return {kind: max(0, required - self.done.get(kind, 0))
                for kind, required in settings.PREAU_SAFETY_REQUIRED_EXERCISES.items()}

    @property
    def complete(self) -> bool:
        return not any(self.missing.values()) and self.fire_in_first_month


def exercise_summary(*, schools: QuerySet[School], school_year: SchoolYear) -> list[ExerciseCount]:
    """Per school, the drills ended this school year by kind, and whether a fire drill was
    held in the year's first month (``PREAU_SAFETY_FIRST_FIRE_DRILL_DAYS``). Real alerts are
    not exercises and do not count. Two queries."""
    first_month_end = school_year.start_date + timedelta(
        days=settings.PREAU_SAFETY_FIRST_FIRE_DRILL_DAYS)
    counts = (Muster.objects.filter(school__in=schools, school_year=school_year, is_drill=True,
                                    ended_at__isnull=False)
              .values("school_id", "kind")
              .annotate(done=Count("pk"),
                        early=Count("pk", filter=Q(kind=DrillKind.FIRE,
                                                   started_at__date__lt=first_month_end))))
    done: dict[int, dict[str, int]] = {}
    early: set[int] = set()
    for row in counts:
        done.setdefault(row["school_id"], {})[row["kind"]] = row["done"]
        if row["early"]:
            early.add(row["school_id"])
    return [ExerciseCount(school_id=school.pk, uai=school.uai, name=school.name,
                          done=done.get(school.pk, {}), fire_in_first_month=school.pk in early)
            for school in schools.order_by("name", "pk").only("pk", "uai", "name")]
