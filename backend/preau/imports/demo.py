"""A realistic demo on real schools: the territory comes from a bundled extract of the
Val-de-Marne annuaire, the people are synthetic (Faker ``fr_FR``, seeded).

Demo data is recognised by three marks, which ``--flush`` removes and nothing else:
the fixed demo usernames, the classrooms of the demo schools (and the pupils enrolled
in them, with their guardians), and the adults whose e-mail is on the reserved domain
``demo.preau.invalid``. The territory (schools, communes…) stays.
"""

from __future__ import annotations

import base64
import csv
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from faker import Faker

from preau.accounts.models import User
from preau.accounts.services import (
    DEMO_TOTP_KEY,
    second_factor_required,
    totp_demo_device_give,
)
from preau.common.errors import ApplicationError
from preau.imports.annuaire import AnnuaireReport, annuaire_import
from preau.imports.territory import DATA_DIR
from preau.livret import bilan_services
from preau.livret.models import (
    CYCLE_OF_LEVEL,
    ClassParcours,
    CycleBilan,
    Evaluation,
    EvaluationElement,
    Parcours,
    Period,
    PeriodicBilan,
    ProgrammeElement,
    Result,
)
from preau.livret.suggest import leaf_domains
from preau.people.models import (
    AuthorityMembership,
    AuthorityRole,
    Enrolment,
    GuardianRelationship,
    Guardianship,
    Person,
    Sex,
    StaffAssignment,
    StaffRole,
)
from preau.schools.calendar import school_days
from preau.schools.models import (
    LEVEL_ORDER,
    Classroom,
    Departement,
    School,
    SchoolClosure,
    SchoolYear,
)
from preau.timetable.models import (
    ExceptionKind,
    ExtraActivityKind,
    SchoolEvent,
    SchoolEventKind,
    Subject,
    TimetableException,
    TimetableSlot,
)

DEMO_ANNUAIRE_FILE = DATA_DIR / "demo_annuaire_094.csv"
DEMO_PASSWORD = "preau-demo"  # noqa: S105 — the demo's published password  # nosec B105
DEMO_EMAIL_DOMAIN = "demo.preau.invalid"
DEMO_DEPARTEMENT = "094"
DEFAULT_SEED = 2026
DEMO_USERNAMES = (
    "parent", "parent2", "eleve", "enseignant", "directeur", "mairie", "ien", "dasen", "admin",
)  # fmt: skip

PUPILS_PER_CLASSROOM = (20, 28)
CLASSROOMS_PER_SCHOOL = (4, 8)
# A director of a school of this many classes or fewer also teaches one of them.
DIRECTOR_TEACHES_UP_TO = 5
TWO_GUARDIANS_SHARE = 0.85
SIBLINGS_SHARE = 0.12

# Level mixes by number of classes, as a real école would split its pupils.
CLASS_LAYOUTS: dict[int, tuple[tuple[str, ...], ...]] = {
    4: (("CP",), ("CE1", "CE2"), ("CE2", "CM1"), ("CM1", "CM2")),
    5: (("CP",), ("CE1",), ("CE2",), ("CE2", "CM1"), ("CM1", "CM2")),
    6: (("CP",), ("CE1",), ("CE2",), ("CE2", "CM1"), ("CM1",), ("CM2",)),
    7: (("CP",), ("CP", "CE1"), ("CE1",), ("CE2",), ("CM1",), ("CM1", "CM2"), ("CM2",)),
    8: (("CP",), ("CP",), ("CE1",), ("CE1", "CE2"), ("CE2",), ("CM1",), ("CM1", "CM2"), ("CM2",)),
}


class DemoLogin(NamedTuple):
    role: str
    username: str
    password: str
    who: str


@dataclass
class DemoReport:
    seed: int
    school_year: str
    already_present: bool = False
    present_because: str = ""
    flushed: bool = False
    schools: int = 0
    classrooms: int = 0
    pupils: int = 0
    guardians: int = 0
    staff: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    annuaire: AnnuaireReport | None = None
    # Accounts whose role requires a second factor; with the demo key (local settings only)
    # they come with a device and the key is printed, else they set one up at first login.
    second_factor_usernames: list[str] = field(default_factory=list)
    second_factor_secret: str | None = None


class DemoError(ApplicationError):
    default_code = "demo_failed"


def birth_year_for(*, level: str, school_year_start: date) -> int:
    """A CP pupil is 6 in the calendar year the school year starts; CM2, 10."""
    return school_year_start.year - 6 - LEVEL_ORDER.index(level)


def demo_school_uais() -> list[str]:
    with DEMO_ANNUAIRE_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return [
            row["Identifiant_de_l_etablissement"] for row in csv.DictReader(handle, delimiter=";")
        ]


def _demo_presence(*, uais: list[str]) -> str:
    """Why the demo looks present ("" if it does not)."""
    if User.objects.filter(username__in=DEMO_USERNAMES).exists():
        return "des comptes de démonstration existent"
    if Classroom.objects.filter(school__uai__in=uais).exists():
        return "les écoles de démonstration ont déjà des classes"
    if Person.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}").exists():
        return "des personnes de démonstration existent"
    return ""


def _demo_flush(*, uais: list[str]) -> None:
    classrooms = Classroom.objects.filter(school__uai__in=uais)
    pupil_ids = list(
        Enrolment.objects.filter(classroom__in=classrooms).values_list("pupil_id", flat=True)
    )
    guardian_ids = list(
        Guardianship.objects.filter(pupil_id__in=pupil_ids).values_list("guardian_id", flat=True)
    )
    marked = Q(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")
    people = Person.objects.filter(Q(pk__in=pupil_ids) | Q(pk__in=guardian_ids) | marked)
    try:
        User.objects.filter(
            Q(username__in=DEMO_USERNAMES) | Q(person_id__in=people.values("pk"))
        ).delete()
        # The livret of the demo classes (bilans cascade to their rows and acknowledgements).
        PeriodicBilan.objects.filter(classroom__in=classrooms).delete()
        CycleBilan.objects.filter(classroom__in=classrooms).delete()
        ClassParcours.objects.filter(classroom__in=classrooms).delete()
        Enrolment.objects.filter(Q(classroom__in=classrooms) | Q(pupil_id__in=pupil_ids)).delete()
        StaffAssignment.objects.filter(school__uai__in=uais).delete()
        Evaluation.objects.filter(classroom__in=classrooms).delete()
        Period.objects.filter(school__uai__in=uais).delete()
        SchoolEvent.objects.filter(school__uai__in=uais).delete()
        SchoolClosure.objects.filter(school__uai__in=uais).delete()
        people.delete()
        classrooms.delete()
    except ProtectedError as exc:
        raise DemoError(
            "Impossible d'effacer la démo : d'autres données y sont rattachées "
            f"({len(exc.protected_objects)} objet(s) protégé(s))."
        ) from exc


# --- The livret: one communicated period ------------------------------------------------------

GENERAL_APPRECIATIONS = [
    "Un trimestre sérieux : les efforts en lecture portent leurs fruits.",
    "Un bon début d'année ; la participation à l'oral doit encore grandir.",
    "Des progrès réguliers. Continue à soigner ton écriture.",
    "Très bon trimestre, travail appliqué et autonome.",
]


def _livret_bilans(*, home: _SchoolPlan, demo_family: _Family, year: SchoolYear,
            rng: random.Random) -> None:
    """The first trimester of the demo child's class, through the real workflow: bilans
    filled (the suggestion when the period's evaluations give one), locked by the teacher,
    validated and communicated by the director; the mother ("parent") has acknowledged, the
    father ("parent2") not yet."""
    child = demo_family.slots[0]
    classroom = child.classroom
    start = year.start_date
    bounds = [(start, start.replace(month=11, day=30)),
              (start.replace(month=12, day=1),
               start.replace(year=start.year + 1, month=3, day=1) - timedelta(days=1)),
              (start.replace(year=start.year + 1, month=3, day=1), year.end_date)]
    periods = [Period.objects.get_or_create(
        school=home.school, school_year=year, index=index,
        defaults={"count": 3, "start_date": first, "end_date": last})[0]
        for index, (first, last) in enumerate(bounds, start=1)]
    period = periods[0]
    users = {user.person_id: user for user in User.objects.filter(person_id__in=[
        home.teachers[classroom.name].pk, home.director.pk,
        demo_family.guardians[0][0].pk])}
    teacher = users[home.teachers[classroom.name].pk]
    director = users[home.director.pk]
    mother = users[demo_family.guardians[0][0].pk]

    bilan_services.class_bilans_open(classroom=classroom, period=period)
    bilans = list(PeriodicBilan.objects.filter(classroom=classroom, period=period)
                  .prefetch_related("domains__domain"))
    for bilan in bilans:
        rows = list(bilan.domains.all())
        required = {domain.pk for domain in leaf_domains(row.domain for row in rows)}
        bilan_services.periodic_bilan_update(
            actor=teacher, bilan=bilan,
            domains=[{"domain": row.domain_id,
                      **({"accept_suggestion": True} if row.suggested else
                         {"positionnement": rng.choice([2, 3, 3, 3, 4])})}
                     for row in rows if row.domain_id in required],
            general_appreciation=rng.choice(GENERAL_APPRECIATIONS))
        bilan_services.periodic_bilan_lock(actor=teacher, bilan=bilan)
    bilan_services.class_parcours_set(actor=teacher, classroom=classroom, period=period,
                                      parcours=[{"code": Parcours.CITOYEN,
                                                 "project": "Élection des délégués de classe"}])
    bilan_services.class_bilans_validate(actor=director, classroom=classroom, period=period)
    bilan_services.class_bilans_communicate(actor=director, classroom=classroom, period=period)
    own = next(bilan for bilan in bilans if bilan.pupil_id == child.pupil.pk)
    bilan_services.bilan_acknowledge(actor=mother, bilan=own,
                                     comment="Merci pour ce bilan détaillé.")


# --- The week of every classroom ------------------------------------------------------------

AFTERNOONS = {
    0: (Subject.QUESTIONNER_LE_MONDE, Subject.EPS),
    1: (Subject.LANGUES_VIVANTES, Subject.ARTS_PLASTIQUES),
    3: (Subject.HISTOIRE_GEOGRAPHIE, Subject.EPS),
    4: (Subject.EMC, Subject.EDUCATION_MUSICALE),
}


def _week_rows(weekday: int) -> list[tuple[time, time, str]]:
    first, second = AFTERNOONS[weekday]
    return [
        (time(8, 30), time(10, 0), Subject.FRANCAIS),
        (time(10, 0), time(10, 15), Subject.RECREATION),
        (time(10, 15), time(11, 30), Subject.MATHEMATIQUES),
        (time(11, 30), time(13, 30), Subject.PAUSE_MERIDIENNE),
        (time(13, 30), time(14, 30), first),
        (time(14, 30), time(14, 45), Subject.RECREATION),
        (time(14, 45), time(16, 30), second),
    ]


def _timetable(*, plans: list[_SchoolPlan], year: SchoolYear, today: date) -> None:
    """A typical 24-hour week per classroom, the school's agenda, and a few changes."""
    slots = [
        TimetableSlot(classroom=classroom, weekday=weekday, start_time=start, end_time=end,
                      subject=subject, valid_from=year.start_date)
        for plan in plans
        for classroom in plan.classrooms
        for weekday in AFTERNOONS
        for start, end, subject in _week_rows(weekday)
    ]
    TimetableSlot.objects.bulk_create(slots)
    home = plans[0]
    tz = timezone.get_current_timezone()
    days = [d.date for d in school_days(school=home.school, start=today,
                                        end=today + timedelta(days=45)) if d.is_school_day]
    if len(days) < 3:
        return
    SchoolEvent.objects.bulk_create([
        SchoolEvent(school=home.school, kind=SchoolEventKind.PARENT_MEETING,
                    title="Réunion de parents", location="Préau de l'école",
                    starts_at=datetime.combine(days[2], time(18, 0), tzinfo=tz),
                    ends_at=datetime.combine(days[2], time(19, 30), tzinfo=tz)),
        SchoolEvent(school=home.school, classroom=home.classrooms[0],
                    kind=SchoolEventKind.CLASS_PHOTO, title="Photo de classe",
                    starts_at=datetime.combine(days[1], time(9, 0), tzinfo=tz),
                    ends_at=datetime.combine(days[1], time(10, 0), tzinfo=tz)),
    ])
    for classroom in home.classrooms[:2]:
        monday_french = next(s for s in slots if s.classroom_id == classroom.pk
                             and s.weekday == days[0].weekday() and s.start_time == time(8, 30))
        TimetableException.objects.create(
            classroom=classroom, date=days[0], kind=ExceptionKind.CANCELLED, slot=monday_french,
            reason="Enseignant·e en formation, non remplacé·e")
        TimetableException.objects.create(
            classroom=classroom, date=days[1], kind=ExceptionKind.EXTRA,
            activity=ExtraActivityKind.PISCINE, title="Piscine", location="Piscine municipale",
            start_time=time(13, 30), end_time=time(15, 0))


# --- The livret: periods and a few published evaluations ------------------------------------

# (title, days before today, the sub-domains evaluated: how many elements of each)
DEMO_EVALUATIONS = (
    ("Dictée de mots", 30, (("FRA-ETL", 2), ("FRA-ECR", 1))),
    ("Calcul mental", 16, (("MAT-NBC", 3),)),
    ("Lecture et compréhension", 6, (("FRA-LEC", 2), ("FRA-LGO", 1))),
)
# Levels 1–4 drawn with these weights; some pupils are absent.
DEMO_LEVEL_WEIGHTS = (1, 3, 5, 2)
DEMO_ABSENT_SHARE = 0.04


def _trimesters(*, school: School, year: SchoolYear) -> list[Period]:
    start = year.start_date
    second = date(start.year, 12, 1)
    third = date(start.year + 1, 3, 1)
    return [Period(school=school, school_year=year, index=index, count=3, start_date=first,
                   end_date=last)
            for index, (first, last) in enumerate(
                [(start, second - timedelta(days=1)), (second, third - timedelta(days=1)),
                 (third, year.end_date)], start=1)]


def _livret(*, plans: list[_SchoolPlan], year: SchoolYear, today: date,
            rng: random.Random) -> None:
    """Trimesters in every demo school, and in every classroom three evaluations of the last
    weeks, published, with a level for each pupil (in bulk: a few queries in all)."""
    Period.objects.bulk_create([p for plan in plans
                                for p in _trimesters(school=plan.school, year=year)])
    elements: dict[tuple[str, str], list[int]] = {}
    for cycle, code, pk in ProgrammeElement.objects.filter(school=None, is_active=True).order_by(
            "position", "pk").values_list("domain__cycle", "domain__code", "pk"):
        elements.setdefault((cycle, code), []).append(pk)
    now = timezone.now()
    evaluations: list[tuple[Evaluation, list[int], list[Person]]] = []
    for plan in plans:
        for classroom in plan.classrooms:
            cycle = CYCLE_OF_LEVEL[classroom.levels[0]]
            pupils = [slot.pupil for slot in plan.slots
                      if slot.classroom is classroom and slot.pupil is not None]
            for title, days_ago, parts in DEMO_EVALUATIONS:
                on = max(year.start_date + timedelta(days=7), today - timedelta(days=days_ago))
                chosen = [pk for code, count in parts for pk in elements[(cycle, code)][:count]]
                evaluations.append((Evaluation(
                    classroom=classroom, title=title, date=on,
                    author=plan.teachers[classroom.name], published_at=now), chosen, pupils))
    Evaluation.objects.bulk_create([evaluation for evaluation, _e, _p in evaluations])
    EvaluationElement.objects.bulk_create([
        EvaluationElement(evaluation=evaluation, element_id=pk, position=position)
        for evaluation, chosen, _pupils in evaluations
        for position, pk in enumerate(chosen)], batch_size=1000)
    results = []
    for evaluation, chosen, pupils in evaluations:
        for pupil in pupils:
            absent = rng.random() < DEMO_ABSENT_SHARE
            results += [Result(evaluation=evaluation, element_id=pk, pupil=pupil,
                               absent=absent, level=None if absent else rng.choices(
                                   (1, 2, 3, 4), weights=DEMO_LEVEL_WEIGHTS)[0])
                        for pk in chosen]
    Result.objects.bulk_create(results, batch_size=1000)


# --- Building people ---------------------------------------------------------------------


def _slug(value: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


class _People:
    """Synthetic people, all drawn from one seeded Faker and one seeded Random."""

    def __init__(self, *, seed: int) -> None:
        self.rng = random.Random(seed)  # reproducible demo data, not a secret  # nosec B311
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.persons: list[Person] = []
        self._emails = 0
        self._ines = 0

    def _email(self, first_name: str, last_name: str) -> str:
        self._emails += 1
        return f"{_slug(first_name)}.{_slug(last_name)}.{self._emails}@{DEMO_EMAIL_DOMAIN}"

    def _phone(self) -> str:
        # 06 39 98 xx xx: a range the ARCEP keeps for fiction, never a real subscriber.
        return f"06 39 98 {self.rng.randrange(100):02d} {self.rng.randrange(100):02d}"

    def adult(
        self, *, sex: str, last_name: str | None = None, home: tuple[str, str, str] | None = None
    ) -> Person:
        """An adult with a reserved e-mail; ``home`` is (address, postal code, city)."""
        first_name = (
            self.fake.first_name_female() if sex == Sex.FEMALE else self.fake.first_name_male()
        )
        last_name = last_name or self.fake.last_name()
        address, postal_code, city = home or ("", "", "")
        person = Person(
            first_name=first_name,
            last_name=last_name,
            sex=sex,
            email=self._email(first_name, last_name),
            phone=self._phone(),
            address=address,
            postal_code=postal_code,
            city=city,
        )
        self.persons.append(person)
        return person

    def staff(self) -> Person:
        return self.adult(sex=self.rng.choice([Sex.FEMALE, Sex.FEMALE, Sex.MALE]))

    def pupil(self, *, last_name: str, level: str, year_start: date) -> Person:
        sex = self.rng.choice([Sex.FEMALE, Sex.MALE])
        # Faker's French first names are those of the parents' generation; children
        # born 2015-2020 get the names most given in France in those years.
        first_name = self.rng.choice(
            CHILD_FIRST_NAMES_FEMALE if sex == Sex.FEMALE else CHILD_FIRST_NAMES_MALE
        )
        year = birth_year_for(level=level, school_year_start=year_start)
        born = date(year, 1, 1) + timedelta(days=self.rng.randrange(365))
        # An INE of the national format (ten digits and a letter, as ONDE gives it), synthetic:
        # the LSU export needs one per pupil.
        self._ines += 1
        ine = f"{9_900_000_000 + self._ines:010d}{'ABCDEFGHJKLMNPRSTUVWXYZ'[self._ines % 23]}"
        person = Person(first_name=first_name, last_name=last_name, sex=sex, birth_date=born,
                        ine=ine)
        self.persons.append(person)
        return person


CHILD_FIRST_NAMES_FEMALE = [
    "Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Léa", "Rose", "Anna", "Mila",
    "Inès", "Ambre", "Julia", "Mia", "Léna", "Manon", "Juliette", "Lou", "Zoé", "Camille",
    "Agathe", "Jeanne", "Lucie", "Éva", "Nina", "Sarah", "Romane", "Iris", "Adèle", "Louna",
    "Margaux", "Charlotte", "Victoire", "Alba", "Clémence", "Yasmine", "Maëlys", "Capucine",
]
CHILD_FIRST_NAMES_MALE = [
    "Gabriel", "Léo", "Raphaël", "Louis", "Arthur", "Lucas", "Adam", "Jules", "Hugo", "Maël",
    "Liam", "Noah", "Paul", "Ethan", "Tiago", "Sacha", "Gabin", "Nathan", "Mohamed", "Aaron",
    "Tom", "Éden", "Théo", "Noé", "Léon", "Martin", "Mathis", "Nolan", "Timéo", "Isaac",
    "Yanis", "Marius", "Axel", "Naël", "Malo", "Victor", "Rayan", "Antoine", "Samuel",
]


@dataclass(eq=False)
class _Slot:
    classroom: Classroom
    level: str
    pupil: Person | None = None


@dataclass
class _Family:
    slots: list[_Slot]
    guardians: list[tuple[Person, str]] = field(default_factory=list)


@dataclass
class _SchoolPlan:
    school: School
    classrooms: list[Classroom]
    slots: list[_Slot]
    director_teaches: bool
    teachers: dict[str, Person] = field(default_factory=dict)  # classroom name → teacher
    director: Person | None = None


def _classroom_names(layout: tuple[tuple[str, ...], ...]) -> Iterator[str]:
    names = ["-".join(levels) for levels in layout]
    seen: dict[str, int] = {}
    for name in names:
        if names.count(name) > 1:
            seen[name] = seen.get(name, 0) + 1
            yield f"{name} {'ABCDEFGH'[seen[name] - 1]}"
        else:
            yield name


def _plan_school(
    *, school: School, year: SchoolYear, count: int, rng: random.Random
) -> _SchoolPlan:
    layout = CLASS_LAYOUTS[count]
    classrooms = [
        # ONDE's class identifier (the LSU export's ``id-be``), synthetic.
        Classroom(school=school, school_year=year, name=name, levels=list(levels),
                  onde_class_id=f"{school.uai}-{index}")
        for index, (name, levels) in enumerate(
            zip(_classroom_names(layout), layout, strict=True), start=1)
    ]
    slots: list[_Slot] = []
    for classroom in classrooms:
        size = rng.randint(*PUPILS_PER_CLASSROOM)
        levels = classroom.levels
        if len(levels) == 1:
            slots += [_Slot(classroom, levels[0]) for _ in range(size)]
        else:
            first = rng.randint(size // 2 - 3, size // 2 + 3)
            slots += [_Slot(classroom, levels[0]) for _ in range(first)]
            slots += [_Slot(classroom, levels[1]) for _ in range(size - first)]
    return _SchoolPlan(
        school=school,
        classrooms=classrooms,
        slots=slots,
        director_teaches=count <= DIRECTOR_TEACHES_UP_TO,
    )


def _families(*, slots: list[_Slot], rng: random.Random) -> list[_Family]:
    """Group the pupils of a school into families: mostly one child, some siblings."""
    pool = slots[:]
    rng.shuffle(pool)
    families: list[_Family] = []
    while pool:
        first = pool.pop()
        members = [first]
        if pool and rng.random() < SIBLINGS_SHARE:
            wanted = 3 if rng.random() < 0.2 else 2
            for slot in pool[:]:
                if len(members) == wanted:
                    break
                if all(slot.classroom is not m.classroom for m in members):
                    members.append(slot)
                    pool.remove(slot)
        families.append(_Family(members))
    return families


def _populate_family(
    *,
    family: _Family,
    people: _People,
    school: School,
    year_start: date,
    two_guardians: bool | None = None,
) -> None:
    """Guardians (sharing one home in the school's commune) and the children's names."""
    rng = people.rng
    last_name = people.fake.last_name()
    home = (people.fake.street_address(), school.postal_code, school.commune.name)
    if two_guardians is None:
        two_guardians = rng.random() < TWO_GUARDIANS_SHARE
    if two_guardians:
        mother_name = last_name if rng.random() < 0.75 else None
        family.guardians = [
            (people.adult(sex=Sex.FEMALE, last_name=mother_name, home=home),
             GuardianRelationship.MOTHER),
            (people.adult(sex=Sex.MALE, last_name=last_name, home=home),
             GuardianRelationship.FATHER),
        ]  # fmt: skip
    else:
        sex, relationship = (
            (Sex.FEMALE, GuardianRelationship.MOTHER)
            if rng.random() < 0.75
            else (Sex.MALE, GuardianRelationship.FATHER)
        )
        family.guardians = [(people.adult(sex=sex, last_name=last_name, home=home), relationship)]
    for slot in family.slots:
        slot.pupil = people.pupil(last_name=last_name, level=slot.level, year_start=year_start)


def _plan_schools(
    *, schools: list[School], year: SchoolYear, rng: random.Random
) -> list[_SchoolPlan]:
    low, high = CLASSROOMS_PER_SCHOOL
    plans: list[_SchoolPlan] = []
    for index, school in enumerate(schools):
        # The first school hosts the demo family: large enough for a director who does
        # not teach, so that "enseignant" and "directeur" are two different people. The
        # last one is small: its director also teaches a class.
        if index == 0:
            count = rng.randint(DIRECTOR_TEACHES_UP_TO + 1, high)
        elif index == len(schools) - 1:
            count = rng.randint(low, DIRECTOR_TEACHES_UP_TO)
        else:
            count = rng.randint(low, high)
        plans.append(_plan_school(school=school, year=year, count=count, rng=rng))
    return plans


def _demo_family(*, home: _SchoolPlan, people: _People, year_start: date) -> _Family:
    """Two children in two classrooms of the home school, with two legal guardians."""
    younger_class, older_class = home.classrooms[1], home.classrooms[-2]
    younger = [slot for slot in home.slots if slot.classroom is younger_class][-1]
    older = next(slot for slot in home.slots if slot.classroom is older_class)
    family = _Family([older, younger])
    _populate_family(
        family=family, people=people, school=home.school, year_start=year_start,
        two_guardians=True,
    )  # fmt: skip
    return family


def _people_for(
    *, plans: list[_SchoolPlan], demo_family: _Family, people: _People, year_start: date
) -> list[_Family]:
    families = [demo_family]
    for plan in plans:
        others = [slot for slot in plan.slots if slot not in demo_family.slots]
        for family in _families(slots=others, rng=people.rng):
            _populate_family(family=family, people=people, school=plan.school,
                             year_start=year_start)  # fmt: skip
            families.append(family)
        plan.director = people.staff()
        for position, classroom in enumerate(plan.classrooms):
            teaches = position == 0 and plan.director_teaches
            plan.teachers[classroom.name] = plan.director if teaches else people.staff()
    return families


def _save(
    *, plans: list[_SchoolPlan], families: list[_Family], people: _People, year: SchoolYear
) -> None:
    """Everything in bulk: a few queries for the whole demo."""
    Person.objects.bulk_create(people.persons, batch_size=500)
    Classroom.objects.bulk_create([c for plan in plans for c in plan.classrooms])
    enrolments: list[Enrolment] = []
    guardianships: list[Guardianship] = []
    for family in families:
        for slot in family.slots:
            enrolments.append(
                Enrolment(pupil=slot.pupil, classroom=slot.classroom, level=slot.level,
                          start_date=year.start_date)
            )  # fmt: skip
            guardianships += [
                Guardianship(guardian=guardian, pupil=slot.pupil, relationship=relationship,
                             is_legal=True)
                for guardian, relationship in family.guardians
            ]  # fmt: skip
    Enrolment.objects.bulk_create(enrolments, batch_size=500)
    Guardianship.objects.bulk_create(guardianships, batch_size=500)
    assignments: list[StaffAssignment] = []
    for plan in plans:
        assignments.append(
            StaffAssignment(person=plan.director, school=plan.school, school_year=year,
                            role=StaffRole.DIRECTOR)
        )  # fmt: skip
        assignments += [
            StaffAssignment(person=plan.teachers[classroom.name], school=plan.school,
                            school_year=year, role=StaffRole.TEACHER, classroom=classroom)
            for classroom in plan.classrooms
        ]  # fmt: skip
    StaffAssignment.objects.bulk_create(assignments)


def _of(name: str) -> str:
    """French elision: « mère d'Augustin », « mère de Léa »."""
    return f"d'{name}" if _slug(name)[:1] in set("aeiou") else f"de {name}"


def _child_label(slot: _Slot) -> str:
    assert slot.pupil is not None
    return f"{slot.pupil.first_name} ({slot.level}, classe {slot.classroom.name})"


@dataclass
class _Authorities:
    commune_officer: Person
    inspector: Person
    dasen: Person
    departement: Departement


def _logins(
    *, home: _SchoolPlan, demo_family: _Family, authorities: _Authorities
) -> list[tuple[DemoLogin, Person | None]]:
    (mother, _), (father, _) = demo_family.guardians
    child = demo_family.slots[0]  # the older one, who logs in as "eleve"
    assert child.pupil is not None
    assert home.director is not None
    teacher = home.teachers[child.classroom.name]
    school, commune = home.school, home.school.commune
    first, second = (_child_label(slot) for slot in demo_family.slots)
    where = f"{school.name} ({commune.name})"
    departement = authorities.departement
    rows = [
        ("Responsable légal", "parent", mother,
         f"{mother.full_name}, mère {_of(first)} et {_of(second)} — {where}"),
        ("Responsable légal", "parent2", father,
         f"{father.full_name}, père des deux mêmes enfants"),
        ("Élève", "eleve", child.pupil,
         f"{child.pupil.full_name}, {child.level} en classe {child.classroom.name}"),
        ("Enseignant·e", "enseignant", teacher,
         f"{teacher.full_name}, classe {child.classroom.name}"),
        ("Directeur·rice", "directeur", home.director,
         f"{home.director.full_name}, direction de l'{where}"),
        ("Mairie", "mairie", authorities.commune_officer,
         f"{authorities.commune_officer.full_name}, agent de la commune de {commune.name}"),
        ("IEN", "ien", authorities.inspector,
         f"{authorities.inspector.full_name}, {school.circonscription.name}"),
        ("DASEN", "dasen", authorities.dasen,
         f"{authorities.dasen.full_name}, DASEN {departement.name} ({departement.code})"),
        ("Administrateur", "admin", None, "Opérateur de la plateforme (administration Django)"),
    ]  # fmt: skip
    return [
        (DemoLogin(role, username, DEMO_PASSWORD, who), person)
        for role, username, person, who in rows
    ]


def _create_users(logins: list[tuple[DemoLogin, Person | None]]) -> None:
    password = make_password(DEMO_PASSWORD)  # once: a password hasher is deliberately slow
    User.objects.bulk_create(
        [
            User(
                username=login.username,
                password=password,
                person=person,
                first_name=person.first_name if person else "",
                last_name=person.last_name if person else "",
                email=person.email if person else f"admin@{DEMO_EMAIL_DOMAIN}",
                is_staff=person is None,
                is_superuser=person is None,
            )
            for login, person in logins
        ]
    )


def _second_factors(*, report: DemoReport, logins: list[tuple[DemoLogin, Person | None]]) -> None:
    """The demo accounts whose role requires a second factor get the demo's device under the
    local settings (its key is printed); elsewhere they set one up at their first login."""
    users = User.objects.filter(username__in=[login.username for login, _person in logins])
    required = sorted(user.username for user in users if second_factor_required(user=user))
    report.second_factor_usernames = required
    if not settings.PREAU_DEMO_TOTP_ALLOWED:
        return
    for user in users:
        if user.username in required:
            totp_demo_device_give(user=user)
    report.second_factor_secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


@transaction.atomic
@transaction.atomic
def demo_seed(*, seed: int = DEFAULT_SEED, flush: bool = False) -> DemoReport:
    """Seed the demo for the current school year; refuse to duplicate it unless ``flush``."""
    today = timezone.localdate()
    report = DemoReport(seed=seed, school_year=SchoolYear.label_for(today))
    uais = demo_school_uais()
    presence = _demo_presence(uais=uais)
    if presence and not flush:
        report.already_present = True
        report.present_because = presence
        return report
    if presence:
        _demo_flush(uais=uais)
        report.flushed = True

    annuaire = annuaire_import(path_or_file=DEMO_ANNUAIRE_FILE)
    report.annuaire = annuaire
    if annuaire.rejected:
        raise DemoError(f"Extrait d'annuaire de démonstration invalide : {annuaire.rejected[0]}")
    by_uai = School.objects.select_related("commune", "circonscription").in_bulk(
        annuaire.school_uais, field_name="uai"
    )
    start, end = SchoolYear.bounds_for(today)
    year, _created = SchoolYear.objects.get_or_create(
        label=report.school_year, defaults={"start_date": start, "end_date": end}
    )

    people = _People(seed=seed)
    schools = [by_uai[uai] for uai in annuaire.school_uais]
    plans = _plan_schools(schools=schools, year=year, rng=people.rng)
    home = plans[0]
    demo_family = _demo_family(home=home, people=people, year_start=year.start_date)
    families = _people_for(
        plans=plans, demo_family=demo_family, people=people, year_start=year.start_date
    )
    departement = Departement.objects.get(code=DEMO_DEPARTEMENT)
    authorities = _Authorities(
        commune_officer=people.adult(sex=Sex.FEMALE),
        inspector=people.staff(),
        dasen=people.staff(),
        departement=departement,
    )
    _save(plans=plans, families=families, people=people, year=year)
    AuthorityMembership.objects.bulk_create(
        [
            AuthorityMembership(person=authorities.commune_officer, role=AuthorityRole.COMMUNE,
                                commune=home.school.commune),
            AuthorityMembership(person=authorities.inspector, role=AuthorityRole.INSPECTOR,
                                circonscription=home.school.circonscription),
            AuthorityMembership(person=authorities.dasen, role=AuthorityRole.DASEN,
                                departement=departement),
        ]
    )  # fmt: skip
    logins = _logins(home=home, demo_family=demo_family, authorities=authorities)
    _create_users(logins)
    _second_factors(report=report, logins=logins)
    _timetable(plans=plans, year=year, today=today)
    _livret(plans=plans, year=year, today=today, rng=people.rng)
    _livret_bilans(home=home, demo_family=demo_family, year=year, rng=people.rng)

    report.logins = [login for login, _person in logins]
    report.schools = len(plans)
    report.classrooms = sum(len(plan.classrooms) for plan in plans)
    report.pupils = sum(len(family.slots) for family in families)
    report.guardians = sum(len(family.guardians) for family in families)
    report.staff = len({id(p) for plan in plans for p in [plan.director, *plan.teachers.values()]})
    return report
