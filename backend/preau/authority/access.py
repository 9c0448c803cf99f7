"""The authorities' read-only view of schools, classrooms and L131-8 cases.

Built on ``preau.people.access`` (``Purpose.OVERSEE``: the commune officers, IEN and DASEN
whose scope holds the school; ``Purpose.INSPECT``: the IEN and DASEN) and
``preau.attendance.access`` (the cases, ``Purpose.INSPECT``); no rule is written here a
second time. What this module adds is the authorities' reading of the figures: a school
seen for OVERSEE but not for INSPECT is seen as a commune sees it (``full_figures`` false:
counts under 5 are masked). Gates raise the same 404 for "missing" and "outside your
scope".
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from preau.common.errors import NotFoundError
from preau.people.access import Purpose, classrooms_visible_to, schools_visible_to
from preau.schools.models import Classroom, School


def _overseeing(purpose: Purpose) -> None:
    if purpose not in (Purpose.OVERSEE, Purpose.INSPECT):
        raise ValueError(f"No authority access for {purpose!r}.")


def with_full_figures(qs: QuerySet, *, viewer, school: str = "pk") -> QuerySet:
    """Annotate ``full_figures``: exact figures (the school is seen for INSPECT) or masked
    (a commune's)."""
    return qs.annotate(full_figures=Exists(schools_visible_to(
        viewer, purpose=Purpose.INSPECT).filter(pk=OuterRef(school))))


def overseen_schools_visible_to(viewer, *, purpose: Purpose) -> QuerySet[School]:
    """The schools of ``purpose`` (OVERSEE or INSPECT), each with ``full_figures``."""
    _overseeing(purpose)
    return with_full_figures(schools_visible_to(viewer, purpose=purpose), viewer=viewer)


def overseen_school_get_for(viewer, school_id: int, *, purpose: Purpose) -> School:
    school = (overseen_schools_visible_to(viewer, purpose=purpose).filter(pk=school_id)
              .select_related("commune", "circonscription__departement").first())
    if school is None:
        raise NotFoundError("École introuvable.")
    return school


def overseen_classroom_get_for(viewer, classroom_id: int, *, purpose: Purpose) -> Classroom:
    _overseeing(purpose)
    classroom = (with_full_figures(classrooms_visible_to(viewer, purpose=purpose),
                                   viewer=viewer, school="school_id")
                 .filter(pk=classroom_id).select_related("school", "school_year").first())
    if classroom is None:
        raise NotFoundError("Classe introuvable.")
    return classroom
