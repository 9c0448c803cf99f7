"""Access to the livret: periods, programme, evaluations; then the bilans (end of the file).

Periods and the level scale belong to a school: its staff and its families read them. The
programme (national elements and the school's own) is the school's staff's working tool.
Evaluations are written by who teaches or directs the classroom (``Purpose.REGISTER``);
once published, the pupil and each legal guardian read them (``Purpose.READ``), with that
pupil's results only — never a classmate's. Authorities (commune, IEN, DASEN) see nothing
of evaluations. Gates raise the same 404 for "missing" and "not yours".
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from preau.common.errors import NotFoundError
from preau.livret.models import (
    BilanState,
    CycleBilan,
    Evaluation,
    LevelScale,
    Period,
    PeriodicBilan,
    ProgrammeElement,
    Result,
)
from preau.people.access import (
    NOTHING,
    Purpose,
    schools_visible_to,
    taught_or_directed_classrooms,
    teaches_or_directs_q,
    viewer_person_id,
)
from preau.people.models import Enrolment, Guardianship, Person, StaffAssignment, StaffRole
from preau.schools.models import Classroom

# --- periods, programme, evaluations ---------------------------------------------------------


def evaluated_pupil_ids(*, person_id: int) -> QuerySet:
    """The pupils whose evaluations a person reads as family: oneself (a pupil) and the
    children one is a *legal* guardian of, as a subquery (a UNION, as
    ``people.access.family_pupil_ids``)."""
    return (Guardianship.objects.filter(guardian_id=person_id, is_legal=True).order_by()
            .values("pupil_id")
            .union(Person.objects.filter(pk=person_id).order_by().values("pk"), all=True))


def periods_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Period]:
    """READ: the periods of the schools whose own life the viewer shares (its staff and its
    families, ``Purpose.TIMETABLE``; no authority). MANAGE: those of the schools it
    directs."""
    if purpose == Purpose.READ:
        schools = schools_visible_to(viewer, purpose=Purpose.TIMETABLE)
    elif purpose == Purpose.MANAGE:
        schools = schools_visible_to(viewer, purpose=Purpose.MANAGE)
    else:
        raise ValueError(f"No period access for {purpose!r}.")
    return Period.objects.filter(school_id__in=schools.values("pk"))


def period_get_for(viewer, period_id: int, *, purpose: Purpose) -> Period:
    period = periods_visible_to(viewer, purpose=purpose).filter(pk=period_id).first()
    if period is None:
        raise NotFoundError("Période introuvable.")
    return period


def programme_elements_visible_to(viewer, *, purpose: Purpose) -> QuerySet[ProgrammeElement]:
    """READ: the national programme and the own elements of the schools one works in this
    year (``Purpose.STAFF``). MANAGE: those own elements only (the national programme is
    not the school's to change)."""
    if purpose not in (Purpose.READ, Purpose.MANAGE):
        raise ValueError(f"No programme element access for {purpose!r}.")
    own = Q(school_id__in=schools_visible_to(viewer, purpose=Purpose.STAFF).values("pk"))
    if purpose == Purpose.MANAGE:
        return ProgrammeElement.objects.filter(own)
    if viewer_person_id(viewer) is None:
        return ProgrammeElement.objects.none()
    return ProgrammeElement.objects.filter(Q(school__isnull=True) | own)


def programme_element_get_for(viewer, element_id: int, *,
                              purpose: Purpose) -> ProgrammeElement:
    element = (programme_elements_visible_to(viewer, purpose=purpose).filter(pk=element_id)
               .select_related("domain").first())
    if element is None:
        raise NotFoundError("Élément du programme introuvable.")
    return element


def level_scales_visible_to(viewer, *, purpose: Purpose) -> QuerySet[LevelScale]:
    """READ: the scales of the schools whose life one shares (staff, families)."""
    if purpose != Purpose.READ:
        raise ValueError(f"No level scale access for {purpose!r}.")
    return LevelScale.objects.filter(
        school_id__in=schools_visible_to(viewer, purpose=Purpose.TIMETABLE).values("pk"))


def _family_enrolled_on_date(person_id: int) -> Exists:
    """On ``Evaluation``: a pupil of the viewer's family was enrolled in its classroom on
    its date."""
    return Exists(Enrolment.objects.filter(
        classroom_id=OuterRef("classroom_id"),
        pupil_id__in=evaluated_pupil_ids(person_id=person_id),
        start_date__lte=OuterRef("date"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date"))))


def evaluations_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Evaluation]:
    """REGISTER: the evaluations of the classrooms one teaches or directs (write them, read
    the whole grid). READ: those, and the *published* evaluations of a classroom where the
    viewer (a pupil) or a child it is the legal guardian of was enrolled on the evaluation's
    date."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Evaluation.objects.none()
    managed = Q(classroom_id__in=taught_or_directed_classrooms(person_id=person_id).values("pk"))
    if purpose == Purpose.REGISTER:
        return Evaluation.objects.filter(managed)
    if purpose != Purpose.READ:
        raise ValueError(f"No evaluation access for {purpose!r}.")
    return Evaluation.objects.filter(
        managed | (Q(published_at__isnull=False) & _family_enrolled_on_date(person_id)))


def evaluation_get_for(viewer, evaluation_id: int, *, purpose: Purpose) -> Evaluation:
    evaluation = (evaluations_visible_to(viewer, purpose=purpose).filter(pk=evaluation_id)
                  .select_related("classroom__school", "classroom__school_year").first())
    if evaluation is None:
        raise NotFoundError("Évaluation introuvable.")
    return evaluation


def results_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Result]:
    """REGISTER: every cell of the evaluations one manages. READ: those, and one's own or
    one's legal children's cells of published evaluations — never a classmate's."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Result.objects.none()
    managed = Q(evaluation__in=evaluations_visible_to(viewer, purpose=Purpose.REGISTER))
    if purpose == Purpose.REGISTER:
        return Result.objects.filter(managed)
    if purpose != Purpose.READ:
        raise ValueError(f"No result access for {purpose!r}.")
    return Result.objects.filter(
        managed | (Q(evaluation__published_at__isnull=False)
                   & Q(pupil_id__in=evaluated_pupil_ids(person_id=person_id))))


def evaluated_children_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Person]:
    """READ: the pupils whose published evaluations the viewer reads as family: oneself
    (a pupil) and one's legal children."""
    if purpose != Purpose.READ:
        raise ValueError(f"No evaluated child access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Person.objects.none()
    return Person.objects.filter(
        Q(pk__in=Guardianship.objects.filter(guardian_id=person_id, is_legal=True)
          .values("pupil_id"))
        | (Q(pk=person_id) & Q(pk__in=Enrolment.objects.values("pupil_id"))))


def evaluated_child_get_for(viewer, pupil_id: int, *, purpose: Purpose) -> Person:
    pupil = evaluated_children_visible_to(viewer, purpose=purpose).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotFoundError("Élève introuvable.")
    return pupil


# --- bilans (periodic and end-of-cycle) ---
#
# MANAGE: the teachers of the bilan's classroom and the director of its school (of that
# classroom's school year): every state, accompaniments included.
# READ: the same staff (every state), and the pupil themself and each of its legal
# guardians: communicated bilans only (the family's views filter the state again), never
# their accompaniments (``sees_accompaniments``; the family serializers have no such field).
# The LSU export reaches them for MANAGE, restricted to the director's period and
# classrooms (``bilan_periods_visible_to``).
# INSPECT: the IEN of the school's circonscription and the DASEN of its département, for
# the progress counts only: the queryset is ``values()`` of the state and of where the
# bilan stands, never a bilan; no gate answers one bilan for it. The commune sees nothing.

BILAN_PURPOSES = (Purpose.MANAGE, Purpose.READ, Purpose.INSPECT)
# What a progress count may read of a bilan: where it stands, never what it says.
PROGRESS_FIELDS = ("pk", "state", "classroom_id", "period_id", "classroom__school_id")


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
        return (Q(classroom_id__in=Classroom.objects.filter(
                    teaches_or_directs_q(person_id=person_id)).values("pk"))
                | Q(state=BilanState.COMMUNICATED,
                    pupil_id__in=evaluated_pupil_ids(person_id=person_id)))
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
    return Person.objects.filter(pk__in=evaluated_pupil_ids(person_id=person_id))


def bilan_child_get_for(viewer, pupil_id: int, *, purpose: Purpose) -> Person:
    pupil = bilan_children_visible_to(viewer, purpose=purpose).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotFoundError("Élève introuvable.")
    return pupil


def sees_accompaniments(viewer, bilan: PeriodicBilan) -> bool:
    """The accompaniment modalities are for the pupil's teachers and the school's director
    only: never a family (a teacher who is also a guardian sees them as a teacher)."""
    person_id = viewer_person_id(viewer)
    return person_id is not None and taught_or_directed_classrooms(
        person_id=person_id).filter(pk=bilan.classroom_id).exists()


def bilan_periods_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Period]:
    """MANAGE: the periods of the schools the viewer directs, that school year (what the
    LSU export is made of)."""
    if purpose != Purpose.MANAGE:
        raise ValueError(f"No bilan period access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Period.objects.none()
    return Period.objects.filter(Exists(StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR, school_id=OuterRef("school_id"),
        school_year_id=OuterRef("school_year_id"))))


def bilan_period_get_for(viewer, period_id: int, *, purpose: Purpose) -> Period:
    period = (bilan_periods_visible_to(viewer, purpose=purpose).filter(pk=period_id)
              .select_related("school", "school_year").first())
    if period is None:
        raise NotFoundError("Période introuvable.")
    return period
