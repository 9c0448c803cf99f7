"""Visibility: who may see which school, classroom, pupil and person.

Every read in Préau starts from one of these selectors. Each returns a queryset
filtered in SQL (subqueries and ``Exists``), never a Python loop over rows. A user may
hold several roles at once (a teacher who is also a parent): the scopes add up.

The operator (Django admin) holds no school role and sees nothing through the API.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

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
# A commune sees no pupil count under this (DESIGN §8): "moins de 5 élèves".
SMALL_COUNT = 5
# The authorities that read pupils one by one through the people API. A commune reaches
# pupils only through the R131-3 list (docs/authority.md).
PUPIL_READING_AUTHORITIES = (AuthorityRole.INSPECTOR, AuthorityRole.DASEN)


def _today(on: date | None) -> date:
    return on or timezone.localdate()


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


def authority_schools(*, person_id: int,
                      roles: tuple[AuthorityRole, ...] | None = None) -> QuerySet[School]:
    """Schools in the read-only scope of a commune officer, an IEN or a DASEN (of the
    ``roles`` given, every authority role by default)."""
    memberships = AuthorityMembership.objects.filter(person_id=person_id)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    communes = memberships.filter(role=AuthorityRole.COMMUNE).values("commune_id")
    rpi_link = School.rpi_communes.through.objects.filter(
        school_id=OuterRef("pk"), commune_id__in=communes
    )
    return School.objects.filter(
        Q(commune_id__in=communes)
        | Exists(rpi_link)
        | Q(
            circonscription_id__in=memberships.filter(role=AuthorityRole.INSPECTOR).values(
                "circonscription_id"
            )
        )
        | Q(
            circonscription__departement_id__in=memberships.filter(
                role=AuthorityRole.DASEN
            ).values("departement_id")
        )
    )


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


def _overseen_classrooms_q(*, person_id: int, include_authority: bool = True,
                           authority_roles: tuple[AuthorityRole, ...] | None = None) -> Q:
    """Classrooms the viewer teaches, directs the school of, or oversees as an authority
    (of ``authority_roles``, every one by default)."""
    teaches = StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER
    ).values("classroom_id")
    directs = StaffAssignment.objects.filter(
        person_id=person_id,
        role=StaffRole.DIRECTOR,
        school_id=OuterRef("school_id"),
        school_year_id=OuterRef("school_year_id"),
    )
    staff = Q(pk__in=teaches) | Exists(directs)
    if not include_authority:
        return staff
    return staff | Q(school_id__in=authority_schools(
        person_id=person_id, roles=authority_roles).values("pk"))


def schools_visible_to(*, viewer, on: date | None = None) -> QuerySet[School]:
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
        return School.objects.none()
    on = _today(on)
    return School.objects.filter(
        Q(pk__in=staff_assignments_current(person_id=person_id, on=on).values("school_id"))
        | Q(pk__in=family_enrolments(person_id=person_id, on=on).values("classroom__school_id"))
        | Q(pk__in=authority_schools(person_id=person_id).values("pk"))
    )


def classrooms_visible_to(
    *, viewer, on: date | None = None, include_authority: bool = True
) -> QuerySet[Classroom]:
    """Classrooms the viewer may see. ``include_authority=False`` leaves out the read-only
    scope of commune officers, IEN and DASEN (for the views the law does not give them)."""
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
        return Classroom.objects.none()
    on = _today(on)
    return Classroom.objects.filter(
        _overseen_classrooms_q(person_id=person_id, include_authority=include_authority)
        | Q(pk__in=family_enrolments(person_id=person_id, on=on).values("classroom_id"))
    )


def classrooms_with_full_figures_q(*, viewer, on: date | None = None) -> Q:
    """The classrooms whose pupil counts the viewer sees as they are: every one it sees
    other than as a commune officer. For a commune, a count under ``SMALL_COUNT`` is
    masked, on every endpoint (DESIGN §8)."""
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
        return NOTHING
    return (_overseen_classrooms_q(person_id=person_id,
                                   authority_roles=PUPIL_READING_AUTHORITIES)
            | Q(pk__in=family_enrolments(person_id=person_id, on=_today(on))
                .values("classroom_id")))


def pupils_visible_to(
    *, viewer, on: date | None = None, include_authority: bool = True
) -> QuerySet[Person]:
    """Pupils: oneself, one's children, and the pupils enrolled in overseen classrooms (by
    their staff, their IEN and DASEN; not by a commune, which has the R131-3 list)."""
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
        return Person.objects.none()
    on = _today(on)
    overseen = Classroom.objects.filter(
        _overseen_classrooms_q(person_id=person_id, include_authority=include_authority,
                               authority_roles=PUPIL_READING_AUTHORITIES)
    )
    return Person.objects.filter(
        Q(pk__in=family_enrolments(person_id=person_id, on=on).values("pupil_id"))
        | Q(pk__in=Guardianship.objects.filter(guardian_id=person_id).values("pupil_id"))
        | Q(pk__in=enrolments_active_on(on).filter(classroom__in=overseen).values("pupil_id"))
    )


def persons_visible_to(*, viewer, on: date | None = None) -> QuerySet[Person]:
    """Anyone the viewer may know by name.

    Oneself; visible pupils; the guardians of pupils in overseen classrooms (staff, IEN and
    DASEN; a commune has their names in the R131-3 list only); the staff of the viewer's own
    schools and authority scope; for families, the teachers of their children's
    classrooms and the directors of their schools.
    """
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
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
        | Q(pk__in=pupils_visible_to(viewer=viewer, on=on).values("pk"))
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


# --- Gates: one per type, the same 404 for "missing" and "not yours" -------------------


def school_get_for(*, viewer, school_id: int) -> School:
    school = schools_visible_to(viewer=viewer).filter(pk=school_id).first()
    if school is None:
        raise NotFoundError("École introuvable.")
    return school


def classroom_get_for(*, viewer, classroom_id: int) -> Classroom:
    classroom = (
        classrooms_visible_to(viewer=viewer)
        .select_related("school", "school_year")
        .filter(pk=classroom_id)
        .first()
    )
    if classroom is None:
        raise NotFoundError("Classe introuvable.")
    return classroom


def pupil_get_for(*, viewer, pupil_id: int) -> Person:
    pupil = pupils_visible_to(viewer=viewer).filter(pk=pupil_id).first()
    if pupil is None:
        raise NotFoundError("Élève introuvable.")
    return pupil


def person_get_for(*, viewer, person_id: int) -> Person:
    person = persons_visible_to(viewer=viewer).filter(pk=person_id).first()
    if person is None:
        raise NotFoundError("Personne introuvable.")
    return person


def dasen_departement_get_for(*, viewer, departement_id: int) -> Departement:
    """The département whose DASEN the viewer is: the one place an authority role writes
    (the zone's holidays of a school year the ministry has not published). 404 for
    everybody else, the département's other roles included."""
    person_id = getattr(viewer, "person_id", None) if viewer.is_authenticated else None
    departement = Departement.objects.filter(
        pk=departement_id, pk__in=AuthorityMembership.objects.filter(
            person_id=person_id, role=AuthorityRole.DASEN).values("departement_id"),
    ).first() if person_id else None
    if departement is None:
        raise NotFoundError("Département introuvable.")
    return departement


# --- The viewer's own ties, for the "me" answer ----------------------------------------


def viewer_roles(*, viewer, on: date | None = None) -> list[str]:
    """The roles a user holds today, in a stable order."""
    person_id = getattr(viewer, "person_id", None)
    roles: list[str] = []
    if viewer.is_superuser or viewer.is_staff:
        roles.append("operator")
    if person_id is None:
        return roles
    on = _today(on)
    staff_roles = set(
        staff_assignments_current(person_id=person_id, on=on).values_list("role", flat=True)
    )
    authority = set(
        AuthorityMembership.objects.filter(person_id=person_id).values_list("role", flat=True)
    )
    flags = (
        Person.objects.filter(pk=person_id)
        .annotate(
            is_pupil=Exists(enrolments_active_on(on).filter(pupil_id=OuterRef("pk"))),
            is_guardian=Exists(Guardianship.objects.filter(guardian_id=OuterRef("pk"))),
        )
        .values("is_pupil", "is_guardian")
        .first()
    ) or {"is_pupil": False, "is_guardian": False}
    if flags["is_pupil"]:
        roles.append("pupil")
    if flags["is_guardian"]:
        roles.append("guardian")
    roles += [role for role in (StaffRole.TEACHER, StaffRole.DIRECTOR) if role in staff_roles]
    roles += [role for role in AuthorityRole.values if role in authority]
    return [str(role) for role in roles]


def children_of(*, guardian_id: int) -> QuerySet[Person]:
    return Person.objects.filter(guardianships__guardian_id=guardian_id).order_by(
        "birth_date", "first_name"
    )


def current_enrolments_for(*, pupil_ids, on: date | None = None) -> dict[int, Enrolment]:
    on = _today(on)
    rows = enrolments_active_on(on).filter(pupil_id__in=pupil_ids).select_related(
        "classroom__school"
    )
    return {enrolment.pupil_id: enrolment for enrolment in rows}


def authority_memberships_of(*, person_id: int) -> QuerySet[AuthorityMembership]:
    return AuthorityMembership.objects.filter(person_id=person_id).select_related(
        "commune", "circonscription", "departement"
    )


# --- Lists ------------------------------------------------------------------------------


def _with_current_enrolment(qs: QuerySet[Person], *, on: date) -> QuerySet[Person]:
    return qs.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=enrolments_active_on(on).select_related("classroom__school"),
            to_attr="current_enrolments",
        )
    )


def pupil_list(*, viewer, filters: dict | None = None) -> QuerySet[Person]:
    filters = filters or {}
    on = timezone.localdate()
    qs = pupils_visible_to(viewer=viewer, on=on)
    if filters.get("classroom"):
        qs = qs.filter(
            pk__in=enrolments_active_on(on)
            .filter(classroom_id=filters["classroom"])
            .values("pupil_id")
        )
    if filters.get("school"):
        qs = qs.filter(
            pk__in=enrolments_active_on(on)
            .filter(classroom__school_id=filters["school"])
            .values("pupil_id")
        )
    if filters.get("search"):
        term = filters["search"]
        qs = qs.filter(Q(last_name__icontains=term) | Q(first_name__icontains=term))
    return _with_current_enrolment(qs, on=on).order_by("last_name", "first_name", "pk")


def pupil_detail(*, viewer, pupil_id: int) -> Person | None:
    on = timezone.localdate()
    qs = pupils_visible_to(viewer=viewer, on=on).filter(pk=pupil_id)
    return _with_current_enrolment(qs, on=on).first()


def family_user_ids_of_classroom(*, classroom_id: int, on: date | None = None) -> list[int]:
    """Logins of the pupils enrolled in a classroom on a date and of their guardians."""
    User = get_user_model()  # accounts stands above people (docs/architecture.md)
    pupils = enrolments_active_on(_today(on)).filter(classroom_id=classroom_id).values("pupil_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(person_id__in=pupils)
            | Q(person_id__in=Guardianship.objects.filter(pupil_id__in=pupils).values("guardian_id"))
        )
        .values_list("pk", flat=True)
    )


def staff_user_ids_of_classroom(*, classroom_id: int) -> list[int]:
    """Logins of the teachers of a classroom and of its school's director."""
    User = get_user_model()  # accounts stands above people (docs/architecture.md)
    classroom = Classroom.objects.filter(pk=classroom_id).values("school_id", "school_year_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(person__assignments__classroom_id=classroom_id)
            | Q(person__assignments__role=StaffRole.DIRECTOR,
                person__assignments__school_id__in=classroom.values("school_id"),
                person__assignments__school_year_id__in=classroom.values("school_year_id"))
        )
        .values_list("pk", flat=True)
        .distinct()
    )


# --- Retention: families who left ------------------------------------------------------------


def persons_who_left(*, before: date) -> QuerySet[Person]:
    """Pupils and guardians whose school life here ended before ``before``: no enrolment of
    theirs, and none of a child of theirs, runs on that day or later; never a member of
    staff or of an authority; never someone created since (docs/operations.md)."""
    ongoing = Q(end_date__isnull=True) | Q(end_date__gte=before)
    return (Person.objects.filter(created_at__date__lt=before)
            .exclude(Exists(Enrolment.objects.filter(ongoing, pupil_id=OuterRef("pk"))))
            .exclude(Exists(Enrolment.objects.filter(
                ongoing, pupil__guardianships__guardian_id=OuterRef("pk"))))
            .exclude(Exists(StaffAssignment.objects.filter(person_id=OuterRef("pk"))))
            .exclude(Exists(AuthorityMembership.objects.filter(person_id=OuterRef("pk")))))


def persons_nothing_kept_refers_to() -> QuerySet[Person]:
    """Persons no row that the database protects refers to (an enrolment the register still
    keeps, an absence, a roll call taken…): those a purge may delete."""
    persons = Person.objects.all()
    for relation in Person._meta.get_fields(include_hidden=True):
        if (relation.auto_created and not relation.concrete
                and getattr(relation, "on_delete", None) is models.PROTECT):
            persons = persons.exclude(Exists(relation.related_model._default_manager.filter(
                **{relation.field.name: OuterRef("pk")})))
    return persons
