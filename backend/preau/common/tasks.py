"""Asking for a task, delivering a mail from one, and reporting a task that fails for good.

Every task of Préau takes ids (and addresses of pages), never personal data: what it needs
it reads again when it runs, so that its arguments can be logged and a task that runs late
acts on the data as it is then (docs/tasks.md).

- ``enqueue_many_on_commit(task, calls)``: after the caller's transaction commits, over one
  connection. A broker that does not answer loses the tasks, each logged with its name and
  arguments; the committed write stands and the request is answered as usual.
- ``deliver(task, message)``: sends an e-mail from a task. A passing failure (the mail
  server away, a 4xx answer) retries the task after ``retry_delay``; a refusal (a 5xx
  answer) fails it at once. The exceptions that reach Celery's log name the server's answer
  code, never the addresses.
- A task that fails for good is logged at ERROR on ``preau.tasks`` with its name, id,
  arguments and the error's kind (``report_failure``); a retry, at WARNING
  (``report_retry``).
"""

from __future__ import annotations

import logging
import random
import smtplib
from functools import partial

from celery import Task, shared_task, signals
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

from preau.common import retention

logger = logging.getLogger("preau.tasks")


class DeliveryDeferred(Exception):
    """The mail server could not take the mail now (a 4xx answer, no connection)."""


class DeliveryRefused(Exception):
    """The mail server refused the mail for good (a 5xx answer)."""


def enqueue_many(task: Task, calls: list[tuple]) -> None:
    """Send ``task(*args)`` for each ``args`` of ``calls`` to the queue (or run them here, in
    the embedded default), over one connection: a broker that fails fails once, and every
    task not sent yet is logged as lost."""
    app = task.app
    if app.conf.task_always_eager:
        for args in calls:
            task.apply_async(args=args)
        return
    sent = 0
    try:
        # A connection of its own rather than one from the app's pool, which keeps the
        # broker it first met: the broker is the one the settings name when the tasks are
        # asked for (a test points this process at a broker of its own, tests/tasks/peers.py).
        # Its reads wait REDIS_TIMEOUT_SECONDS at most, as every Redis client of a request
        # (the worker's own connections wait longer, for its blocking reads).
        options = {**app.conf.broker_transport_options,
                   "socket_timeout": settings.REDIS_TIMEOUT_SECONDS}
        with app.connection_for_write(transport_options=options) as connection:
            for args in calls:
                task.apply_async(args=args, connection=connection)
                sent += 1
    except BrokerUnavailable:
        for args in calls[sent:]:
            logger.error("tâche %s%r perdue : la file de tâches (Redis) ne répond pas",
                         task.name, tuple(args))


def enqueue(task: Task, *args) -> None:
    enqueue_many(task, [args])


def enqueue_many_on_commit(task: Task, calls) -> None:
    """``enqueue_many`` once the caller's transaction has committed (nothing if it rolls
    back)."""
    calls = [tuple(args) for args in calls]
    if calls:
        transaction.on_commit(partial(enqueue_many, task, calls))


def retry_delay(retries: int) -> float:
    """``PREAU_TASK_RETRY_SECONDS``, doubled at each retry, at most an hour, ± 20 %."""
    delay = min(settings.PREAU_TASK_RETRY_SECONDS * 2 ** retries, 3600.0)
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 — spreading retries, not a secret  # nosec B311


def _smtp_problem(error: Exception) -> tuple[bool, str]:
    """(passing?, what the server answered) — without the addresses an error may carry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _message in error.recipients.values()})
        return all(400 <= code < 500 for code in codes), f"destinataire refusé ({codes})"
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500, f"réponse {error.smtp_code} du serveur de courriel"
    return True, f"serveur de courriel injoignable ({type(error).__name__})"


def deliver(task: Task, message: EmailMessage) -> None:
    """Send ``message`` from within ``task``: retried on a passing failure, failed on a
    refusal (module docstring)."""
    try:
        message.send()
        return
    except (smtplib.SMTPException, OSError) as error:
        passing, what = _smtp_problem(error)
    # Outside the ``except``: the exceptions raised here carry no context (the SMTP error
    # and its addresses stay out of Celery's log).
    if passing:
        raise task.retry(exc=DeliveryDeferred(what), countdown=retry_delay(task.request.retries),
                         max_retries=settings.PREAU_TASK_MAX_RETRIES)
    raise DeliveryRefused(what)


def _safe(error: BaseException | None) -> str:
    """An error as the log may show it: the text of our delivery errors (ours, with no
    address), of any other only its kind."""
    if isinstance(error, (DeliveryDeferred, DeliveryRefused)):
        return f"{type(error).__name__} — {error}"
    return type(error).__name__


def report_failure(sender: Task | None = None, task_id: str | None = None,
                   exception: BaseException | None = None, args=None, **_kwargs) -> None:
    """A task failed for good (after its retries, or at once on a refusal)."""
    retries = getattr(getattr(sender, "request", None), "retries", 0) or 0
    logger.error("tâche %s en échec définitif (id %s, arguments %r, %d essai(s)) : %s",
                 getattr(sender, "name", sender), task_id, tuple(args or ()), retries + 1,
                 _safe(exception))


def report_retry(sender: Task | None = None, request=None, reason=None, **_kwargs) -> None:
    """A task will be tried again (a passing failure): its name, id and arguments."""
    logger.warning("tâche %s réessayée (id %s, arguments %r, essai %d) : %s",
                   getattr(sender, "name", sender), getattr(request, "id", None),
                   tuple(getattr(request, "args", None) or ()),
                   (getattr(request, "retries", 0) or 0) + 1,
                   _safe(getattr(reason, "exc", None) or reason))


@shared_task(name="common.purge_expired")
def purge_expired() -> dict[str, int]:
    """The retention policy, applied every night by the scheduler (``CELERY_BEAT_SCHEDULE``;
    ``manage.py purge_expired`` does the same by hand): how many rows of each kind went."""
    counts = retention.purge_expired()
    logger.info("purge de nuit : %s", ", ".join(f"{kind} {n}" for kind, n in counts.items()))
    return counts


def report_ready(**_kwargs) -> None:
    logger.info("worker de tâches prêt")


signals.task_failure.connect(report_failure, weak=False, dispatch_uid="preau-task-failure")
signals.task_retry.connect(report_retry, weak=False, dispatch_uid="preau-task-retry")
signals.worker_ready.connect(report_ready, weak=False, dispatch_uid="preau-worker-ready")
