"""Writes of the digest: a login's choice, its one-click unsubscription, and the dispatcher's
daily claim of the digests due (docs/notifications.md)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from preau.common.errors import ApplicationError
from preau.notifications.models import (
    EARLIEST,
    LATEST,
    Category,
    Digest,
    DigestCategory,
    PushCategory,
    PushSubscription,
)
from preau.notifications.unsubscribe import ALL, unsubscribe_target

# A digest covers the news since the previous one, but never more than this (a digest
# stopped for the holidays starts again with the last day, not with the whole summer).
LONGEST_WINDOW = timedelta(days=7)
DAY = timedelta(days=1)


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


def address_of(user) -> str:
    """Where a login's mail goes: its own address, else its person's."""
    person = user.person
    return user.email or (person.email if person is not None else "")


@transaction.atomic
def digest_set(*, actor, send_at: time, categories: list[str]) -> Digest:
    """The viewer's digest: the time it leaves and what it gathers (no category: no mail).
    Refused with a 400 naming the field: a time outside 6 h–22 h (``send_at``), a category
    asked for by a login without an e-mail address (``categories``)."""
    if not EARLIEST <= send_at <= LATEST:
        raise _refuse("Choisissez une heure entre 6 h et 22 h.", "send_at")
    wanted = set(categories)
    if unknown := wanted - set(Category.values):
        raise _refuse(f"Rubrique inconnue : {', '.join(sorted(unknown))}.", "categories")
    if wanted and not address_of(actor):
        raise _refuse("Votre compte n'a pas d'adresse de courriel : demandez à l'école de "
                      "l'ajouter.", "categories")
    digest, _ = Digest.objects.select_for_update().get_or_create(user=actor)
    if digest.send_at != send_at:
        digest.send_at = send_at
        digest.save(update_fields=["send_at"])
    digest.categories.exclude(category__in=wanted).delete()
    DigestCategory.objects.bulk_create(
        [DigestCategory(digest=digest, category=c) for c in sorted(wanted)],
        ignore_conflicts=True)
    return Digest.objects.prefetch_related("categories").get(pk=digest.pk)


@transaction.atomic
def digest_unsubscribe(*, token: str) -> tuple[Digest | None, str]:
    """The one-click unsubscription: the token's category (or every one) leaves the
    login's digest. Done twice, it changes nothing the second time."""
    user, category = unsubscribe_target(token)
    digest = Digest.objects.filter(user=user).first()
    if digest is not None:
        removed = digest.categories.all()
        if category != ALL:
            removed = removed.filter(category=category)
        removed.delete()
        digest = Digest.objects.prefetch_related("categories").get(pk=digest.pk)
    return digest, category


def _window_end(day, send_at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, send_at))


@transaction.atomic
def digests_claim_due(*, now: datetime | None = None) -> list[tuple[int, str, str]]:
    """The digests due now — their time has come today, they were not asked for today
    and they gather something — each claimed for the day (``queued_on``), so that two
    dispatchers, or a dispatcher run twice, ask for each once. Returns, per digest, the
    login's id and the window it covers, [start, end) as ISO strings: from where the
    previous digest stopped (a day before ``end`` at most ``LONGEST_WINDOW``) to today's
    time of sending."""
    now = timezone.localtime(now)
    today = now.date()
    due = (Digest.objects
           .filter(Q(queued_on__isnull=True) | Q(queued_on__lt=today), send_at__lte=now.time(),
                   user__is_active=True)
           .filter(Exists(DigestCategory.objects.filter(digest_id=OuterRef("pk"))))
           .select_for_update(skip_locked=True, of=("self",))
           .order_by("pk"))
    claimed, calls = [], []
    for digest in due:
        end = _window_end(today, digest.send_at)
        start = digest.covered_until
        if start is None or start >= end or end - start > LONGEST_WINDOW:
            start = end - (DAY if start is None or start >= end else LONGEST_WINDOW)
        digest.queued_on, digest.covered_until = today, end
        claimed.append(digest)
        calls.append((digest.user_id, start.isoformat(), end.isoformat()))
    Digest.objects.bulk_update(claimed, ["queued_on", "covered_until"])
    return calls


# --- Web Push ------------------------------------------------------------------------------

LOOPBACK = {"127.0.0.1", "localhost"}


def _base64url(value: str, field: str, *, length: int) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != length:
        raise _refuse("Clé du navigateur illisible.", field)
    return raw


def _check_subscription(endpoint: str, p256dh: str, auth: str) -> None:
    """A push service we know, over HTTPS; the browser's keys as RFC 8291 has them."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    known = any(host == allowed or host.endswith("." + allowed)
                for allowed in settings.PREAU_PUSH_SERVICE_HOSTS)
    if not known or not (parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK)):
        raise _refuse("Ce service de notification n'est pas accepté.", "endpoint")
    point = _base64url(p256dh, "keys.p256dh", length=65)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise _refuse("Clé du navigateur illisible.", "keys.p256dh") from None
    _base64url(auth, "keys.auth", length=16)


def _set_push_categories(subscription: PushSubscription, categories: list[str]) -> None:
    wanted = set(categories)
    if unknown := wanted - set(Category.values):
        raise _refuse(f"Rubrique inconnue : {', '.join(sorted(unknown))}.", "categories")
    subscription.categories.exclude(category__in=wanted).delete()
    PushCategory.objects.bulk_create(
        [PushCategory(subscription=subscription, category=c) for c in sorted(wanted)],
        ignore_conflicts=True)


@transaction.atomic
def push_subscribe(*, actor, endpoint: str, p256dh: str, auth: str, label: str,
                   categories: list[str]) -> tuple[PushSubscription, bool]:
    """The viewer's browser accepts pushes for these categories. The same browser
    subscribing again (its endpoint) is updated — and becomes the viewer's if another login
    had it (the family's tablet, the other parent signed in). Returns (subscription,
    created). 400 naming the field: a push service we do not know, keys that are not a
    browser's."""
    _check_subscription(endpoint, p256dh, auth)
    subscription, created = PushSubscription.objects.select_for_update().update_or_create(
        endpoint=endpoint,
        defaults={"user": actor, "p256dh": p256dh, "auth": auth, "label": label.strip()})
    _set_push_categories(subscription, categories)
    return subscription, created


@transaction.atomic
def push_categories_set(*, subscription: PushSubscription, categories: list[str],
                        label: str | None = None) -> PushSubscription:
    _set_push_categories(subscription, categories)
    if label is not None:
        subscription.label = label.strip()
        subscription.save(update_fields=["label"])
    return subscription


@transaction.atomic
def push_unsubscribe(*, subscription: PushSubscription) -> None:
    subscription.delete()
