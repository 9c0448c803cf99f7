"""Access to schools, classrooms, pupils, persons and départements: one rule, written once.

Every read of these types in Préau goes through this module, in Zulip's shape:
``<type>s_visible_to(viewer, *, purpose)`` is a queryset filtered in SQL (subqueries and
``Exists``, never a Python loop over rows) and ``<type>_get_for(viewer, <type>_id, *,
purpose)`` raises the same 404 for "missing" and "not yours". The purpose says what the
caller wants to do (``Purpose``); each one names the rule it applies.

A user holds the roles its ``Person`` earns, and the scopes add up (a teacher who is also a
parent sees both her class and her own children). The operator (Django admin) holds no
school role and sees nothing through the API. The domain apps build their own types' rules
on these (``<app>/access.py``); this module imports none of them.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from preau.common import request_memo
from preau.common.errors import NotFoundError
from preau.people.models import (
    AuthorityMembership,
    AuthorityRole,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
    StaffRole,
)
from preau.schools.models import Classroom, Departement, School

NOTHING = Q(pk__in=[])
# The authorities that read pupils one by one through the people API. A commune reaches
# pupils only through the R131-3 list (docs/authority.md).
PUPIL_READING_AUTHORITIES = (AuthorityRole.INSPECTOR, AuthorityRole.DASEN)
# What a gate reads along with a classroom (the calendar needs the département).
CLASSROOM_RELATED = ("school__circonscription__departement", "school_year")


class Purpose(StrEnum):
    """What the caller wants to do with the object; each gate documents the ones it takes."""

    # See it at all: every role that may know it, the authorities' read-only scope included.
    READ = "read"
    # The school's own life (timetable, homework): its staff and families, no authority.
    TIMETABLE = "timetable"
    # Keep its records (register, cahier de textes): who teaches or directs the classroom.
    REGISTER = "register"
    # Take a roll call: REGISTER, or the replacement teacher of the day (attendance.access).
    ROLL_CALL = "roll_call"
    # A pupil's absences: the pupil's guardians, and who teaches or directs its classroom.
    ATTENDANCE = "attendance"
    # Work there: the school's staff this school year.
    STAFF = "staff"
    # Run it: the director of the school (of the classroom's school year); for a
    # département, its DASEN.
    MANAGE = "manage"
    # The pupil record (fiche élève): who teaches the pupil's current classroom or directs
    # its school, never a family nor an authority (docs/pupil-record.md).
    RECORD = "record"
    # Oversee it, read-only: the commune officers (RPI included), IEN and DASEN whose scope
    # holds the school.
    OVERSEE = "oversee"
    # Inspect it, read-only: the IEN of its circonscription and the DASEN of its
    # département (not the commune).
    INSPECT = "inspect"


def viewer_person_id(viewer) -> int | None:
    """The viewer's person id, or None for an anonymous user or a login with no person
    (the operator): the one place where Préau asks who the viewer is."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    return getattr(viewer, "person_id", None)


def _today(on: date | None) -> date:
    return on or timezone.localdate()


# --- The ties a rule is made of -------------------------------------------------------------


def enrolments_active_on(on: date) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def staff_assignments_current(*, person_id: int, on: date) -> QuerySet[StaffAssignment]:
    return StaffAssignment.objects.filter(
        person_id=person_id,
        school_year__start_date__lte=on,
        school_year__end_date__gte=on,
    )


@dataclass(frozen=True)
class AuthorityScope:
    """What a person's authority memberships name: the communes of a commune officer, the
    circonscriptions of an IEN, the départements of a DASEN (the check constraint on
    ``AuthorityMembership`` ties each path to its role)."""

    communes: frozenset[int] = frozenset()
    circonscriptions: frozenset[int] = frozenset()
    departements: frozenset[int] = frozenset()

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(role for role, ids in ((AuthorityRole.COMMUNE, self.communes),
                                                (AuthorityRole.INSPECTOR, self.circonscriptions),
                                                (AuthorityRole.DASEN, self.departements))
                         if ids)


def authority_scope(*, person_id: int) -> AuthorityScope:
    """The person's authority scope: one query, once per request (``preau.common.request_memo``:
    an authority's page asks for its scope in most of its queries; a WebSocket consumer or a
    task, outside a request, reads it afresh each time)."""

    def load() -> AuthorityScope:
        paths: dict[str, set[int]] = {role: set() for role in AuthorityRole.values}
        for role, commune, circonscription, departement in AuthorityMembership.objects.filter(
                person_id=person_id).values_list("role", "commune_id", "circonscription_id",
                                                 "departement_id"):
            paths[role].add(commune or circonscription or departement)
        return AuthorityScope(communes=frozenset(paths[AuthorityRole.COMMUNE]),
                              circonscriptions=frozenset(paths[AuthorityRole.INSPECTOR]),
                              departements=frozenset(paths[AuthorityRole.DASEN]))

    return request_memo.get_or_compute(("authority_scope", person_id), load)


def authority_schools(*, person_id: int,
                      roles: tuple[AuthorityRole, ...] | None = None) -> QuerySet[School]:
    """Schools in the read-only scope of a commune officer, an IEN or a DASEN (of the
    ``roles`` given, every authority role by default). The scope's ids are written into the
    query as values (``authority_scope``), not as a subquery of the memberships: the
    authorities' queries nest it several times, and Django's building and compiling of those
    nested subqueries was a third of an authority page's time (docs/benchmarks.md)."""
    scope = authority_scope(person_id=person_id)
    roles = frozenset(AuthorityRole.values if roles is None else roles)
    arms = []
    if AuthorityRole.COMMUNE in roles and scope.communes:
        rpi_link = School.rpi_communes.through.objects.filter(
            school_id=OuterRef("pk"), commune_id__in=sorted(scope.communes))
        arms += [Q(commune_id__in=sorted(scope.communes)), Q(Exists(rpi_link))]
    if AuthorityRole.INSPECTOR in roles and scope.circonscriptions:
        arms.append(Q(circonscription_id__in=sorted(scope.circonscriptions)))
    if AuthorityRole.DASEN in roles and scope.departements:
        arms.append(Q(circonscription__departement_id__in=sorted(scope.departements)))
    if not arms:
        return School.objects.none()
    return School.objects.filter(functools.reduce(operator.or_, arms))


def children_ids(*, person_id: int) -> QuerySet:
    """The ids of the person's children (each legal guardian alike), as a subquery."""
    return Guardianship.objects.filter(guardian_id=person_id).values("pupil_id")


def family_pupil_ids(*, person_id: int) -> QuerySet:
    """The ids of the viewer (as a pupil) and of the viewer's children, as a subquery.

    A UNION, not ``pupil_id = me OR pupil_id IN (children)``: PostgreSQL cannot use an index
    for an OR with a subquery and scans every enrolment of the département (31 ms per
    request at scale 1, against 1.5 ms; docs/benchmarks-profiles.md, scenario 2).
    """
    return (Guardianship.objects.filter(guardian_id=person_id).order_by().values("pupil_id")
            .union(Person.objects.filter(pk=person_id).order_by().values("pk"), all=True))


def family_enrolments(*, person_id: int, on: date) -> QuerySet[Enrolment]:
    """Current enrolments of the viewer (as a pupil) and of the viewer's children."""
    return enrolments_active_on(on).filter(pupil_id__in=family_pupil_ids(person_id=person_id))


def taught_classrooms_q(*, person_id: int) -> Q:
    """Classrooms the person teaches (any school year)."""
    return Q(pk__in=StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER).values("classroom_id"))


def directed_classrooms_q(*, person_id: int) -> Q:
    """Classrooms whose school the person directs, that classroom's school year."""
    return Q(Exists(StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR,
        school_id=OuterRef("school_id"), school_year_id=OuterRef("school_year_id"))))


def directs_school(viewer, *, school_id: int, school_year_id: int | None = None) -> bool:
    """The rule "directs this school": that school year, or the current one if not given."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return False
    directs = StaffAssignment.objects.filter(person_id=person_id, role=StaffRole.DIRECTOR,
                                             school_id=school_id)
    if school_year_id is not None:
        return directs.filter(school_year_id=school_year_id).exists()
    today = timezone.localdate()
    return directs.filter(school_year__start_date__lte=today,
                          school_year__end_date__gte=today).exists()


def teaches_or_directs_q(*, person_id: int) -> Q:
    """The rule "teaches or directs this classroom", on ``Classroom``."""
    return taught_classrooms_q(person_id=person_id) | directed_classrooms_q(person_id=person_id)


def register_classroom_arms(*, person_id: int) -> tuple[QuerySet[Classroom], ...]:
    """The arms of ``teaches_or_directs_q`` apart (taught, directed), for a rule that joins
    them as a ``UNION``: PostgreSQL estimates the ``OR`` of the two at most of the
    département's classrooms, and then plans the register's absences as a scan of all
    of them (docs/benchmarks.md, the guardian's absence list)."""
    return (Classroom.objects.filter(taught_classrooms_q(person_id=person_id)),
            Classroom.objects.filter(directed_classrooms_q(person_id=person_id)))


def taught_or_directed_classrooms(*, person_id: int | None) -> QuerySet[Classroom]:
    if person_id is None:
        return Classroom.objects.none()
    return Classroom.objects.filter(teaches_or_directs_q(person_id=person_id))


def directed_classrooms(*, person_id: int | None) -> QuerySet[Classroom]:
    if person_id is None:
        return Classroom.objects.none()
    return Classroom.objects.filter(directed_classrooms_q(person_id=person_id))


def _overseen_classrooms_q(*, person_id: int, include_authority: bool = True,
                           authority_roles: tuple[AuthorityRole, ...] | None = None) -> Q:
    """Classrooms the viewer teaches, directs the school of, or oversees as an authority
    (of ``authority_roles``, every one by default)."""
    staff = teaches_or_directs_q(person_id=person_id)
    if not include_authority:
        return staff
    return staff | Q(school_id__in=authority_schools(
        person_id=person_id, roles=authority_roles).values("pk"))


# --- Schools ----------------------------------------------------------------------------------


def schools_visible_to(viewer, *, purpose: Purpose,
                       on: date | None = None) -> QuerySet[School]:
    """READ: the schools of one's staff assignments this year, of one's family's current
    enrolments and of one's authority scope. TIMETABLE: those where the viewer sees a
    classroom for TIMETABLE. STAFF: those the viewer works in this year. MANAGE: those
    the viewer directs (in a school year with a classroom). OVERSEE: one's authority
    scope (commune, circonscription, département). INSPECT: the part of it an IEN or a
    DASEN holds."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return School.objects.none()
    if purpose == Purpose.OVERSEE:
        return authority_schools(person_id=person_id)
    if purpose == Purpose.INSPECT:
        return authority_schools(person_id=person_id, roles=PUPIL_READING_AUTHORITIES)
    on = _today(on)
    staff_schools = staff_assignments_current(person_id=person_id, on=on).values("school_id")
    if purpose == Purpose.STAFF:
        return School.objects.filter(pk__in=staff_schools)
    if purpose == Purpose.MANAGE:
        return School.objects.filter(
            pk__in=directed_classrooms(person_id=person_id).values("school_id"))
    visible = School.objects.filter(
        Q(pk__in=staff_schools)
        | Q(pk__in=family_enrolments(person_id=person_id, on=on).values("classroom__school_id"))
        | Q(pk__in=authority_schools(person_id=person_id).values("pk"))
    )
    if purpose == Purpose.READ:
        return visible
    if purpose == Purpose.TIMETABLE:
        return visible.filter(pk__in=classrooms_visible_to(
            viewer, purpose=Purpose.TIMETABLE, on=on).values("school_id"))
    raise ValueError(f"No school access for {purpose!r}.")


def school_get_for(viewer, school_id: int, *, purpose: Purpose) -> School:
    school = (schools_visible_to(viewer, purpose=purpose).filter(pk=school_id)
              .select_related("circonscription__departement").first())
    if school is None:
        raise NotFoundError("École introuvable.")
    return school


# --- Classrooms -------------------------------------------------------------------------------


def classrooms_visible_to(viewer, *, purpose: Purpose,
                          on: date | None = None) -> QuerySet[Classroom]:
    """READ: the classrooms one teaches, directs, oversees as an authority, or where one's
    family is enrolled today. TIMETABLE: the same without the authorities' scope (the
    views the law does not give them). REGISTER: teaches or directs. MANAGE: directs.
    OVERSEE, INSPECT: the classrooms of the schools of that purpose."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Classroom.objects.none()
    if purpose in (Purpose.OVERSEE, Purpose.INSPECT):
        return Classroom.objects.filter(school__in=schools_visible_to(viewer, purpose=purpose))
    if purpose == Purpose.REGISTER:
        return Classroom.objects.filter(teaches_or_directs_q(person_id=person_id))
    if purpose == Purpose.MANAGE:
        return Classroom.objects.filter(directed_classrooms_q(person_id=person_id))
    if purpose not in (Purpose.READ, Purpose.TIMETABLE):
        raise ValueError(f"No classroom access for {purpose!r}.")
    on = _today(on)
    return Classroom.objects.filter(
        _overseen_classrooms_q(person_id=person_id,
                               include_authority=purpose == Purpose.READ)
        | Q(pk__in=family_enrolments(person_id=person_id, on=on).values("classroom_id"))
    )


def classroom_get_for(viewer, classroom_id: int, *,
                      purpose: Purpose) -> Classroom:
    classroom = (classrooms_visible_to(viewer, purpose=purpose).filter(pk=classroom_id)
                 .select_related(*CLASSROOM_RELATED).first())
    if classroom is None:
        raise NotFoundError("Classe introuvable.")
    return classroom


def classrooms_with_full_figures_q(*, viewer, on: date | None = None) -> Q:
    """The classrooms whose pupil counts the viewer sees as they are: every one it sees
    other than as a commune officer. For a commune, a count under ``SMALL_COUNT`` is
    masked, on every endpoint (DESIGN §8)."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return NOTHING
    return (_overseen_classrooms_q(person_id=person_id,
                                   authority_roles=PUPIL_READING_AUTHORITIES)
            | Q(pk__in=family_enrolments(person_id=person_id, on=_today(on))
                .values("classroom_id")))


# --- Pupils -----------------------------------------------------------------------------------


def pupils_visible_to(viewer, *, purpose: Purpose,
                      on: date | None = None) -> QuerySet[Person]:
    """READ: oneself, one's children, and the pupils enrolled today in overseen classrooms
    (by their staff, their IEN and DASEN; not by a commune, which has the R131-3 list).
    TIMETABLE: the same without the authorities. ATTENDANCE: one's children (not oneself)
    and the pupils enrolled today in the classrooms one teaches or directs. RECORD: the
    pupils enrolled today in the classrooms one teaches or directs (not one's children).
    MANAGE: the pupils enrolled today in the classrooms one directs."""
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Person.objects.none()
    on = _today(on)
    if purpose in (Purpose.RECORD, Purpose.MANAGE):
        classrooms = (taught_or_directed_classrooms(person_id=person_id)
                      if purpose == Purpose.RECORD
                      else directed_classrooms(person_id=person_id))
        return Person.objects.filter(pk__in=enrolments_active_on(on).filter(
            classroom_id__in=classrooms.values("pk")).values("pupil_id"))
    if purpose == Purpose.ATTENDANCE:
        return Person.objects.filter(
            Q(pk__in=children_ids(person_id=person_id))
            | Q(pk__in=enrolments_active_on(on).filter(
                classroom_id__in=taught_or_directed_classrooms(person_id=person_id)
                .values("pk")).values("pupil_id"))
        )
    if purpose not in (Purpose.READ, Purpose.TIMETABLE):
        raise ValueError(f"No pupil access for {purpose!r}.")
    overseen = Classroom.objects.filter(
        _overseen_classrooms_q(person_id=person_id, include_authority=purpose == Purpose.READ,
                               authority_roles=PUPIL_READING_AUTHORITIES)
    )
    return Person.objects.filter(
        Q(pk__in=family_enrolments(person_id=person_id, on=on).values("pupil_id"))
        | Q(pk__in=children_ids(person_id=person_id))
        | Q(pk__in=enrolments_active_on(on).filter(classroom__in=overseen).values("pupil_id"))
    )


def pupil_get_for(viewer, pupil_id: int, *, purpose: Purpose) -> Person:
    pupil = pupils_visible_to(viewer, purpose=purpose).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotFoundError("Élève introuvable.")
    return pupil


def guardianships_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Guardianship]:
    """RECORD, MANAGE: the ties to their guardians of the pupils the viewer sees for that
    purpose (a pupil record shows them; its director corrects a guardian's contact)."""
    if purpose not in (Purpose.RECORD, Purpose.MANAGE):
        raise ValueError(f"No guardianship access for {purpose!r}.")
    return Guardianship.objects.filter(
        pupil_id__in=pupils_visible_to(viewer, purpose=purpose).values("pk"))


def guardianship_get_for(viewer, guardianship_id: int, *, purpose: Purpose) -> Guardianship:
    guardianship = (guardianships_visible_to(viewer, purpose=purpose)
                    .filter(pk=guardianship_id).select_related("guardian", "pupil").first())
    if guardianship is None:
        raise NotFoundError("Responsable introuvable.")
    return guardianship


# --- Persons ----------------------------------------------------------------------------------


def persons_visible_to(viewer, *, purpose: Purpose,
                       on: date | None = None) -> QuerySet[Person]:
    """Anyone the viewer may know by name (READ).

    Oneself; visible pupils; the guardians of pupils in overseen classrooms (staff, IEN and
    DASEN; a commune has their names in the R131-3 list only); the staff of the viewer's own
    schools and authority scope; for families, the teachers of their children's
    classrooms and the directors of their schools.
    """
    if purpose != Purpose.READ:
        raise ValueError(f"No person access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Person.objects.none()
    on = _today(on)
    overseen = Classroom.objects.filter(_overseen_classrooms_q(
        person_id=person_id, authority_roles=PUPIL_READING_AUTHORITIES))
    overseen_pupils = enrolments_active_on(on).filter(classroom__in=overseen).values("pupil_id")
    family = family_enrolments(person_id=person_id, on=on)
    staff_schools = staff_assignments_current(person_id=person_id, on=on).values("school_id")
    current_staff = StaffAssignment.objects.filter(
        school_year__start_date__lte=on, school_year__end_date__gte=on
    )
    return Person.objects.filter(
        Q(pk=person_id)
        | Q(pk__in=pupils_visible_to(viewer, purpose=Purpose.READ, on=on).values("pk"))
        | Q(pk__in=Guardianship.objects.filter(pupil_id__in=overseen_pupils).values("guardian_id"))
        | Q(
            pk__in=current_staff.filter(
                Q(school_id__in=staff_schools)
                | Q(school_id__in=authority_schools(person_id=person_id).values("pk"))
            ).values("person_id")
        )
        | Q(
            pk__in=current_staff.filter(
                Q(classroom_id__in=family.values("classroom_id"))
                | Q(role=StaffRole.DIRECTOR, school_id__in=family.values("classroom__school_id"))
            ).values("person_id")
        )
    )


def person_get_for(viewer, person_id: int, *, purpose: Purpose) -> Person:
    person = persons_visible_to(viewer, purpose=purpose).filter(pk=person_id).first()
    if person is None:
        raise NotFoundError("Personne introuvable.")
    return person


# --- Départements -----------------------------------------------------------------------------


def departements_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Departement]:
    """MANAGE: the département whose DASEN the viewer is: the one place an authority role
    writes (the zone's holidays of a school year the ministry has not published)."""
    if purpose != Purpose.MANAGE:
        raise ValueError(f"No département access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Departement.objects.none()
    return Departement.objects.filter(pk__in=AuthorityMembership.objects.filter(
        person_id=person_id, role=AuthorityRole.DASEN).values("departement_id"))


def departement_get_for(viewer, departement_id: int, *,
                        purpose: Purpose) -> Departement:
    """404 for everybody but the DASEN, the département's other roles included."""
    departement = departements_visible_to(viewer, purpose=purpose).filter(
        pk=departement_id).first()
    if departement is None:
        raise NotFoundError("Département introuvable.")
    return departement


# --- Who is told: the logins a classroom's events reach -----------------------------------------


def family_user_ids_of_classroom(*, classroom_id: int, on: date | None = None) -> list[int]:
    """Logins of the pupils enrolled in a classroom on a date and of their guardians."""
    pupils = enrolments_active_on(_today(on)).filter(classroom_id=classroom_id).values("pupil_id")
    return list(
        get_user_model().objects.filter(is_active=True)
        .filter(
            Q(person_id__in=pupils)
            | Q(person_id__in=Guardianship.objects.filter(pupil_id__in=pupils).values("guardian_id"))
        )
        .values_list("pk", flat=True)
    )


def staff_user_ids_of_classroom(*, classroom_id: int) -> list[int]:
    """Logins of the teachers of a classroom and of its school's director."""
    classroom = Classroom.objects.filter(pk=classroom_id).values("school_id", "school_year_id")
    return list(
        get_user_model().objects.filter(is_active=True)
        .filter(
            Q(person__assignments__classroom_id=classroom_id)
            | Q(person__assignments__role=StaffRole.DIRECTOR,
                person__assignments__school_id__in=classroom.values("school_id"),
                person__assignments__school_year_id__in=classroom.values("school_year_id"))
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def staff_user_ids_of_school(*, school_id: int, on: date | None = None) -> list[int]:
    """Logins of the school's staff (its teachers and its director) this school year."""
    on = _today(on)
    people = StaffAssignment.objects.filter(
        school_id=school_id, school_year__start_date__lte=on,
        school_year__end_date__gte=on).values("person_id")
    return list(get_user_model().objects.filter(is_active=True, person_id__in=people)
                .values_list("pk", flat=True))


def director_user_ids_of_classroom(*, classroom_id: int) -> list[int]:
    """Logins of the director of a classroom's school, that classroom's school year."""
    classroom = Classroom.objects.filter(pk=classroom_id).values("school_id", "school_year_id")
    return list(
        get_user_model().objects.filter(
            is_active=True, person__assignments__role=StaffRole.DIRECTOR,
            person__assignments__school_id__in=classroom.values("school_id"),
            person__assignments__school_year_id__in=classroom.values("school_year_id"))
        .values_list("pk", flat=True)
        .distinct()
    )
