"""A small, fixed world in which every role has an own, a same-school and an other-school object.

    Département 094 (académie 24)                      Département 035
    ├─ circonscription C1 ─ commune V1 ─ school A       └─ circonscription C3 ─ commune V3 ─ school C
    │                                    ├─ classroom A1: pupil_a1 (guardians guardian, guardian_2), teacher
    │                                    └─ classroom A2: pupil_a2 (guardian_other), teacher_other
    └─ circonscription C2 ─ commune V2 ─ school B
                                         └─ classroom B1: pupil_b1 (guardian_b), teacher_b

director → A, director_other → B; commune → V1, commune_other → V2;
inspector → C1, inspector_other → C2; dasen → 094.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from preau.accounts.models import User
from preau.people.models import AuthorityRole, Person
from preau.schools.models import Classroom, Level, School
from tests.factories import (
    AuthorityMembershipFactory,
    CirconscriptionFactory,
    ClassroomFactory,
    CommuneFactory,
    DepartementFactory,
    DirectorAssignmentFactory,
    EnrolmentFactory,
    GuardianshipFactory,
    PersonFactory,
    PupilFactory,
    SchoolFactory,
    TeacherAssignmentFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "pupil",
    "guardian",
    "guardian_other",
    "teacher",
    "teacher_other",
    "director",
    "director_other",
    "commune",
    "commune_other",
    "inspector",
    "inspector_other",
    "dasen",
    "operator",
]


@dataclass
class World:
    schools: dict[str, School] = field(default_factory=dict)
    classrooms: dict[str, Classroom] = field(default_factory=dict)
    pupils: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # what matrix rows add
    # Sessions opened once for a world shared by a module (tests/conftest.py): role → key.
    session_keys: dict[str, str] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return self.users.get(role)


def _login(username: str, person: Person) -> User:
    return UserFactory(username=username, person=person)


def build_world() -> World:
    world = World()
    d094 = DepartementFactory(code="094", name="Val-de-Marne")
    d035 = DepartementFactory(code="035", name="Ille-et-Vilaine")
    c1 = CirconscriptionFactory(code="0941001A", name="Vitry-sur-Seine 1", departement=d094)
    c2 = CirconscriptionFactory(code="0942002B", name="Ivry-sur-Seine", departement=d094)
    c3 = CirconscriptionFactory(code="0351003C", name="Rennes Nord", departement=d035)
    v1 = CommuneFactory(insee_code="94081", name="Vitry-sur-Seine", departement=d094)
    v2 = CommuneFactory(insee_code="94041", name="Ivry-sur-Seine", departement=d094)
    v3 = CommuneFactory(insee_code="35238", name="Rennes", departement=d035)

    school_a = SchoolFactory(uai="0940001A", name="École Jean Jaurès", commune=v1, circonscription=c1)
    school_b = SchoolFactory(uai="0940002B", name="École Paul Langevin", commune=v2, circonscription=c2)
    school_c = SchoolFactory(uai="0350003C", name="École des Gantelles", commune=v3, circonscription=c3)
    world.schools = {"A": school_a, "B": school_b, "C": school_c}

    a1 = ClassroomFactory(school=school_a, name="CE2 A", levels=[Level.CE2])
    a2 = ClassroomFactory(school=school_a, name="CM1-CM2", levels=[Level.CM1, Level.CM2])
    b1 = ClassroomFactory(school=school_b, name="CP B", levels=[Level.CP])
    c1_room = ClassroomFactory(school=school_c, name="CE1 C", levels=[Level.CE1])
    world.classrooms = {"A1": a1, "A2": a2, "B1": b1, "C1": c1_room}

    pupil_a1 = PupilFactory(first_name="Léa", last_name="Martin")
    pupil_a2 = PupilFactory(first_name="Hugo", last_name="Bernard")
    pupil_b1 = PupilFactory(first_name="Inès", last_name="Petit")
    pupil_c1 = PupilFactory(first_name="Nolan", last_name="Robert")
    EnrolmentFactory(pupil=pupil_a1, classroom=a1)
    EnrolmentFactory(pupil=pupil_a2, classroom=a2, level=Level.CM1)
    EnrolmentFactory(pupil=pupil_b1, classroom=b1)
    EnrolmentFactory(pupil=pupil_c1, classroom=c1_room)
    world.pupils = {"A1": pupil_a1, "A2": pupil_a2, "B1": pupil_b1, "C1": pupil_c1}

    guardian = PersonFactory(first_name="Sophie", last_name="Martin")
    guardian_2 = PersonFactory(first_name="Karim", last_name="Martin")
    guardian_other = PersonFactory(first_name="Julie", last_name="Bernard")
    guardian_b = PersonFactory(first_name="Marc", last_name="Petit")
    GuardianshipFactory(guardian=guardian, pupil=pupil_a1)
    GuardianshipFactory(guardian=guardian_2, pupil=pupil_a1)
    GuardianshipFactory(guardian=guardian_other, pupil=pupil_a2)
    GuardianshipFactory(guardian=guardian_b, pupil=pupil_b1)

    teacher = TeacherAssignmentFactory(classroom=a1).person
    teacher_other = TeacherAssignmentFactory(classroom=a2).person
    TeacherAssignmentFactory(classroom=b1)
    TeacherAssignmentFactory(classroom=c1_room)
    director = DirectorAssignmentFactory(school=school_a).person
    director_other = DirectorAssignmentFactory(school=school_b).person

    def authority(role: str, **scope) -> Person:
        return AuthorityMembershipFactory(role=role, **scope).person

    people = {
        "pupil": pupil_a1,
        "guardian": guardian,
        "guardian_other": guardian_other,
        "teacher": teacher,
        "teacher_other": teacher_other,
        "director": director,
        "director_other": director_other,
        "commune": authority(AuthorityRole.COMMUNE, commune=v1),
        "commune_other": authority(AuthorityRole.COMMUNE, commune=v2),
        "inspector": authority(AuthorityRole.INSPECTOR, circonscription=c1),
        "inspector_other": authority(AuthorityRole.INSPECTOR, circonscription=c2),
        "dasen": authority(AuthorityRole.DASEN, departement=d094),
    }
    world.users = {role: _login(role, person) for role, person in people.items()}
    world.users["guardian_2"] = _login("guardian_2", guardian_2)
    # The platform's operator: Django admin and imports, no school role, no person.
    world.users["operator"] = UserFactory(username="operator", is_staff=True, is_superuser=True)
    return world
