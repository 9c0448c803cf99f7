"""The digest's tasks: the scheduler's dispatcher, every quarter of an hour, and one task
per digest (docs/tasks.md, docs/notifications.md)."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.core.cache import cache
from django.db import transaction

from preau.accounts.models import User
from preau.common.tasks import deliver, enqueue_many_on_commit
from preau.notifications.access import digest_of
from preau.notifications.mails import digest_email
from preau.notifications.selectors import digest_sections
from preau.notifications.services import address_of, digests_claim_due

# A digest sent is remembered this long, so that a task run twice does not send it twice.
SENT_SECONDS = 3 * 24 * 3600


@shared_task(name="notifications.send_due_digests")
def send_due_digests() -> int:
    """Ask for each digest due now (the scheduler, every 15 minutes); returns how many."""
    with transaction.atomic():
        calls = digests_claim_due()
        enqueue_many_on_commit(send_digest, calls)
    return len(calls)


def _sent_key(user_id: int, end: str) -> str:
    return f"task-sent:digest:{user_id}:{end}"


@shared_task(bind=True, name="notifications.send_digest")
def send_digest(self, user_id: int, start: str, end: str) -> None:
    """The digest of login ``user_id`` over [start, end). Read when it runs: a category
    unsubscribed meanwhile is left out, and a digest with nothing to say is not sent."""
    if cache.get(_sent_key(user_id, end)):
        return
    user = User.objects.filter(pk=user_id, is_active=True).select_related("person").first()
    digest = digest_of(user) if user is not None else None
    if digest is None:
        return
    address = address_of(user)
    categories = {row.category for row in digest.categories.all()}
    if not address or not categories:
        return
    until = datetime.fromisoformat(end)
    sections = digest_sections(user=user, categories=categories,
                               start=datetime.fromisoformat(start), end=until)
    if not sections:
        return
    deliver(self, digest_email(user_id=user_id, address=address, sections=sections, end=until))
    cache.set(_sent_key(user_id, end), True, timeout=SENT_SECONDS)
