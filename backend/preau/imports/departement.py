"""A whole département at scale, for the authority dashboards and their benchmark.

``seed_departement`` builds Ille-et-Vilaine (035) as it stood at the rentrée 2022: the
écoles élémentaires and primaires of the ministry's effectifs (``data/
effectifs_ecoles_035_2022.csv``, 563 schools, 4,176 classes of which the élémentaire
share is kept), placed in their communes and circonscriptions by the Annuaire de
l'éducation importer; classrooms filled with the CP…CM2 pupils of each school; synthetic
people (Faker ``fr_FR`` name pools: nobody real); one teacher per classroom, a director
per school; then a school year of roll calls with their absences and lateness, the L131-8
cases they open, a timetable per classroom, some cancellations, a few weeks of cahier de
textes and homework, and absences announced for the coming days.

Everything is written with ``bulk_create`` in batches; the figures and the time of each
step are returned (the command prints them). Random draws are seeded: the same command
builds the same data.
"""

from __future__ import annotations

import csv
import io
import math
import random
import time as clock
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth

from preau.accounts.models import User
from preau.attendance.figures import unjustified_absences
from preau.attendance.models import (
    Absence,
    AbsenceNotice,
    AbsenteeismCase,
    JustificationStatus,
    RollCall,
)
from preau.homework.models import Homework, LessonEntry
from preau.imports.annuaire import annuaire_import
from preau.people.models import (
    AuthorityMembership,
    AuthorityRole,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
    StaffRole,
)
from preau.schools.calendar import school_days
from preau.schools.models import LEVEL_ORDER, Classroom, HalfDay, School, SchoolYear
from preau.timetable.models import ExceptionKind, TimetableException, TimetableSlot

DATA = Path(__file__).resolve().parent / "data"
EFFECTIFS_035 = DATA / "effectifs_ecoles_035_2022.csv"
PARIS = ZoneInfo("Europe/Paris")
BATCH = 5000
UAI_COLUMN = "Numéro de l'école"
LEVEL_COLUMNS = {level: f"Nombre d'élèves en {level} hors ULIS" for level in LEVEL_ORDER}
ELEMENTARY_COLUMN = "Nombre d'élèves en élémentaire hors ULIS"
ALL_PUPILS_COLUMN = "Nombre total d'élèves"
CLASSES_COLUMN = "Nombre total de classes"
# Share of pupils who miss school often (the L131-8 cases come from them), and the
# probability of an absence / a late arrival on a half-day for them and for the others.
FREQUENT_ABSENTEES = 0.03
ABSENT_FREQUENT, ABSENT_USUAL, LATE = 0.15, 0.03, 0.01
JUSTIFIED_SHARE = 0.7


@dataclass
class SeedReport:
    schools: int = 0
    classrooms: int = 0
    pupils: int = 0
    guardians: int = 0
    staff: int = 0
    school_half_days: int = 0
    roll_calls: int = 0
    absences: int = 0
    cases: int = 0
    slots: int = 0
    lesson_entries: int = 0
    homework: int = 0
    notices: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)


@dataclass
class SchoolPlan:
    uai: str
    levels: dict[str, int]  # pupils per level
    classes: int


def read_effectifs(path: Path | str, *, scale: float = 1.0) -> list[SchoolPlan]:
    """The schools of the extract: pupils per level (CP…CM2) and élémentaire classes (the
    school's classes × the élémentaire share of its pupils, at least one)."""
    plans = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            levels = {level: round(int(row[column] or 0) * scale)
                      for level, column in LEVEL_COLUMNS.items()}
            elementary = sum(levels.values())
            if not elementary:
                continue
            total = max(int(row[ALL_PUPILS_COLUMN] or 0), 1)
            share = int(row[ELEMENTARY_COLUMN] or 0) / total
            classes = max(1, round(int(row[CLASSES_COLUMN] or 1) * share * scale),
                          math.ceil(elementary / 30))
            plans.append(SchoolPlan(row[UAI_COLUMN].strip().upper(), levels, classes))
    return plans


def annuaire_extract(path: Path | str, uais: set[str]) -> io.StringIO:
    """The rows of an Annuaire de l'éducation export for the given schools, header kept."""
    text = Path(path).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(";", 1)[0].upper() in uais]
    return io.StringIO("\n".join(kept) + "\n")


class _Names:
    """Pools of synthetic names drawn once from Faker ``fr_FR`` (fast to pick from)."""

    def __init__(self, rnd: random.Random) -> None:
        from faker import Faker

        faker = Faker("fr_FR")
        faker.seed_instance(rnd.randint(0, 10**6))
        self.rnd = rnd
        self.first = [faker.first_name() for _ in range(400)]
        self.last = [faker.last_name() for _ in range(800)]
        self.streets = [faker.street_address() for _ in range(600)]

    def person(self, **kwargs) -> Person:
        return Person(first_name=self.rnd.choice(self.first),
                      last_name=self.rnd.choice(self.last), **kwargs)


def _batched(objects: list, model, *, on_batch: Callable[[int], None] | None = None) -> list:
    created = []
    for start in range(0, len(objects), BATCH):
        created += model.objects.bulk_create(objects[start:start + BATCH])
        if on_batch:
            on_batch(len(created))
    return created


def _split(levels: dict[str, int], classes: int) -> list[list[str]]:
    """The pupils (as their levels, CP first) shared out into ``classes`` near-equal
    classrooms: a classroom takes one or several consecutive levels."""
    pupils = [level for level in LEVEL_ORDER for _ in range(levels.get(level, 0))]
    size, extra = divmod(len(pupils), classes)
    out, start = [], 0
    for index in range(classes):
        end = start + size + (1 if index < extra else 0)
        if end > start:
            out.append(pupils[start:end])
        start = end
    return out


def school_half_days(school: School, start: date, end: date) -> list[tuple[date, str]]:
    return [(day.date, half_day) for day in school_days(school=school, start=start, end=end,
                                                        closures=[])
            for half_day in day.half_days]


@transaction.atomic
def seed_departement(*, annuaire: Path | str, effectifs: Path | str = EFFECTIFS_035,
                     until: date, days: int | None = None, scale: float = 1.0,
                     school_limit: int | None = None, seed: int = 35,
                     log: Callable[[str], None] = lambda _m: None) -> SeedReport:
    rnd = random.Random(seed)  # reproducible synthetic data, not a secret  # nosec B311
    report = SeedReport()
    started = clock.perf_counter()

    def step(name: str) -> None:
        nonlocal started
        now = clock.perf_counter()
        report.seconds[name] = round(now - started, 1)
        log(f"{name} : {report.seconds[name]} s")
        started = now

    plans = read_effectifs(effectifs, scale=scale)
    if school_limit is not None:
        plans = plans[:school_limit]  # a smaller département: the first schools of the file
    annuaire_report = annuaire_import(
        path_or_file=annuaire_extract(annuaire, {plan.uai for plan in plans}))
    schools = {s.uai: s for s in School.objects.filter(uai__in=[p.uai for p in plans])
               .select_related("circonscription__departement")}
    plans = [plan for plan in plans if plan.uai in schools]
    if not plans:
        raise ValueError("Aucune école de l'extrait n'a pu être importée de l'annuaire.")
    report.schools = len(plans)
    log(f"annuaire : {annuaire_report.created} écoles créées, "
        f"{len(annuaire_report.rejected)} refusées")
    year_start, year_end = SchoolYear.bounds_for(until)
    school_year, _ = SchoolYear.objects.get_or_create(
        label=SchoolYear.label_for(until),
        defaults={"start_date": year_start, "end_date": year_end})
    if Classroom.objects.filter(school__uai__in=schools, school_year=school_year).exists():
        raise ValueError(f"Le département a déjà des classes en {school_year.label} : "
                         "utilisez une base vide.")
    step("annuaire")

    # --- Classrooms, staff ---------------------------------------------------------------
    names = _Names(rnd)
    classrooms, groups = [], []
    for plan in plans:
        for index, group in enumerate(_split(plan.levels, plan.classes), start=1):
            levels = [level for level in LEVEL_ORDER if level in group]
            classrooms.append(Classroom(school=schools[plan.uai], school_year=school_year,
                                        name=f"{'-'.join(levels)} ({index})", levels=levels))
            groups.append(group)
    classrooms = _batched(classrooms, Classroom)
    report.classrooms = len(classrooms)
    teachers = _batched([names.person() for _ in classrooms], Person)
    directors = _batched([names.person() for _ in plans], Person)
    _batched([StaffAssignment(person=t, school_id=c.school_id, school_year=school_year,
                              role=StaffRole.TEACHER, classroom=c)
              for t, c in zip(teachers, classrooms, strict=True)]
             + [StaffAssignment(person=d, school=schools[p.uai], school_year=school_year,
                                role=StaffRole.DIRECTOR)
                for d, p in zip(directors, plans, strict=True)], StaffAssignment)
    report.staff = len(teachers) + len(directors)
    step("classes et personnels")

    # --- Pupils, guardians, enrolments ----------------------------------------------------
    birth_year = {level: year_start.year - 6 - LEVEL_ORDER.index(level) for level in LEVEL_ORDER}
    pupil_rows, pupil_levels, pupil_classrooms = [], [], []
    for classroom, group in zip(classrooms, groups, strict=True):
        for level in group:
            pupil_rows.append(names.person(birth_date=date(birth_year[level],
                                                           rnd.randint(1, 12),
                                                           rnd.randint(1, 28))))
            pupil_levels.append(level)
            pupil_classrooms.append(classroom)
    pupils = _batched(pupil_rows, Person)
    report.pupils = len(pupils)
    guardian_rows, guardian_of = [], []
    for pupil in pupils:
        street = rnd.choice(names.streets)
        for _ in range(2 if rnd.random() < 0.85 else 1):
            guardian_rows.append(Person(first_name=rnd.choice(names.first),
                                        last_name=pupil.last_name, address=street))
            guardian_of.append(pupil)
    guardians = _batched(guardian_rows, Person)
    report.guardians = len(guardians)
    _batched([Guardianship(guardian=g, pupil=p) for g, p in zip(guardians, guardian_of,
                                                                strict=True)], Guardianship)
    school_dates = school_half_days(schools[plans[0].uai], year_start, until)
    dates = sorted({day for day, _half in school_dates})
    enrolments = []
    for pupil, level, classroom in zip(pupils, pupil_levels, pupil_classrooms, strict=True):
        start, end = year_start, None
        draw = rnd.random()
        if draw < 0.01 and len(dates) > 2:  # arrived during the year
            start = rnd.choice(dates[1:])
        elif draw < 0.02 and len(dates) > 2:  # left during the year
            end = rnd.choice(dates[:-1])
        enrolments.append(Enrolment(pupil=pupil, classroom=classroom, level=level,
                                    start_date=start, end_date=end))
    _batched(enrolments, Enrolment)
    step("élèves, familles, inscriptions")

    # --- Timetable ------------------------------------------------------------------------
    slots = []
    for classroom, teacher in zip(classrooms, teachers, strict=True):
        for weekday in (0, 1, 3, 4):
            for start, end, subject in [(time(8, 30), time(11, 30), "francais"),
                                        (time(13, 30), time(16, 30), "mathematiques")]:
                slots.append(TimetableSlot(classroom=classroom, weekday=weekday,
                                           start_time=start, end_time=end, subject=subject,
                                           teacher=teacher, valid_from=year_start))
    slots = _batched(slots, TimetableSlot)
    report.slots = len(slots)
    cancellations = []
    dates_by_weekday = defaultdict(list)
    for day in dates:
        dates_by_weekday[day.weekday()].append(day)
    for slot in slots:
        for day in dates_by_weekday[slot.weekday]:
            if rnd.random() < 0.004:
                cancellations.append(TimetableException(classroom_id=slot.classroom_id, date=day,
                                                        kind=ExceptionKind.CANCELLED, slot=slot,
                                                        reason="Enseignant absent"))
    _batched(cancellations, TimetableException)
    step("emplois du temps")

    # --- Roll calls and absences ------------------------------------------------------------
    if days is not None:  # the last ``days`` days of class; 0: no roll call at all
        kept = set(dates[-days:]) if days > 0 else set()
        school_dates = [(d, h) for d, h in school_dates if d in kept]
    report.school_half_days = len(school_dates)
    frequent = {p.pk for p in pupils if rnd.random() < FREQUENT_ABSENTEES}
    by_classroom = defaultdict(list)
    for enrolment in enrolments:
        by_classroom[enrolment.classroom_id].append(enrolment)
    now = datetime.now(tz=PARIS)
    for number, (classroom, teacher) in enumerate(zip(classrooms, teachers, strict=True)):
        calls, pending = [], []
        members = by_classroom[classroom.pk]
        for day, half_day in school_dates:
            if day == until and half_day == HalfDay.AFTERNOON:
                continue  # the benchmark runs on the morning of the last day
            if rnd.random() < 0.005:
                continue  # a call not taken
            taken_at = datetime.combine(day, time(8, 35) if half_day == HalfDay.MORNING
                                        else time(13, 35), tzinfo=PARIS)
            present = [e.pupil_id for e in members
                       if e.start_date <= day and (e.end_date is None or e.end_date >= day)]
            calls.append(RollCall(classroom=classroom, date=day, half_day=half_day,
                                  taken_by=teacher, taken_at=taken_at, updated_at=taken_at,
                                  pupil_count=len(present)))
            pending.append([(pupil_id, rnd.random()) for pupil_id in present])
        calls = RollCall.objects.bulk_create(calls, batch_size=BATCH)
        absences = []
        for call, draws in zip(calls, pending, strict=True):
            for pupil_id, draw in draws:
                absent = ABSENT_FREQUENT if pupil_id in frequent else ABSENT_USUAL
                if draw < absent:
                    justified = rnd.random() < JUSTIFIED_SHARE and pupil_id not in frequent
                    absences.append(Absence(
                        roll_call=call, pupil_id=pupil_id, date=call.date,
                        half_day=call.half_day, kind="absent",
                        justification_status=(JustificationStatus.ACCEPTED if justified
                                              else JustificationStatus.NONE),
                        reason="maladie_enfant" if justified else "",
                        justified_at=now if justified else None,
                        reviewed_at=now if justified else None))
                elif draw < absent + LATE:
                    absences.append(Absence(roll_call=call, pupil_id=pupil_id, date=call.date,
                                            half_day=call.half_day, kind="late",
                                            minutes_late=rnd.randint(2, 40)))
        Absence.objects.bulk_create(absences, batch_size=BATCH)
        report.roll_calls += len(calls)
        report.absences += len(absences)
        if number % 500 == 499:
            log(f"  appels : {number + 1} classes sur {len(classrooms)}")
    step("appels et absences")

    # --- L131-8 cases (4 or more unjustified absent half-days in a month) ---------------------
    opened = datetime.combine(until, time(8, 0), tzinfo=PARIS)
    cases = [AbsenteeismCase(pupil_id=row["pupil_id"], classroom_id=row["roll_call__classroom_id"],
                             month=_as_date(row["month"]), unjustified_half_days=row["n"],
                             opened_at=opened)
             for row in Absence.objects.filter(unjustified_absences(),
                                               roll_call__classroom__in=classrooms)
             .annotate(month=TruncMonth("date"))
             .values("pupil_id", "roll_call__classroom_id", "month")
             .annotate(n=Count("pk")).filter(n__gte=4).order_by()]
    seen = set()
    unique_cases = []
    for case in cases:  # a pupil who changed classroom in the month: one case
        if (case.pupil_id, case.month) not in seen:
            seen.add((case.pupil_id, case.month))
            unique_cases.append(case)
    report.cases = len(_batched(unique_cases, AbsenteeismCase))
    step("dossiers L131-8")

    # --- Cahier de textes and homework: the last four weeks --------------------------------
    recent = [d for d in dates if d > until - timedelta(days=28)]
    entries, homework = [], []
    for classroom, teacher in zip(classrooms, teachers, strict=True):
        for day in recent:
            subject = rnd.choice(["francais", "mathematiques", "questionner_le_monde", "eps"])
            entries.append(LessonEntry(classroom=classroom, date=day, subject=subject,
                                       title="Séance du jour", author=teacher))
            if rnd.random() < 0.5:
                homework.append(Homework(classroom=classroom, subject=subject,
                                         instructions="Relire la leçon.", due_date=day,
                                         estimated_minutes=rnd.choice([10, 15, 20]),
                                         author=teacher))
    report.lesson_entries = len(_batched(entries, LessonEntry))
    report.homework = len(_batched(homework, Homework))
    step("cahier de textes")

    # --- Absences announced for the coming days -----------------------------------------------
    coming = [until + timedelta(days=n) for n in range(1, 8)]
    notices = []
    for pupil, guardian in zip(guardian_of[::2], guardians[::2], strict=False):
        if rnd.random() < 0.004:
            day = rnd.choice(coming)
            notices.append(AbsenceNotice(pupil=pupil, start_date=day, end_date=day,
                                         reason="maladie_enfant", declared_by=guardian))
    report.notices = len(_batched(notices, AbsenceNotice))

    # --- Authority accounts ---------------------------------------------------------------------
    report.logins = _authority_logins(schools=list(schools.values()), names=names)
    step("comptes d'autorité")
    return report


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _authority_logins(*, schools: Iterable[School], names: _Names) -> dict[str, str]:
    """A DASEN for the département, an IEN per circonscription, a commune officer for the
    commune with the most schools. Logins without a password (set one with
    ``manage.py changepassword`` to use them)."""
    schools = list(schools)
    departement = schools[0].circonscription.departement
    circonscriptions = {s.circonscription for s in schools}
    by_commune = defaultdict(list)
    for school in schools:
        by_commune[school.commune].append(school)
    commune = max(by_commune, key=lambda c: (len(by_commune[c]), c.insee_code))
    logins = {}

    def login(username: str, role: str, **scope) -> None:
        person = names.person()
        person.save()
        AuthorityMembership.objects.create(person=person, role=role, **scope)
        user = User(username=username, person=person)
        user.set_unusable_password()
        user.save()
        logins[username] = role

    login(f"dasen-{departement.code}", AuthorityRole.DASEN, departement=departement)
    for circonscription in sorted(circonscriptions, key=lambda c: c.code):
        login(f"ien-{circonscription.code.lower()}", AuthorityRole.INSPECTOR,
              circonscription=circonscription)
    login(f"mairie-{commune.insee_code}", AuthorityRole.COMMUNE, commune=commune)
    return logins
