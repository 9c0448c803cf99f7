"""Writes of the digest: a login's choice, its one-click unsubscription, and the dispatcher's
daily claim of the digests due (docs/notifications.md)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from preau.common.errors import ApplicationError
from preau.notifications.models import EARLIEST, LATEST, Category, Digest, DigestCategory
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
