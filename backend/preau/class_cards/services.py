"""Writes of class cards: enrol and revoke a classroom's devices, print (issue) and reset the
pupils' cards, and sign a pupil in on an enrolled device (docs/class-cards.md)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import Throttled

from preau.accounts import session_policy
from preau.accounts.models import SignInMethod, User, UserSession
from preau.accounts.services import session_open, user_logout, user_session_end
from preau.accounts.throttling import failures_record, failures_refuse, throttle_store
from preau.audit.models import AuditKind
from preau.audit.services import audit_event_record
from preau.class_cards.access import card_classrooms_visible_to, card_pupils_visible_to
from preau.class_cards.models import PICTURES, CardMethod, CardSignIn, ClassCard, ClassDevice
from preau.class_cards.selectors import (
    QR_PREFIX,
    card_hours,
    classroom_pupils,
    device_of_token,
    display_names,
    token_hash,
)
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.people.access import Purpose, enrolments_active_on
from preau.people.models import Person
from preau.schools.models import Classroom

CARD_METHODS = (SignInMethod.CARD_PICTURES, SignInMethod.CARD_QR)


def _refuse(message: str, field: str, *, code: str = "invalid",
            status_code: int | None = None) -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: [message]},
                            status_code=status_code)


def can_manage_class_cards(*, actor, classroom: Classroom) -> bool:
    """Who teaches the classroom, who directs its school, the operator."""
    return card_classrooms_visible_to(actor, purpose=Purpose.REGISTER).filter(
        pk=classroom.pk).exists()


def _require_manager(*, actor, classroom: Classroom) -> None:
    if not can_manage_class_cards(actor=actor, classroom=classroom):
        raise PermissionDeniedError("Seul·es les enseignant·es de la classe et la direction "
                                    "gèrent les cartes de classe.")


def _require_manager_of_pupil(*, actor, pupil: Person) -> None:
    if not card_pupils_visible_to(actor, purpose=Purpose.REGISTER).filter(pk=pupil.pk).exists():
        raise PermissionDeniedError("Seul·es les enseignant·es de la classe et la direction "
                                    "gèrent les cartes de classe.")


def _end_card_sessions(sessions) -> int:
    ended = 0
    for user_session in sessions:
        user_session_end(user_session=user_session)
        ended += 1
    return ended


# --- Devices ----------------------------------------------------------------------------------

def device_token_new() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def device_enrol(*, actor, classroom: Classroom, name: str,
                 previous_token: str | None = None) -> tuple[ClassDevice, str]:
    """Enrol the browser the teacher is using as a device of the classroom; returns the
    device and its token (in clear only here: it goes in the device's cookie). A device this
    browser carried before is revoked: one browser, one device."""
    _require_manager(actor=actor, classroom=classroom)
    name = name.strip()
    if not name:
        raise _refuse("Donnez un nom à l'appareil (ex. « Tablette 1 »).", "name")
    now = timezone.now()
    previous = device_of_token(previous_token)
    if previous is not None and previous.revoked_at is None:
        _revoke(device=previous, actor=actor, now=now)
    token = device_token_new()
    device = ClassDevice.objects.create(classroom=classroom, name=name,
                                        token_hash=token_hash(token), enrolled_by=actor,
                                        enrolled_at=now)
    audit_event_record(kind=AuditKind.CLASS_DEVICE_ADDED, actor=actor,
                       object_ref=f"classroom:{classroom.pk} device:{device.pk}",
                       school_ids=[classroom.school_id])
    return device, token


def _revoke(*, device: ClassDevice, actor, now: datetime) -> None:
    # Never before its enrolment (a constraint): the servers' clocks may differ by a little.
    device.revoked_at, device.revoked_by = max(now, device.enrolled_at), actor
    device.save(update_fields=["revoked_at", "revoked_by"])
    audit_event_record(kind=AuditKind.CLASS_DEVICE_REMOVED, actor=actor,
                       object_ref=f"classroom:{device.classroom_id} device:{device.pk}",
                       school_ids=[device.classroom.school_id])
    _end_card_sessions(UserSession.objects.filter(method__in=CARD_METHODS,
                                                  provider=str(device.pk)))


@transaction.atomic
def device_revoke(*, actor, device: ClassDevice) -> ClassDevice:
    """The device stops signing pupils in at once; the card sessions opened on it end."""
    _require_manager(actor=actor, classroom=device.classroom)
    device = ClassDevice.objects.select_for_update().select_related("classroom").get(
        pk=device.pk)
    if device.revoked_at is None:
        _revoke(device=device, actor=actor, now=timezone.now())
    return device


# --- Cards ------------------------------------------------------------------------------------

def pictures_new(*, other_than: tuple[str, str] | None = None) -> tuple[str, str]:
    """Two distinct pictures out of nine, at random, in order (never the pair given)."""
    keys = list(PICTURES)
    while True:
        first, second = sorted(secrets.SystemRandom().sample(keys, 2))
        if (first, second) != other_than:
            return first, second


def qr_token_new() -> str:
    return QR_PREFIX + secrets.token_urlsafe(16)


def _qr_token_key(text: str) -> str:
    """The hash of a QR code's text; the prefix and surrounding spaces do not matter."""
    text = text.strip()
    if not text.startswith(QR_PREFIX):
        text = QR_PREFIX + text
    return token_hash(text)


@dataclass
class PrintedCard:
    pupil: Person
    first_name: str  # the name printed (an initial is added for two same first names)
    pictures: list[str]
    qr_text: str
    card: ClassCard


@transaction.atomic
def cards_print(*, actor, classroom: Classroom, pupil_ids: list[int] | None = None,
                reprint: bool = False) -> list[PrintedCard]:
    """The cards to print for the class (or for the pupils named): a pupil without a card
    gets one. A card already issued is printed again only with ``reprint``: its QR token is
    then issued anew (only its hash is kept, so the old printed QR code stops working), its
    pictures stay. Nothing to print answers 400 naming ``reprint`` (or ``pupils``)."""
    _require_manager(actor=actor, classroom=classroom)
    pupils = list(classroom_pupils(classroom=classroom))
    names = display_names(pupils)
    if pupil_ids is not None:
        unknown = set(pupil_ids) - {pupil.pk for pupil in pupils}
        if unknown:
            raise _refuse("Ces élèves ne sont pas de cette classe.", "pupils")
        pupils = [pupil for pupil in pupils if pupil.pk in set(pupil_ids)]
    # Two teachers printing at once: the second waits, then sees the first's cards.
    locked = list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in pupils])
                  .values_list("pk", flat=True))
    cards = {card.pupil_id: card for card in ClassCard.objects.filter(pupil_id__in=locked)}
    now = timezone.now()
    printed, new_cards, reissued = [], [], []
    for pupil in pupils:
        card = cards.get(pupil.pk)
        if card is not None and not reprint:
            continue
        qr_text = qr_token_new()
        if card is None:
            first, second = pictures_new()
            card = ClassCard(pupil=pupil, picture_1=first, picture_2=second,
                             qr_token_hash=token_hash(qr_text), created_at=now, printed_at=now)
            new_cards.append(card)
        else:
            card.qr_token_hash, card.printed_at = token_hash(qr_text), now
            reissued.append(card)
        printed.append(PrintedCard(pupil=pupil, first_name=names[pupil.pk],
                                   pictures=card.pictures, qr_text=qr_text, card=card))
    if not printed:
        if not pupils:
            raise _refuse("Aucun·e élève dans cette classe.", "pupils")
        raise _refuse("Toutes ces cartes sont déjà imprimées. Pour les imprimer de nouveau "
                      "(leurs anciens QR codes ne marcheront plus), demandez une "
                      "réimpression.", "reprint", code="cards_already_printed")
    ClassCard.objects.bulk_create(new_cards)
    ClassCard.objects.bulk_update(reissued, ["qr_token_hash", "printed_at"])
    return printed


@transaction.atomic
def card_reset(*, actor, pupil: Person) -> ClassCard:
    """New pictures and a new QR token: the old card stops working at once, and the pupil's
    open card sessions end (their sockets too). A pupil without a card gets one. The card
    must then be printed again."""
    _require_manager_of_pupil(actor=actor, pupil=pupil)
    Person.objects.select_for_update().filter(pk=pupil.pk).first()
    card = ClassCard.objects.filter(pupil=pupil).first()
    now = timezone.now()
    if card is None:
        first, second = pictures_new()
        card = ClassCard.objects.create(pupil=pupil, picture_1=first, picture_2=second,
                                        qr_token_hash=token_hash(qr_token_new()),
                                        created_at=now, reset_at=now)
    else:
        card.picture_1, card.picture_2 = pictures_new(other_than=(card.picture_1,
                                                                  card.picture_2))
        card.qr_token_hash = token_hash(qr_token_new())
        card.version += 1
        card.reset_at = now
        card.printed_at = None
        card.save(update_fields=["picture_1", "picture_2", "qr_token_hash", "version",
                                 "reset_at", "printed_at"])
    _end_card_sessions(UserSession.objects.filter(user__person=pupil,
                                                  method__in=CARD_METHODS))
    audit_event_record(kind=AuditKind.CLASS_CARD_RESET, actor=actor,
                       object_ref=f"pupil:{pupil.pk}")
    return card


@transaction.atomic
def card_sessions_end(*, actor, pupil: Person) -> int:
    """End the pupil's open card sessions (the card keeps working); returns how many."""
    _require_manager_of_pupil(actor=actor, pupil=pupil)
    return _end_card_sessions(UserSession.objects.filter(user__person=pupil,
                                                         method__in=CARD_METHODS))


# --- Signing in on a device -------------------------------------------------------------------

def _failure_keys(*, device: ClassDevice, pupil_id: int | None) -> list[tuple[str, int]]:
    keys = [(f"class-card-fail:device:{device.pk}",
             settings.PREAU_CLASS_CARDS_DEVICE_FAILURE_LIMIT)]
    if pupil_id is not None:
        keys.insert(0, (f"class-card-fail:pupil:{pupil_id}",
                        settings.PREAU_CLASS_CARDS_FAILURE_LIMIT))
    return keys


def _check_not_throttled(keys: list[tuple[str, int]]) -> None:
    failures_refuse(keys, window=settings.PREAU_CLASS_CARDS_FAILURE_WINDOW_SECONDS,
                    detail="Trop d'essais : attends un peu, ou demande à ton enseignant·e.")


def _record_failure(keys: list[tuple[str, int]]) -> None:
    failures_record([key for key, _limit in keys],
                    window=settings.PREAU_CLASS_CARDS_FAILURE_WINDOW_SECONDS)


NOT_ENROLLED = ("Cet appareil n'est pas inscrit pour les cartes de classe. L'enseignant·e "
                "l'inscrit depuis sa session, sur la page « Cartes de classe ».")
REVOKED = "Cet appareil a été retiré des cartes de classe par l'enseignant·e."
WRONG_PICTURES = "Ce ne sont pas les bonnes images. Essaie encore !"
WRONG_QR = "Cette carte n'est pas reconnue. Demande à ton enseignant·e."


def device_usable(device: ClassDevice | None) -> ClassDevice:
    """The enrolled device, or 403 saying why not."""
    if device is None:
        raise PermissionDeniedError(NOT_ENROLLED)
    if device.revoked_at is not None:
        raise ApplicationError(REVOKED, code="device_revoked", status_code=403)
    return device


def _username_of(pupil: Person) -> str:
    """The pupil's login name for the journal (the one a card sign-in would create)."""
    return (User.objects.filter(person=pupil).values_list("username", flat=True).first()
            or f"eleve-{pupil.pk}")


def _pupil_user(pupil: Person) -> User:
    """The pupil's own login; created without a usable password if the pupil has none."""
    user = User.objects.filter(person=pupil).first()
    if user is not None:
        if not user.is_active:
            raise _refuse("Le compte de cet·te élève est désactivé : voir avec la direction.",
                          "pupil", code="account_inactive")
        return user
    base = f"eleve-{pupil.pk}"
    for attempt in range(5):
        username = base if attempt == 0 else f"{base}-{secrets.token_hex(3)}"
        user = User(username=username, first_name=pupil.first_name, last_name=pupil.last_name,
                    person=pupil)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
            return user
        except IntegrityError:  # the name is taken, or a concurrent sign-in created it
            existing = User.objects.filter(person=pupil).first()
            if existing is not None:
                return existing
    raise _refuse("Impossible de créer le compte de l'élève.", "pupil")


def card_sign_in(*, request, device: ClassDevice | None, pupil_id: int | None = None,
                 pictures: list[str] | None = None, qr: str | None = None) -> CardSignIn:
    """Open the pupil's own session on an enrolled device of the pupil's classroom, on a
    school day within the hours, with the card's two pictures (any order) or its QR code.

    403: no device, a revoked one, outside the hours. 400 naming the field: a pupil who is
    not of the class or has no card (``pupil``), wrong pictures (``pictures``), an unknown
    QR code (``qr``). 429 beyond ``PREAU_CLASS_CARDS_FAILURE_LIMIT`` wrong attempts for the
    pupil, or ``PREAU_CLASS_CARDS_DEVICE_FAILURE_LIMIT`` on the device, in the window. The
    session ends at the day's closing hour (``session_policy.session_limit``)."""
    device = device_usable(device)
    hours = card_hours(school=device.classroom.school)
    if not hours.open:
        raise ApplicationError(hours.reason, code="outside_school_hours", status_code=403)
    today = timezone.localdate()
    enrolled = enrolments_active_on(today).filter(classroom_id=device.classroom_id)
    if qr is not None:
        method, card_method = SignInMethod.CARD_QR, CardMethod.QR
        keys = _failure_keys(device=device, pupil_id=None)
        _check_not_throttled(keys)
        card = (ClassCard.objects.select_related("pupil")
                .filter(qr_token_hash=_qr_token_key(qr)).first())
        if card is None or not enrolled.filter(pupil_id=card.pupil_id).exists():
            _record_failure(keys)
            audit_event_record(kind=AuditKind.LOGIN_FAILED, request=request,
                               username="carte de classe (QR)", path=request.path,
                               school_ids=[device.classroom.school_id])
            raise _refuse(WRONG_QR, "qr", code="invalid_card")
        pupil = card.pupil
    else:
        method, card_method = SignInMethod.CARD_PICTURES, CardMethod.PICTURES
        pupil = Person.objects.filter(pk=pupil_id, pk__in=enrolled.values("pupil_id")).first()
        if pupil is None:
            raise _refuse("Cet·te élève n'est pas de cette classe.", "pupil",
                          code="pupil_not_in_class")
        keys = _failure_keys(device=device, pupil_id=pupil.pk)
        try:
            _check_not_throttled(keys)
        except Throttled:
            audit_event_record(kind=AuditKind.LOGIN_THROTTLED, request=request,
                               username=_username_of(pupil), path=request.path,
                               school_ids=[device.classroom.school_id])
            raise
        card = ClassCard.objects.filter(pupil=pupil).first()
        if card is None:
            raise _refuse("Cet·te élève n'a pas encore de carte : l'enseignant·e l'imprime.",
                          "pupil", code="no_card")
        if sorted(pictures or []) != card.pictures:
            _record_failure(keys)
            audit_event_record(kind=AuditKind.LOGIN_FAILED, request=request,
                               username=_username_of(pupil), path=request.path,
                               school_ids=[device.classroom.school_id])
            raise _refuse(WRONG_PICTURES, "pictures", code="wrong_pictures")
        throttle_store.delete_many([keys[0][0], f"{keys[0][0]}:start"])
    now = timezone.now()
    with transaction.atomic():
        user = _pupil_user(pupil)
        if request.user.is_authenticated and request.user.pk != user.pk:
            user_logout(request=request)  # whoever was signed in on the tablet
        session_open(request=request, user=user, method=method, provider=str(device.pk))
        session_policy.session_limit(session=request.session,
                                     ends_at=hours.closes_at.timestamp(),
                                     idle=settings.PREAU_CLASS_CARDS_IDLE_SECONDS)
        ClassDevice.objects.filter(pk=device.pk).update(last_used_at=now)
        sign_in = CardSignIn.objects.create(pupil=pupil, device=device, method=card_method,
                                            session_key=request.session.session_key,
                                            signed_in_at=now, ends_at=hours.closes_at)
    return sign_in
