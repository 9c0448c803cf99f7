"""The digest's tasks: the scheduler's dispatcher, every quarter of an hour, and one task
per digest (docs/tasks.md, docs/notifications.md)."""

from __future__ import annotations

from datetime import datetime

import requests
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from pywebpush import WebPushException, webpush

from preau.accounts.models import User
from preau.common.tasks import (
    DeliveryDeferred,
    DeliveryRefused,
    deliver,
    enqueue_many_on_commit,
    retry_delay,
)
from preau.notifications.access import digest_of
from preau.notifications.mails import digest_email
from preau.notifications.models import PushSubscription
from preau.notifications.push import payload
from preau.notifications.selectors import digest_sections
from preau.notifications.services import address_of, digests_claim_due
from preau.notifications.vapid import subject, vapid

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


# The push service's answers that mean "this browser is gone": the subscription is deleted.
GONE = {404, 410}


@shared_task(bind=True, name="notifications.send_push")
def send_push(self, subscription_id: int, category: str) -> None:
    """One push to one browser, encrypted for it (RFC 8291) and signed with our VAPID key.
    Read when it runs: a browser unsubscribed, or that turned the category off, gets
    nothing. A push service away or answering 429/5xx retries it with backoff; 404/410
    deletes the subscription; any other refusal fails it. The errors name the answer's
    status, never the endpoint (a capability URL)."""
    subscription = (PushSubscription.objects
                    .filter(pk=subscription_id, user__is_active=True,
                            categories__category=category).first())
    if subscription is None:
        return
    status = None
    try:
        webpush({"endpoint": subscription.endpoint,
                 "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
                payload(category), vapid_private_key=vapid(), vapid_claims={"sub": subject()},
                ttl=settings.PREAU_PUSH_TTL_SECONDS, timeout=5)
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
    except requests.RequestException:
        status = None
    else:
        PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
        return
    if status in GONE:
        subscription.delete()
        return
    if status is None or status == 429 or status >= 500:
        what = f"réponse {status} du service de notification" if status else (
            "service de notification injoignable")
        raise self.retry(exc=DeliveryDeferred(what), countdown=retry_delay(self.request.retries),
                         max_retries=settings.PREAU_TASK_MAX_RETRIES)
    raise DeliveryRefused(f"réponse {status} du service de notification")
