"""Access to the livret: periods, programme, evaluations, and the bilans.

Built on ``preau.people.access`` (the rule "teaches or directs this classroom", the viewer's
person, the schools an authority oversees); no rule is written here a second time. Gates
raise the same 404 for "missing" and "not yours".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from preau.common.errors import NotFoundError
from preau.livret.models import BilanState, CycleBilan, PeriodicBilan
from preau.people.access import (
    NOTHING,
    Purpose,
    schools_visible_to,
    teaches_or_directs_q,
    viewer_person_id,
)
from preau.people.models import Guardianship, Person
from preau.schools.models import Classroom

# --- bilans (periodic and end-of-cycle) ---
#
# MANAGE: the teachers of the bilan's classroom and the director of its school (of that
# classroom's school year): every state, accompaniments included.
# READ: the pupil themself and each of its legal guardians: communicated bilans only, and
# never their accompaniments (the serializers of that purpose have no such field).
# INSPECT: the IEN of the school's circonscription and the DASEN of its département, for
# the progress counts only: the queryset is ``values()`` of the state and of where the
# bilan stands, never a bilan; no gate answers one bilan for it. The commune sees nothing.

BILAN_PURPOSES = (Purpose.MANAGE, Purpose.READ, Purpose.INSPECT)
# What a progress count may read of a bilan: where it stands, never what it says.
PROGRESS_FIELDS = ("pk", "state", "classroom_id", "period_id", "classroom__school_id")


def legal_family_pupil_ids(*, person_id: int) -> QuerySet:
    """The viewer as a pupil and the pupils the viewer is a legal guardian of (subquery)."""
    return (Guardianship.objects.filter(guardian_id=person_id, is_legal=True).order_by()
            .values("pupil_id")
            .union(Person.objects.filter(pk=person_id).order_by().values("pk"), all=True))


def _bilan_scope(viewer, *, purpose: Purpose) -> Q:
    if purpose not in BILAN_PURPOSES:
        raise ValueError(f"No bilan access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return NOTHING
    if purpose == Purpose.MANAGE:
        return Q(classroom_id__in=Classroom.objects.filter(
            teaches_or_directs_q(person_id=person_id)).values("pk"))
    if purpose == Purpose.READ:
        return Q(state=BilanState.COMMUNICATED,
                 pupil_id__in=legal_family_pupil_ids(person_id=person_id))
    return Q(classroom__school_id__in=schools_visible_to(
        viewer, purpose=Purpose.INSPECT).values("pk"))


def periodic_bilans_visible_to(viewer, *, purpose: Purpose) -> QuerySet:
    """MANAGE and READ: the bilans (see above). INSPECT: ``values()`` rows of
    ``PROGRESS_FIELDS`` only, to be counted."""
    bilans = PeriodicBilan.objects.filter(_bilan_scope(viewer, purpose=purpose))
    if purpose == Purpose.INSPECT:
        return bilans.values(*PROGRESS_FIELDS)
    return bilans


def periodic_bilan_get_for(viewer, bilan_id: int, *, purpose: Purpose) -> PeriodicBilan:
    if purpose == Purpose.INSPECT:
        raise ValueError("The authorities count bilans; they never read one.")
    bilan = (periodic_bilans_visible_to(viewer, purpose=purpose).filter(pk=bilan_id)
             .select_related("pupil", "classroom__school", "period").first())
    if bilan is None:
        raise NotFoundError("Bilan introuvable.")
    return bilan


def cycle_bilans_visible_to(viewer, *, purpose: Purpose) -> QuerySet:
    """The same rule for the end-of-cycle bilans (INSPECT: ``values()`` rows)."""
    bilans = CycleBilan.objects.filter(_bilan_scope(viewer, purpose=purpose))
    if purpose == Purpose.INSPECT:
        return bilans.values("pk", "state", "classroom_id", "classroom__school_id")
    return bilans


def cycle_bilan_get_for(viewer, bilan_id: int, *, purpose: Purpose) -> CycleBilan:
    if purpose == Purpose.INSPECT:
        raise ValueError("The authorities count bilans; they never read one.")
    bilan = (cycle_bilans_visible_to(viewer, purpose=purpose).filter(pk=bilan_id)
             .select_related("pupil", "classroom__school").first())
    if bilan is None:
        raise NotFoundError("Bilan de fin de cycle introuvable.")
    return bilan


def bilan_children_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Person]:
    """READ: the pupils whose communicated bilans the viewer reads: oneself, and the pupils
    one is a legal guardian of."""
    if purpose != Purpose.READ:
        raise ValueError(f"No bilan child access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Person.objects.none()
    return Person.objects.filter(pk__in=legal_family_pupil_ids(person_id=person_id))


def bilan_child_get_for(viewer, pupil_id: int, *, purpose: Purpose) -> Person:
    pupil = bilan_children_visible_to(viewer, purpose=purpose).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotFoundError("Élève introuvable.")
    return pupil
