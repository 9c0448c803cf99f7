"""Access to musters: the staff of the school this school year (READ: each teacher sees the
whole school's muster — in an evacuation every adult helps), its director (MANAGE). Never a
family; the authorities read only the yearly counts (``selectors.exercise_summary``)."""

from __future__ import annotations

from django.db.models import QuerySet

from preau.common.errors import NotFoundError
from preau.people.access import Purpose, schools_visible_to
from preau.safety.models import Muster

PURPOSES = {Purpose.READ: Purpose.STAFF, Purpose.MANAGE: Purpose.MANAGE}


def musters_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Muster]:
    if purpose not in PURPOSES:
        raise ValueError(f"No muster access for {purpose!r}.")
    return Muster.objects.filter(
        school_id__in=schools_visible_to(viewer, purpose=PURPOSES[purpose]).values("pk"))


def muster_get_for(viewer, muster_id: int, *, purpose: Purpose) -> Muster:
    muster = (musters_visible_to(viewer, purpose=purpose).filter(pk=muster_id)
              .select_related("school", "school_year").first())
    if muster is None:
        raise NotFoundError("Exercice introuvable.")
    return muster
