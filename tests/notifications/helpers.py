"""The digest's tests: a real SMTP server, a clock set in Paris, the day's news made through
the real services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import time_machine
from rest_framework.test import APIClient

from preau.messaging import services as messaging
from preau.messaging.models import NoteAudience
from preau.notifications.models import Category
from preau.notifications.services import digest_set
from tests.tasks.peers import MailServer

PARIS = ZoneInfo("Europe/Paris")
TUESDAY = date(2026, 12, 1)
ONE_CLICK = "List-Unsubscribe=One-Click"
ADDRESS = "sophie.martin@example.org"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


@contextmanager
def mail_server(settings) -> Iterator[MailServer]:
    """This process's mails go to an SMTP server of the suite (aiosmtpd) for the block."""
    with MailServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        yield server


def subscribe(user, *, categories=tuple(Category.values), send_at=time(18, 0)):
    if not user.email:
        user.email = ADDRESS
        user.save(update_fields=["email"])
    return digest_set(actor=user, send_at=send_at, categories=list(categories))


def message_to(world, recipient_key: str, subject: str):
    return messaging.conversation_create(
        sender=world.user("teacher"), recipient_ids=[world.user(recipient_key).pk],
        subject=subject, body="Pouvez-vous me rappeler ?")[0]


def note_to_sign(world, title: str):
    return messaging.liaison_note_create(
        author=world.user("teacher"), title=title, body="Merci de signer.",
        audience=NoteAudience.CLASSROOM, classroom_id=world.classrooms["A1"].pk,
        requires_acknowledgement=True)


def travel(moment: datetime):
    return time_machine.travel(moment)


def posted_as_a_mail_client(url: str):
    """What a mail client sends (RFC 8058 §3.2): a POST of the one-click body, no cookie."""
    return APIClient().post(urlsplit(url).path, ONE_CLICK,
                            content_type="application/x-www-form-urlencoded")


def parts(message) -> dict[str, str]:
    """The text of each part of a received mail, by content type."""
    return {part.get_content_type(): part.get_content()
            for part in message.walk() if not part.is_multipart()}
