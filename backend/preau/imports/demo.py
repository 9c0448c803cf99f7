"""A realistic demo on real schools: the territory comes from a bundled extract of the
Val-de-Marne annuaire, the people are synthetic (Faker ``fr_FR``, seeded).

Demo data is recognised by three marks, which ``--flush`` removes and nothing else:
the fixed demo usernames, the classrooms of the demo schools (and the pupils enrolled
in them, with their guardians), and the adults whose e-mail is on the reserved domain
``demo.preau.invalid``; with them goes the activity since the rentrée (the classrooms'
calls, absences, lessons and homework, the demo schools' messaging). The territory
(schools, communes…) stays.
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
from preau.attendance.dates import half_day_start, month_bounds
from preau.attendance.figures import unjustified_absences, unjustified_half_day_counts
from preau.attendance.models import (
    Absence,
    AbsenceKind,
    AbsenceNotice,
    AbsenceReason,
    AbsenteeismCase,
    CaseStatus,
    JustificationStatus,
    RegisterSignOff,
    RollCall,
)
from preau.attendance.services import CALL_OPENS_BEFORE, L1318_THRESHOLD
from preau.common.errors import ApplicationError
from preau.common.french import of
from preau.common.markdown import render_markdown
from preau.homework.models import Audience as HomeworkAudience
from preau.homework.models import (
    Homework,
    HomeworkDone,
    HomeworkLevel,
    LessonEntry,
    SchoolHomeworkSettings,
)
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
from preau.messaging.models import (
    Announcement,
    AnnouncementAcknowledgement,
    Audience,
    AudienceScope,
    Conversation,
    ConversationKind,
    LiaisonNote,
    LiaisonNoteDelivery,
    Message,
    NoteAudience,
    Participant,
    Poll,
    PollAnswer,
    PollChoice,
    PollQuestion,
    PollResponse,
    QuestionKind,
    SchoolMessagingSettings,
)
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
from preau.schools.calendar import SchoolDay, school_days, week_start
from preau.schools.models import (
    LEVEL_ORDER,
    Classroom,
    Departement,
    HalfDay,
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
FAMILY_USERNAMES = ("parent", "parent2", "eleve")

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
    # What happened since the rentrée: calls, absences, cases, lessons, homework…
    activity: dict[str, int] = field(default_factory=dict)


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
        _activity_flush(uais=uais, classrooms=classrooms, pupil_ids=pupil_ids)
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


def _activity_flush(*, uais: list[str], classrooms, pupil_ids: list[int]) -> None:
    """The activity of the demo classrooms and the messaging of the demo schools."""
    Conversation.objects.filter(school__uai__in=uais).delete()
    LiaisonNote.objects.filter(school__uai__in=uais).delete()
    Announcement.objects.filter(audience__school__uai__in=uais).delete()
    Poll.objects.filter(audience__school__uai__in=uais).delete()
    Audience.objects.filter(school__uai__in=uais).delete()
    SchoolMessagingSettings.objects.filter(school__uai__in=uais).delete()
    SchoolHomeworkSettings.objects.filter(school__uai__in=uais).delete()
    AbsenteeismCase.objects.filter(classroom__in=classrooms).delete()
    RegisterSignOff.objects.filter(classroom__in=classrooms).delete()
    Absence.objects.filter(roll_call__classroom__in=classrooms).delete()
    RollCall.objects.filter(classroom__in=classrooms).delete()
    AbsenceNotice.objects.filter(pupil_id__in=pupil_ids).delete()
    Homework.objects.filter(classroom__in=classrooms).delete()
    LessonEntry.objects.filter(classroom__in=classrooms).delete()


# --- The livret: one communicated period ------------------------------------------------------

GENERAL_APPRECIATIONS = [
    "Un trimestre sérieux : les efforts en lecture portent leurs fruits.",
    "Un bon début d'année ; la participation à l'oral doit encore grandir.",
    "Des progrès réguliers. Continue à soigner ton écriture.",
    "Très bon trimestre, travail appliqué et autonome.",
]


def _livret_bilans(*, home: _SchoolPlan, demo_family: _Family, year: SchoolYear,
            rng: random.Random) -> PeriodicBilan:
    """The first trimester of the demo child's class, through the real workflow: bilans
    filled (the suggestion when the period's evaluations give one), locked by the teacher,
    validated and communicated by the director; the mother ("parent") has acknowledged, the
    father ("parent2") not yet. The family's logins do not exist yet: communicating
    publishes nothing (the seed sends no live event). Returns what the mother
    acknowledges once her login exists."""
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
        home.teachers[classroom.name].pk, home.director.pk])}
    teacher = users[home.teachers[classroom.name].pk]
    director = users[home.director.pk]

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
    return next(bilan for bilan in bilans if bilan.pupil_id == child.pupil.pk)


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

# (title, days before today, the sub-domains evaluated: how many elements of each). Each is
# dated the last school day on or before that day: the last one is of the last school day,
# so that the current period (a trimester that began this week…) has an evaluation.
DEMO_EVALUATIONS = (
    ("Dictée de mots", 30, (("FRA-ETL", 2), ("FRA-ECR", 1))),
    ("Calcul mental", 16, (("MAT-NBC", 3),)),
    ("Lecture et compréhension", 0, (("FRA-LEC", 2), ("FRA-LGO", 1))),
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
        days = [day.date for day in school_days(school=plan.school, start=year.start_date,
                                                end=min(today, year.end_date))
                if day.is_school_day]
        for classroom in plan.classrooms:
            cycle = CYCLE_OF_LEVEL[classroom.levels[0]]
            pupils = [slot.pupil for slot in plan.slots
                      if slot.classroom is classroom and slot.pupil is not None]
            for title, days_ago, parts in DEMO_EVALUATIONS:
                target = today - timedelta(days=days_ago)
                on = next((day for day in reversed(days) if day <= target),
                          max(year.start_date + timedelta(days=7), target))
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


# --- Activity since the rentrée --------------------------------------------------------------
#
# The weeks from the rentrée to today, as the school lived them: every past half-day's call
# (absences, lateness, justifications), the cahier de textes and homework, conversations,
# liaison notes, an announcement and a poll. The high-volume rows go in bulk; what the
# services derive from them (L131-8 cases, the conversations' last message and read markers)
# is computed the way the services compute it. Nothing is published: no live event.

# The activity draws from its own Random, so that the people stay those of the seed.
ACTIVITY_SEED_OFFSET = 1_000_003
ILLNESS_SHARE = 0.011  # a pupil falls ill on a given school day…
ILLNESS_DAYS = (1, 1, 1, 2, 2, 3)  # …for this many school days
LATE_SHARE = 0.005  # late on a given morning
LESSON_DAYS = 15  # school days of cahier de textes before today
HOMEWORK_PAST_DAYS = 10
HOMEWORK_COMING_DAYS = 8
CALL_TAKEN_AFTER = timedelta(minutes=6)

LESSONS: dict[str, tuple[tuple[str, str], ...]] = {
    Subject.FRANCAIS: (
        ("Lecture : le loup et l'agneau", "Lecture à voix haute, puis questions de "
         "compréhension.\n\n- Qui parle ?\n- Que veut le loup ?"),
        ("Le groupe nominal", "Repérer le nom noyau et ses déterminants dans six phrases."),
        ("Dictée préparée", "Mots de la semaine : *automne, feuille, écureuil, châtaigne*."),
        ("Production d'écrit : raconter sa sortie", "Trois phrases au passé composé, "
         "relues à deux."),
        ("Le présent des verbes du 1er groupe", "Conjugaison de *chanter* et *jouer* ; "
         "exercices 1 à 4 p. 52."),
        ("Poésie : « Le chat et le soleil »", "Découverte du poème de Maurice Carême, "
         "copie de la première strophe."),
        ("Vocabulaire : les familles de mots", "Construire la famille de *terre* et de "
         "*dent*."),
        ("Lecture documentaire : les hérissons", "Prélever des informations dans un texte "
         "et un schéma."),
    ),
    Subject.MATHEMATIQUES: (
        ("Calcul mental : les doubles", "Doubles et moitiés jusqu'à 100, puis jeu du furet."),
        ("La soustraction posée", "Soustraction avec retenue, méthode par compensation."),
        ("Problèmes à étapes", "Trois problèmes : lire, schématiser, calculer, répondre."),
        ("Les grands nombres", "Lire, écrire et décomposer des nombres jusqu'à 10 000."),
        ("Géométrie : l'angle droit", "Repérer des angles droits avec l'équerre."),
        ("Mesures de longueurs", "Mesurer des segments en cm et en mm ; convertir."),
        ("La table de 7", "Construction de la table de 7, jeu de cartes en binômes."),
        ("Fractions simples", "Partager une bande en 2, 4, 8 parts égales ; nommer les "
         "fractions."),
    ),
}
AFTERNOON_LESSONS: dict[str, str] = {
    Subject.QUESTIONNER_LE_MONDE: "Le cycle de l'eau",
    Subject.LANGUES_VIVANTES: "Anglais : les jours de la semaine",
    Subject.HISTOIRE_GEOGRAPHIE: "Se repérer sur une carte du quartier",
    Subject.EMC: "Les règles de la classe",
}
HOMEWORK: dict[str, tuple[tuple[str, int], ...]] = {
    Subject.FRANCAIS: (
        ("Relire le texte de lecture et répondre aux questions 1 et 2.", 15),
        ("Apprendre les mots de la dictée.", 15),
        ("Conjuguer *chanter* au présent dans le cahier du jour.", 10),
        ("Apprendre la première strophe de la poésie.", 20),
    ),
    Subject.MATHEMATIQUES: (
        ("Revoir la table de 7.", 10),
        ("Exercices 3 et 4 p. 38 du fichier.", 20),
        ("Calcul mental : s'entraîner aux doubles avec un adulte.", 10),
        ("Mesurer trois objets de la maison et noter leur longueur en cm.", 15),
    ),
}


@dataclass
class _Activity:
    """What the activity needs of the cast: the demo's users, its people, its calendar."""

    plans: list[_SchoolPlan]
    demo_family: _Family
    year: SchoolYear
    today: date
    now: datetime
    rng: random.Random
    users: dict[str, User]
    guardians_of: dict[int, list[Person]]
    director_of: dict[int, Person] = field(default_factory=dict)  # classroom pk → director
    days: dict[int, list[SchoolDay]] = field(default_factory=dict)  # school pk → its days

    @property
    def family_pupils(self) -> set[int]:
        return {slot.pupil.pk for slot in self.demo_family.slots if slot.pupil is not None}

    def at(self, on: date, clock: time) -> datetime:
        moment = datetime.combine(on, clock, tzinfo=self.now.tzinfo)
        return min(moment, self.now)

    def school_days_of(self, school: School) -> list[SchoolDay]:
        return [day for day in self.days[school.pk] if day.is_school_day]

    def past_days(self, school: School) -> list[date]:
        return [day.date for day in self.school_days_of(school) if day.date < self.today]

    def coming_days(self, school: School) -> list[date]:
        return [day.date for day in self.school_days_of(school) if day.date > self.today]

    @property
    def last_school_day(self) -> date:
        home = self.plans[0].school
        return max(day.date for day in self.school_days_of(home) if day.date <= self.today)


def _due_half_days(activity: _Activity, school: School) -> list[tuple[date, str]]:
    """The half-days whose call is due by now: every past one, and today's once open."""
    due = []
    for day in activity.school_days_of(school):
        for half_day in day.half_days:
            if day.date < activity.today:
                due.append((day.date, half_day))
            elif day.date == activity.today:
                opens = datetime.combine(day.date, half_day_start(school, half_day),
                                         tzinfo=activity.now.tzinfo) - CALL_OPENS_BEFORE
                if opens <= activity.now:
                    due.append((day.date, half_day))
    return due


def _calls_left_open(activity: _Activity, plan: _SchoolPlan,
                     due: list[tuple[date, str]]) -> dict[int, set[tuple[date, str]]]:
    """The calls not taken: in the home school, today's open call of the demo teacher and
    a few forgotten calls of two other classes this week; in the last school, none of this
    week's (the authorities see a school whose week is not covered)."""
    monday = week_start(activity.last_school_day)
    this_week = [half for half in due if half[0] >= monday]
    left: dict[int, set[tuple[date, str]]] = {c.pk: set() for c in plan.classrooms}
    if plan is activity.plans[-1] and plan is not activity.plans[0]:
        for classroom in plan.classrooms:
            left[classroom.pk] = set(this_week)
        return left
    if plan is not activity.plans[0]:
        return left
    family_classrooms = {slot.classroom.pk for slot in activity.demo_family.slots}
    teacher_classroom = activity.demo_family.slots[0].classroom
    today = [half for half in due if half[0] == activity.today]
    if today:
        left[teacher_classroom.pk].add(today[-1])
    others = [c for c in plan.classrooms if c.pk not in family_classrooms]
    before_today = [half for half in this_week if half[0] < activity.today]
    if others and before_today:
        left[others[0].pk] |= set(before_today[-2:])
    if len(others) > 1 and before_today:
        left[others[-1].pk].add(before_today[0])
    return left


def _justify(absence: Absence, activity: _Activity, *, status: str, reason: str = "",
             comment: str = "", refusal: str = "") -> None:
    """A justification as the services record it: the guardian's, then the director's."""
    guardians = activity.guardians_of.get(absence.pupil_id) or [None]
    absence.justification_status = status
    if status == JustificationStatus.NONE:
        return
    absence.reason, absence.comment = reason, comment
    absence.justified_by = guardians[0]
    absence.justified_at = activity.at(absence.date + timedelta(days=1), time(19, 30))
    if status in {JustificationStatus.ACCEPTED, JustificationStatus.REFUSED}:
        absence.reviewed_by = activity.director_of[absence.roll_call.classroom_id]
        absence.reviewed_at = activity.at(absence.date + timedelta(days=2), time(8, 15))
        absence.refusal_reason = refusal


def _episode_status(activity: _Activity, on: date, days: int,
                    rng: random.Random) -> tuple[str, str, str]:
    """How a family answered an illness of ``days`` school days starting ``on``: recent ones
    often wait for the director's review; a long one always comes with a reason; a few
    one-day absences are never justified, some reasons are refused."""
    draw = rng.random()
    if (activity.today - on).days <= 10 and draw < 0.4:
        return JustificationStatus.PENDING, AbsenceReason.CHILD_ILLNESS, ""
    if days == 1 and draw > 0.9:
        return JustificationStatus.NONE, "", ""
    if draw < 0.08:
        return (JustificationStatus.ACCEPTED, AbsenceReason.FAMILY_GATHERING,
                "Mariage dans la famille")
    if days == 1 and draw < 0.11:
        return JustificationStatus.REFUSED, AbsenceReason.OTHER, "Départ en week-end anticipé"
    return JustificationStatus.ACCEPTED, AbsenceReason.CHILD_ILLNESS, ""


def _attendance(activity: _Activity) -> dict[str, int]:
    """Every due call, taken by the classroom's teacher; the absences and lateness of the
    pupils; the justifications; the monthly sign-offs; the L131-8 cases."""
    rng = activity.rng
    calls: list[RollCall] = []
    # call, pupil, kind, minutes late, the illness (its answer) for an absence
    marks: list[tuple[RollCall, int, str, int | None, tuple[str, str, str] | None]] = []
    by_call: dict[tuple[int, date, str], RollCall] = {}
    home = activity.plans[0]
    family_pupils = activity.family_pupils
    teacher_classroom = activity.demo_family.slots[0].classroom
    truant = next(slot.pupil for slot in reversed(home.slots)
                  if slot.classroom is teacher_classroom and slot.pupil
                  and slot.pupil.pk not in family_pupils)
    chosen = set(family_pupils) | {truant.pk}
    for plan in activity.plans:
        due = _due_half_days(activity, plan.school)
        left = _calls_left_open(activity, plan, due)
        for classroom in plan.classrooms:
            teacher = plan.teachers[classroom.name]
            pupils = [slot.pupil for slot in plan.slots
                      if slot.classroom is classroom and slot.pupil is not None]
            sick: dict[int, int] = {}  # pupil → school days still ill
            answer: dict[int, tuple[str, str, str]] = {}  # pupil → how the illness is justified
            previous: date | None = None
            for on, half_day in due:
                if on != previous:  # a new school day: who falls ill, who gets better
                    sick = {pk: days - 1 for pk, days in sick.items() if days > 1}
                    for pupil in pupils:
                        if pupil.pk not in chosen and pupil.pk not in sick \
                                and rng.random() < ILLNESS_SHARE:
                            sick[pupil.pk] = days = rng.choice(ILLNESS_DAYS)
                            answer[pupil.pk] = _episode_status(activity, on, days, rng)
                    previous = on
                if (on, half_day) in left[classroom.pk]:
                    continue
                start = datetime.combine(on, half_day_start(plan.school, half_day),
                                         tzinfo=activity.now.tzinfo)
                taken = min(start + CALL_TAKEN_AFTER, activity.now)
                call = RollCall(classroom=classroom, date=on, half_day=half_day,
                                taken_by=teacher, taken_at=taken, updated_at=taken,
                                pupil_count=len(pupils))
                calls.append(call)
                by_call[(classroom.pk, on, half_day)] = call
                for pupil in pupils:
                    if pupil.pk in sick:
                        marks.append((call, pupil.pk, AbsenceKind.ABSENT, None,
                                      answer[pupil.pk]))
                    elif (half_day == HalfDay.MORNING and pupil.pk not in chosen
                          and rng.random() < LATE_SHARE):
                        marks.append((call, pupil.pk, AbsenceKind.LATE,
                                      rng.choice((5, 10, 10, 15, 20, 30)), None))
    RollCall.objects.bulk_create(calls, batch_size=1000)

    absences: list[Absence] = []
    for call, pupil_id, kind, minutes, illness in marks:
        absence = Absence(roll_call=call, pupil_id=pupil_id, date=call.date,
                          half_day=call.half_day, kind=kind, minutes_late=minutes)
        if illness is not None:
            status, reason, comment = illness
            _justify(absence, activity, status=status, reason=reason, comment=comment,
                     refusal="Ce motif n'est pas un motif légitime (article L131-8)."
                     if status == JustificationStatus.REFUSED else "")
        elif rng.random() < 0.2:
            _justify(absence, activity, status=JustificationStatus.ACCEPTED,
                     reason=AbsenceReason.TRANSPORT_DISRUPTION, comment="Bus en retard")
        absences.append(absence)
    absences += _family_and_truant_absences(activity, by_call=by_call, truant=truant)
    Absence.objects.bulk_create(absences, batch_size=1000)
    _register_sign_offs(activity)
    cases = _l1318_cases(activity, still_open={truant.pk})
    return {"calls": len(calls), "absences": len(absences), "cases": cases}


def _taken(by_call: dict[tuple[int, date, str], RollCall], classroom: Classroom,
           before: date | None = None) -> list[RollCall]:
    return sorted((call for (pk, on, _h), call in by_call.items()
                   if pk == classroom.pk and (before is None or on < before)),
                  key=lambda call: (call.date, call.half_day != HalfDay.MORNING))


def _family_and_truant_absences(activity: _Activity, *, by_call: dict, truant: Person,
                                ) -> list[Absence]:
    """What the demo logins find: the older child (the "eleve" login) missed a day, justified
    and accepted, and was late this week; the younger one has an afternoon of an earlier
    week whose reason waits for the director, and a day of this week still to justify. A pupil of the demo teacher's class
    has missed five half-days this month without a legitimate reason: an L131-8 case."""
    older, younger = activity.demo_family.slots
    rows: list[Absence] = []
    last = activity.last_school_day
    monday = week_start(last)

    def absent(call: RollCall, pupil: Person, kind: str = AbsenceKind.ABSENT,
               minutes: int | None = None) -> Absence:
        row = Absence(roll_call=call, pupil_id=pupil.pk, date=call.date,
                      half_day=call.half_day, kind=kind, minutes_late=minutes)
        rows.append(row)
        return row

    older_calls = _taken(by_call, older.classroom)
    weeks_ago = [c for c in older_calls if c.date < monday - timedelta(days=14)]
    for call in [c for c in weeks_ago if c.date == weeks_ago[-1].date] if weeks_ago else []:
        _justify(absent(call, older.pupil), activity, status=JustificationStatus.ACCEPTED,
                 reason=AbsenceReason.CHILD_ILLNESS, comment="Gastro-entérite")
    mornings = [c for c in older_calls if c.date >= monday and c.half_day == HalfDay.MORNING]
    if mornings:
        absent(mornings[-1], older.pupil, AbsenceKind.LATE, 10)

    younger_calls = _taken(by_call, younger.classroom)
    this_week = [c for c in younger_calls if c.date >= monday]
    # the last afternoon before this week (last week, or the week before the holidays)
    afternoons = [c for c in younger_calls if c.date < monday and c.half_day == HalfDay.AFTERNOON]
    if afternoons:
        _justify(absent(afternoons[-1], younger.pupil), activity,
                 status=JustificationStatus.PENDING, reason=AbsenceReason.CHILD_ILLNESS,
                 comment="Rendez-vous chez l'orthophoniste, certificat joint au cahier")
    if this_week:
        for call in [c for c in this_week if c.date == this_week[0].date]:
            absent(call, younger.pupil)  # to justify

    truant_calls = _taken(by_call, older.classroom)
    month = last.replace(day=1)
    in_month = [c for c in truant_calls if c.date >= month]
    if len(in_month) < L1318_THRESHOLD + 1:
        previous = (month - timedelta(days=1)).replace(day=1)
        in_month = [c for c in truant_calls if previous <= c.date < month]
    for position, call in enumerate(in_month[-(L1318_THRESHOLD + 1):]):
        row = absent(call, truant)
        if position == 0:
            _justify(row, activity, status=JustificationStatus.REFUSED,
                     reason=AbsenceReason.OTHER, comment="Vacances prolongées",
                     refusal="Un départ en vacances n'est pas un motif légitime.")
    return rows


def _register_sign_offs(activity: _Activity) -> None:
    """The directors signed every month's register but the last one ended (to sign now)."""
    first_month = activity.year.start_date.replace(day=1)
    ended, month = [], first_month
    while True:
        _first, last = month_bounds(month)
        if last >= activity.today:
            break
        ended.append(month)
        month = last + timedelta(days=1)
    signed = ended[:-1]
    RegisterSignOff.objects.bulk_create([
        RegisterSignOff(classroom=classroom, month=month, signed_by=plan.director,
                        signed_at=activity.at(month_bounds(month)[1] + timedelta(days=3),
                                              time(17, 0)))
        for plan in activity.plans for classroom in plan.classrooms for month in signed])


def _l1318_cases(activity: _Activity, *, still_open: set[int]) -> int:
    """The cases the roll calls open (``L1318_THRESHOLD`` unjustified absent half-days in a
    calendar month, counted by ``unjustified_half_day_counts`` as the services count them),
    opened on the half-day that reached the threshold. Those of past months were followed
    up: the family was contacted (but for ``still_open``, the director's new case)."""
    classroom_of = {slot.pupil.pk: slot.classroom for plan in activity.plans
                    for slot in plan.slots if slot.pupil is not None}
    cases: list[AbsenteeismCase] = []
    month = activity.year.start_date.replace(day=1)
    current = activity.today.replace(day=1)
    while month <= current:
        counts = unjustified_half_day_counts(pupil_ids=list(classroom_of), month=month)
        reached = {pk: count for pk, count in counts.items() if count >= L1318_THRESHOLD}
        if reached:
            _first, last = month_bounds(month)
            dates: dict[int, list[date]] = {}
            for pupil_id, on in (Absence.objects.filter(
                    unjustified_absences(), pupil_id__in=list(reached),
                    date__range=(month, last)).order_by("date", "half_day")
                    .values_list("pupil_id", "date")):
                dates.setdefault(pupil_id, []).append(on)
            for pupil_id, count in sorted(reached.items()):
                opened = activity.at(dates[pupil_id][L1318_THRESHOLD - 1], time(17, 0))
                case = AbsenteeismCase(pupil_id=pupil_id, classroom=classroom_of[pupil_id],
                                       month=month, unjustified_half_days=count,
                                       opened_at=opened)
                contacted = opened.date() + timedelta(days=3)
                if (month < current and contacted <= activity.today
                        and pupil_id not in still_open):
                    case.status = CaseStatus.FAMILY_CONTACTED
                    case.family_contacted_on = contacted
                    case.notes = (f"{contacted:%d/%m/%Y} — Famille contactée — appel "
                                  "téléphonique, rendez-vous proposé")
                cases.append(case)
        month = month_bounds(month)[1] + timedelta(days=1)
    AbsenteeismCase.objects.bulk_create(cases)
    return len(cases)


NOTICE_SHARE = 0.01  # pupils whose family announces an absence on one of the next days
NOTICE_DAYS = 3


def _notices(activity: _Activity) -> int:
    """Absences the families announced for the next school days (the canteen forecast of
    the commune counts them off; the call pre-fills them): the demo mother's for the
    younger child's morning, and about one pupil in a hundred elsewhere."""
    younger = activity.demo_family.slots[1]
    notices = []
    for plan in activity.plans:
        coming = activity.coming_days(plan.school)[:NOTICE_DAYS]
        if not coming:
            continue
        for slot in plan.slots:
            pupil = slot.pupil
            guardians = activity.guardians_of.get(pupil.pk) if pupil else None
            if not guardians:
                continue
            if slot is younger:
                notices.append(AbsenceNotice(
                    pupil=pupil, start_date=coming[0], end_date=coming[0],
                    half_day=HalfDay.MORNING, reason=AbsenceReason.CHILD_ILLNESS,
                    comment="Rendez-vous chez le pédiatre", declared_by=guardians[0]))
            elif pupil.pk not in activity.family_pupils and activity.rng.random() < NOTICE_SHARE:
                day = activity.rng.choice(coming)
                notices.append(AbsenceNotice(
                    pupil=pupil, start_date=day, end_date=day,
                    reason=AbsenceReason.FAMILY_GATHERING, comment="Mariage dans la famille",
                    declared_by=guardians[0]))
    AbsenceNotice.objects.bulk_create(notices)
    return len(notices)


def _cahier_and_homework(activity: _Activity) -> dict[str, int]:
    """The cahier de textes of the last weeks (three lessons a day) and homework from two
    weeks back to the coming days, given the school day before it is due; the demo
    children have done theirs, and most of the demo teacher's class too."""
    classrooms = [c for plan in activity.plans for c in plan.classrooms]
    slots = {(s.classroom_id, s.weekday, s.start_time): s
             for s in TimetableSlot.objects.filter(classroom__in=classrooms)}
    lessons: list[LessonEntry] = []
    homework: list[Homework] = []
    lesson_of: dict[tuple[int, date], LessonEntry] = {}
    for_level: dict[int, str] = {}  # id() of a homework for one level → that level
    for plan in activity.plans:
        days = [d.date for d in activity.school_days_of(plan.school)
                if d.date.weekday() in AFTERNOONS]
        past = [d for d in days if d < activity.today]
        for position, classroom in enumerate(plan.classrooms):
            teacher = plan.teachers[classroom.name]
            for on in past[-LESSON_DAYS:]:
                turn = (on - activity.year.start_date).days + position
                afternoon = AFTERNOONS[on.weekday()][0]
                for subject, clock, (title, content) in (
                        (Subject.FRANCAIS, time(8, 30),
                         LESSONS[Subject.FRANCAIS][turn % len(LESSONS[Subject.FRANCAIS])]),
                        (Subject.MATHEMATIQUES, time(10, 15),
                         LESSONS[Subject.MATHEMATIQUES][turn % len(LESSONS[Subject.MATHEMATIQUES])]),
                        (afternoon, time(13, 30), (AFTERNOON_LESSONS[afternoon], ""))):
                    lesson = LessonEntry(classroom=classroom, date=on, subject=subject,
                                         slot=slots.get((classroom.pk, on.weekday(), clock)),
                                         title=title, content=content, author=teacher)
                    lessons.append(lesson)
                    lesson_of.setdefault((classroom.pk, on), lesson)
            due_days = (list(past[-HOMEWORK_PAST_DAYS:])
                        + [d for d in days if d >= activity.today][:HOMEWORK_COMING_DAYS])
            for due in due_days:
                earlier = [d for d in days if d < due]
                if not earlier:
                    continue
                given = earlier[-1]
                turn = (due - activity.year.start_date).days + position
                subject = (Subject.FRANCAIS, Subject.MATHEMATIQUES)[turn % 2]
                instructions, minutes = HOMEWORK[subject][turn % len(HOMEWORK[subject])]
                work = Homework(classroom=classroom, subject=subject, instructions=instructions,
                                due_date=due, estimated_minutes=minutes, author=teacher,
                                lesson=lesson_of.get((classroom.pk, given)))
                if len(classroom.levels) > 1 and turn % 3 == 0:
                    work.audience = HomeworkAudience.LEVELS
                    for_level[id(work)] = classroom.levels[turn % len(classroom.levels)]
                homework.append(work)
    LessonEntry.objects.bulk_create(lessons, batch_size=1000)
    Homework.objects.bulk_create(homework, batch_size=1000)
    HomeworkLevel.objects.bulk_create([HomeworkLevel(homework=work, level=for_level[id(work)])
                                       for work in homework if id(work) in for_level])
    _homework_done(activity, homework, for_level)
    return {"lessons": len(lessons), "homework": len(homework)}


def _homework_done(activity: _Activity, homework: list[Homework],
                   for_level: dict[int, str]) -> None:
    older, younger = activity.demo_family.slots
    teacher_classroom = older.classroom
    level_of = {slot.pupil.pk: slot.level for slot in activity.plans[0].slots if slot.pupil}
    pupils_of: dict[int, list[int]] = {}
    for slot in activity.plans[0].slots:
        if slot.pupil is not None:
            pupils_of.setdefault(slot.classroom.pk, []).append(slot.pupil.pk)
    family = {older.pupil.pk, younger.pupil.pk}
    parent, pupil_user = activity.users["parent"], activity.users["eleve"]
    done: list[HomeworkDone] = []
    first_coming: set[int] = set()
    for work in homework:
        if work.classroom_id not in {older.classroom.pk, younger.classroom.pk,
                                     teacher_classroom.pk}:
            continue
        for pupil_id in pupils_of.get(work.classroom_id, []):
            if id(work) in for_level and level_of[pupil_id] != for_level[id(work)]:
                continue
            if work.due_date < activity.today:
                if pupil_id in family:
                    done.append(HomeworkDone(homework=work, pupil_id=pupil_id, marked_by=parent))
                elif work.classroom_id == teacher_classroom.pk and activity.rng.random() < 0.8:
                    done.append(HomeworkDone(homework=work, pupil_id=pupil_id))
            elif pupil_id == older.pupil.pk and pupil_id not in first_coming:
                first_coming.add(pupil_id)  # the pupil ticked the next one already
                done.append(HomeworkDone(homework=work, pupil_id=pupil_id, marked_by=pupil_user))
    HomeworkDone.objects.bulk_create(done, batch_size=1000)


# (subject, kind, [(author, days before the last school day, hh:mm, body)], who has read
# everything; the others have read up to their own last message)
CONVERSATIONS: tuple[tuple[str, str, tuple[tuple[str, int, str, str], ...], set[str]], ...] = (
    ("Lecture du soir", ConversationKind.FAMILY, (
        ("parent", 6, "20:10", "Bonjour, le livre de lecture est resté à l'école : "
         "peut-il le reprendre demain ?"),
        ("enseignant", 5, "16:45", "Bonjour, oui bien sûr, je le glisserai dans son cartable."),
        ("parent", 5, "19:02", "Merci beaucoup !"),
        ("enseignant", 1, "17:05", "Bonjour, la lecture à voix haute progresse beaucoup : "
         "bravo pour le travail à la maison."),
    ), {"enseignant"}),
    ("Cantine de jeudi", ConversationKind.FAMILY, (
        ("directeur", 8, "11:20", "Bonjour, la cantine sera fermée jeudi midi pour "
         "travaux : pensez à prévoir un pique-nique."),
        ("parent2", 8, "12:40", "Bien noté, merci pour l'information."),
    ), {"directeur", "parent2"}),
    ("Mon exposé", ConversationKind.PUPIL, (
        ("eleve", 3, "17:30", "Bonjour maîtresse, je peux faire mon exposé sur les hérissons ?"),
        ("enseignant", 2, "16:40", "Oui, c'est une très bonne idée ! Tu le présenteras "
         "vendredi. Pense à apporter une image."),
    ), {"enseignant"}),
    ("Conseil de cycle", ConversationKind.STAFF, (
        ("directeur", 4, "13:10", "Conseil de cycle 3 mardi à 16 h 45 dans ma classe. "
         "Ordre du jour : progressions en calcul mental, sortie de printemps."),
        ("enseignant", 4, "13:25", "Je serai là ; j'apporte les fiches de calcul mental."),
    ), {"directeur", "enseignant"}),
    ("Visite d'école", ConversationKind.AUTHORITY, (
        ("ien", 9, "09:15", "Bonjour, je passerai à l'école le mois prochain pour une "
         "visite ; pouvez-vous me proposer deux dates ?"),
        ("directeur", 8, "18:05", "Bonjour, le mardi 12 ou le jeudi 14 au matin me "
         "conviendraient."),
        ("ien", 7, "10:30", "Va pour le mardi 12, 9 h. Merci."),
    ), {"ien", "directeur"}),
    ("Effectifs de la cantine", ConversationKind.AUTHORITY, (
        ("mairie", 2, "10:00", "Bonjour, pouvez-vous nous confirmer les effectifs prévus à "
         "la cantine pour le repas de Noël ?"),
    ), {"mairie"}),
    ("Enquête de rentrée", ConversationKind.AUTHORITY, (
        ("dasen", 20, "09:00", "Mesdames et messieurs les directeurs, merci de compléter "
         "l'enquête de rentrée avant la fin du mois."),
        ("directeur", 18, "17:45", "C'est fait pour notre école."),
    ), {"dasen", "directeur"}),
)


def _moment(activity: _Activity, days_before: int, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return activity.at(activity.last_school_day - timedelta(days=days_before),
                       time(hour, minute))


def _conversations(activity: _Activity) -> int:
    """The demo logins' conversations, written as ``_store_message`` writes them: each
    message, then the conversation's last message and its participants' read markers."""
    users, school = activity.users, activity.plans[0].school
    SchoolMessagingSettings.objects.update_or_create(
        school=school, defaults={"pupils_may_write": True, "updated_by": users["directeur"]})
    conversations, participants, messages = [], [], []
    for subject, kind, lines, readers in CONVERSATIONS:
        authors = list(dict.fromkeys(author for author, *_rest in lines))
        members = authors if len(authors) > 1 else [*authors, "directeur"]  # not answered yet
        started = _moment(activity, lines[0][1], lines[0][2])
        conversation = Conversation(school=school, kind=kind, subject=subject,
                                    created_by=users[lines[0][0]])
        conversations.append((conversation, lines, readers, members, started))
    Conversation.objects.bulk_create([row[0] for row in conversations])
    for conversation, lines, _readers, members, started in conversations:
        participants += [Participant(conversation=conversation, user=users[name],
                                     joined_at=started) for name in members]
        messages += [Message(conversation=conversation, author=users[author], body=body,
                             body_html=render_markdown(body),
                             created_at=_moment(activity, days, clock))
                     for author, days, clock, body in lines]
    messages.sort(key=lambda message: message.created_at)  # ids in the order of time
    Message.objects.bulk_create(messages)
    by_conversation: dict[int, list[Message]] = {}
    for message in messages:
        by_conversation.setdefault(message.conversation_id, []).append(message)
    for conversation, *_rest in conversations:
        last = by_conversation[conversation.pk][-1]
        conversation.last_message, conversation.last_message_at = last, last.created_at
    Conversation.objects.bulk_update([row[0] for row in conversations],
                                     ["last_message", "last_message_at"])
    readers_of = {conversation.pk: readers for conversation, _l, readers, *_r in conversations}
    for participant in participants:
        thread = by_conversation[participant.conversation_id]
        if participant.user.username in readers_of[participant.conversation_id]:
            read = thread
        else:
            read = [m for m in thread if m.author_id == participant.user_id]
        if read:
            participant.last_read_message_id = read[-1].pk
            participant.read_at = read[-1].created_at
    Participant.objects.bulk_create(participants)
    return len(conversations)


# (author, audience, days before the last school day, title, body, signature asked, share of
# the other families who signed)
LIAISON_NOTES = (
    ("enseignant", NoteAudience.CLASSROOM, 20, "Matériel à renouveler",
     "Merci de vérifier la trousse : **colle**, crayon à papier et gomme s'usent vite en "
     "cette période.", False, 0.0),
    ("enseignant", NoteAudience.CLASSROOM, 9, "Sortie au muséum",
     "Nous irons à la Grande Galerie de l'Évolution le mois prochain. Merci de signer "
     "pour autoriser la sortie ; prévoir un pique-nique.", True, 0.7),
    ("directeur", NoteAudience.SCHOOL, 2, "Exercice de mise en sûreté",
     "Un exercice du plan particulier de mise en sûreté (PPMS) aura lieu la semaine "
     "prochaine. Les élèves y sont préparés en classe. Merci de signer cette note.",
     True, 0.3),
)


def _liaison_notes(activity: _Activity) -> int:
    """Three notes: the demo teacher's to the class (one signed by the mother only), the
    director's to the whole school (to sign). Deliveries as ``liaison_note_create`` writes
    them: one per legal guardian and pupil reached."""
    users, home = activity.users, activity.plans[0]
    classroom = activity.demo_family.slots[0].classroom
    mother = activity.users["parent"]
    notes, deliveries = [], []
    with_login = {user.person_id for user in users.values()}
    for author, audience, days, title, body, signed, share in LIAISON_NOTES:
        note = LiaisonNote(school=home.school, author=users[author], title=title, body=body,
                           body_html=render_markdown(body), audience=audience,
                           classroom=classroom if audience == NoteAudience.CLASSROOM else None,
                           requires_acknowledgement=signed)
        notes.append((note, _moment(activity, days, "16:30"), share))
    LiaisonNote.objects.bulk_create([note for note, _at, _share in notes])
    for note, sent, share in notes:
        LiaisonNote.objects.filter(pk=note.pk).update(created_at=sent, updated_at=sent)
        reached = [slot.pupil for slot in home.slots if slot.pupil is not None
                   and (note.classroom is None or slot.classroom is note.classroom)]
        for pupil in reached:
            for guardian in activity.guardians_of.get(pupil.pk, []):
                delivery = LiaisonNoteDelivery(note=note, pupil=pupil, guardian=guardian)
                if note.requires_acknowledgement:
                    if guardian.pk == mother.person_id and note.classroom is not None:
                        delivery.acknowledged_at = min(sent + timedelta(hours=4), activity.now)
                        delivery.acknowledged_by = mother
                    elif guardian.pk not in with_login and activity.rng.random() < share:
                        delivery.acknowledged_at = min(
                            sent + timedelta(hours=activity.rng.randint(2, 40)), activity.now)
                deliveries.append(delivery)
    LiaisonNoteDelivery.objects.bulk_create(deliveries, batch_size=1000)
    return len(notes)


def _announcement_and_poll(activity: _Activity) -> None:
    """The director's announcement to the whole school, families, pupils and staff (the
    father has acknowledged it), and a poll to the families (the father has answered)."""
    director, father = activity.users["directeur"], activity.users["parent2"]
    school = activity.plans[0].school
    coming = activity.coming_days(school)
    last = activity.last_school_day
    news = Audience.objects.create(school=school, scope=AudienceScope.SCHOOL,
                                   for_guardians=True, for_pupils=True, for_staff=True)
    body = ("Le marché de Noël de l'école aura lieu le dernier vendredi avant les vacances, "
            "de 16 h 30 à 18 h 30 dans la cour. Les objets fabriqués par les classes y "
            "seront vendus au profit de la coopérative scolaire.")
    announcement = Announcement.objects.create(
        audience=news, author=director, title="Marché de Noël", body=body,
        body_html=render_markdown(body), requires_acknowledgement=True,
        valid_from=last - timedelta(days=3),
        valid_until=(coming[9] if len(coming) > 9 else activity.year.end_date))
    AnnouncementAcknowledgement.objects.create(
        announcement=announcement, user=father, acknowledged_at=_moment(activity, 2, "20:15"))
    asked = Audience.objects.create(school=school, scope=AudienceScope.SCHOOL,
                                    for_guardians=True)
    description = "Nous cherchons des parents pour tenir les stands du marché de Noël."
    poll = Poll.objects.create(
        audience=asked, author=director, title="Marché de Noël : pouvez-vous aider ?",
        description=description, description_html=render_markdown(description),
        is_anonymous=False, results_published=True,
        closes_on=coming[6] if len(coming) > 6 else activity.year.end_date)
    stand, idea = PollQuestion.objects.bulk_create([
        PollQuestion(poll=poll, position=1, kind=QuestionKind.SINGLE,
                     text="Pouvez-vous tenir un stand ?"),
        PollQuestion(poll=poll, position=2, kind=QuestionKind.TEXT,
                     text="Une idée pour le marché ?", is_required=False),
    ])
    choices = PollChoice.objects.bulk_create([
        PollChoice(question=stand, position=position, label=label)
        for position, label in enumerate(("Oui, à 16 h 30", "Oui, à 17 h 30", "Non"), start=1)])
    response = PollResponse.objects.create(poll=poll, respondent=father,
                                           submitted_at=_moment(activity, 1, "21:00"))
    PollAnswer.objects.bulk_create([
        PollAnswer(response=response, question=stand, choice=choices[1]),
        PollAnswer(response=response, question=idea, text="Un stand de chocolat chaud."),
    ])
    for row in (announcement, poll):
        type(row).objects.filter(pk=row.pk).update(
            created_at=_moment(activity, 3, "08:30"), updated_at=_moment(activity, 3, "08:30"))


def _timetable_changes(activity: _Activity) -> None:
    """The demo teacher's class: an EPS lesson cancelled last week (the gym was closed) and
    a substitute teacher on the next school day."""
    classroom = activity.demo_family.slots[0].classroom
    school = activity.plans[0].school
    director = activity.users["directeur"]
    slots = {(s.weekday, s.start_time): s
             for s in TimetableSlot.objects.filter(classroom=classroom)}
    past = [d for d in activity.past_days(school)
            if d < week_start(activity.last_school_day) and (d.weekday(), time(14, 45)) in slots
            and slots[(d.weekday(), time(14, 45))].subject == Subject.EPS]
    coming = [d for d in activity.coming_days(school) if (d.weekday(), time(8, 30)) in slots]
    changes = []
    if past:
        changes.append(TimetableException(
            classroom=classroom, date=past[-1], kind=ExceptionKind.CANCELLED,
            slot=slots[(past[-1].weekday(), time(14, 45))], reason="Gymnase fermé",
            created_by=director))
    if coming:
        changes.append(TimetableException(
            classroom=classroom, date=coming[0], kind=ExceptionKind.REPLACED,
            slot=slots[(coming[0].weekday(), time(8, 30))],
            replacement_name="Mme Laurent (brigade de remplacement)",
            reason="Enseignant·e en formation", created_by=director))
    TimetableException.objects.bulk_create(changes)


def _activity(*, plans: list[_SchoolPlan], demo_family: _Family, families: list[_Family],
              year: SchoolYear, today: date, seed: int) -> dict[str, int]:
    usernames = [name for name in DEMO_USERNAMES if name != "admin"]
    activity = _Activity(
        plans=plans, demo_family=demo_family, year=year, today=today,
        now=timezone.localtime(), rng=random.Random(seed + ACTIVITY_SEED_OFFSET),  # nosec B311
        users={user.username: user for user in User.objects.filter(username__in=usernames)},
        guardians_of={slot.pupil.pk: [guardian for guardian, _r in family.guardians]
                      for family in families for slot in family.slots if slot.pupil},
        director_of={classroom.pk: plan.director for plan in plans
                     for classroom in plan.classrooms})
    end = today + timedelta(days=31)
    for plan in plans:
        activity.days[plan.school.pk] = school_days(school=plan.school, start=year.start_date,
                                                    end=min(end, year.end_date))
    if not [day for day in activity.school_days_of(plans[0].school) if day.date <= today]:
        return {}  # before the rentrée: nothing has happened yet
    figures = _attendance(activity)
    figures["notices"] = _notices(activity)
    figures |= _cahier_and_homework(activity)
    figures["conversations"] = _conversations(activity)
    figures["notes"] = _liaison_notes(activity)
    _announcement_and_poll(activity)
    _timetable_changes(activity)
    return figures


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
    """French elision: « mère d'Augustin », « mère de Léa » (preau.common.french)."""
    return of(name)


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


def _create_users(logins: list[tuple[DemoLogin, Person | None]], *, password: str) -> None:
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
    password = make_password(DEMO_PASSWORD)  # once: a password hasher is deliberately slow
    # The family's logins come after the livret is communicated to them: no live event.
    family = [row for row in logins if row[0].username in FAMILY_USERNAMES]
    _create_users([row for row in logins if row[0].username not in FAMILY_USERNAMES],
                  password=password)
    _timetable(plans=plans, year=year, today=today)
    _livret(plans=plans, year=year, today=today, rng=people.rng)
    communicated = _livret_bilans(home=home, demo_family=demo_family, year=year,
                                  rng=people.rng)
    _create_users(family, password=password)
    bilan_services.bilan_acknowledge(actor=User.objects.get(username="parent"),
                                     bilan=communicated,
                                     comment="Merci pour ce bilan détaillé.")
    _second_factors(report=report, logins=logins)
    report.activity = _activity(plans=plans, demo_family=demo_family, families=families,
                                year=year, today=today, seed=seed)

    report.logins = [login for login, _person in logins]
    report.schools = len(plans)
    report.classrooms = sum(len(plan.classrooms) for plan in plans)
    report.pupils = sum(len(family.slots) for family in families)
    report.guardians = sum(len(family.guardians) for family in families)
    report.staff = len({id(p) for plan in plans for p in [plan.director, *plan.teachers.values()]})
    return report
