"""Reads of class cards: the pictures, the hours when cards work, the device of a request,
the pupils a device offers, and the teacher's list of the class's cards
(docs/class-cards.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.templatetags.static import static
from django.utils import timezone

from preau.accounts.models import UserSession
from preau.class_cards.models import PICTURES, CardSignIn, ClassDevice
from preau.people.access import enrolments_active_on
from preau.people.models import Person
from preau.schools.calendar import is_school_day
from preau.schools.models import Classroom, School

DEVICE_COOKIE = "preau_class_device"
DEVICE_COOKIE_SALT = "preau.class_cards.device"
QR_PREFIX = "preau-card:"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pictures_list() -> list[dict]:
    """The nine pictures, in a fixed order: key, French word, URL of the SVG file."""
    return [{"key": key, "label_fr": label,
             "url": static(f"class_cards/pictures/{key}.svg")}
            for key, label in PICTURES.items()]


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class CardHours:
    """Whether cards work at ``now`` in a school, and when today's card sessions end."""

    open: bool
    reason: str  # why not, in French; empty when open
    opens_at: datetime | None
    closes_at: datetime | None


def card_hours(*, school: School, now: datetime | None = None) -> CardHours:
    """Cards work on a day of class of the school (``schools.calendar.is_school_day``),
    from ``PREAU_CLASS_CARDS_HOURS[0]`` to ``[1]``, local time."""
    now = timezone.localtime(now)
    today = now.date()
    opens, closes = (_clock(value) for value in settings.PREAU_CLASS_CARDS_HOURS)
    zone = timezone.get_current_timezone()
    opens_at = datetime.combine(today, opens, tzinfo=zone)
    closes_at = datetime.combine(today, closes, tzinfo=zone)
    if not is_school_day(school=school, on=today):
        return CardHours(False, "Les cartes ne marchent que les jours d'école.", None, None)
    if not opens_at <= now < closes_at:
        return CardHours(False, f"Les cartes marchent de {opens:%H:%M} à {closes:%H:%M}, "
                                "les jours d'école.", opens_at, closes_at)
    return CardHours(True, "", opens_at, closes_at)


def device_of_token(token: str | None) -> ClassDevice | None:
    """The device (revoked or not) whose cookie holds ``token``, with its classroom and
    school."""
    if not token:
        return None
    return (ClassDevice.objects.filter(token_hash=token_hash(token))
            .select_related("classroom__school__circonscription__departement",
                            "classroom__school_year").first())


def device_token_of_request(request) -> str | None:
    """The token of the signed device cookie, or None when absent or tampered with."""
    return request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_COOKIE_SALT)


def device_of_request(request) -> ClassDevice | None:
    return device_of_token(device_token_of_request(request))


def display_names(pupils: list[Person]) -> dict[int, str]:
    """First names only; two pupils with the same first name get the initial of their last
    name (« Léa M. », « Léa D. »)."""
    counts: dict[str, int] = {}
    for pupil in pupils:
        key = pupil.first_name.strip().lower()
        counts[key] = counts.get(key, 0) + 1
    names = {}
    for pupil in pupils:
        name = pupil.first_name.strip()
        if counts[name.lower()] > 1 and pupil.last_name:
            name = f"{name} {pupil.last_name.strip()[:1].upper()}."
        names[pupil.pk] = name
    return names


def classroom_pupils(*, classroom: Classroom, on: date | None = None) -> QuerySet[Person]:
    """The pupils enrolled in the classroom on ``on`` (today), by first name."""
    on = on or timezone.localdate()
    return (Person.objects.filter(pk__in=enrolments_active_on(on).filter(
        classroom=classroom).values("pupil_id")).order_by("first_name", "last_name", "pk"))


def device_pupils(*, device: ClassDevice) -> list[dict]:
    """What the tablet shows: each pupil's id and first name (nothing else). One query."""
    pupils = list(classroom_pupils(classroom=device.classroom).only("pk", "first_name",
                                                                     "last_name"))
    names = display_names(pupils)
    return [{"id": pupil.pk, "first_name": names[pupil.pk]} for pupil in pupils]


def _card_sessions_open(now: datetime) -> QuerySet[CardSignIn]:
    return CardSignIn.objects.filter(ends_at__gt=now).filter(
        Exists(UserSession.objects.filter(session_key=OuterRef("session_key"))))


def _with_cards(pupils: QuerySet[Person], now: datetime | None) -> QuerySet[Person]:
    now = now or timezone.now()
    last = CardSignIn.objects.filter(pupil_id=OuterRef("pk")).order_by("-signed_in_at", "-pk")
    return (pupils.select_related("class_card")
            .annotate(last_sign_in_at=Subquery(last.values("signed_in_at")[:1]),
                      last_sign_in_device=Subquery(last.values("device__name")[:1]),
                      signed_in_now=Exists(_card_sessions_open(now).filter(
                          pupil_id=OuterRef("pk")))))


def classroom_cards(*, classroom: Classroom, now: datetime | None = None) -> QuerySet[Person]:
    """The class's pupils with their card (or none), their last sign-in with a card and
    whether a card session of theirs is open now. One query (and the page's count)."""
    return _with_cards(classroom_pupils(classroom=classroom), now)


def classroom_cards_of_pupil(*, pupil: Person, now: datetime | None = None) -> Person:
    """One pupil, as a line of ``classroom_cards``."""
    return _with_cards(Person.objects.filter(pk=pupil.pk), now).get()


def classroom_devices(*, classroom: Classroom) -> QuerySet[ClassDevice]:
    """The class's devices, those still enrolled first, each with who enrolled it."""
    return (ClassDevice.objects.filter(classroom=classroom)
            .select_related("enrolled_by", "classroom")
            .order_by(F("revoked_at").desc(nulls_first=True), "enrolled_at", "pk"))
