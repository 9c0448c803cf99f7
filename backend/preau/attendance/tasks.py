"""The register's tasks: the e-mail to a guardian who asked to be told of an absence."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, translation

from preau.attendance.models import Absence, AbsenceKind
from preau.attendance.recipients import guardian_recipients
from preau.attendance.unsubscribe import unsubscribe_token
from preau.common.french import of
from preau.common.tasks import deliver
from preau.schools.models import HalfDay

# A mail sent is remembered this long, so that a task run twice (a worker lost after the
# mail left, before it acknowledged the task) does not send it twice.
SENT_SECONDS = 7 * 24 * 3600


def absence_email(absence: Absence, pupil_name: str, address: str, *,
                  user_id: int) -> EmailMessage:
    """The mail, with the one-click unsubscription of RFC 8058 in its headers (the
    ``List-Unsubscribe`` address, posted by the guardian's mail client)."""
    with translation.override("fr"):
        when = formats.date_format(absence.date, "l j F Y")
        half_day = str(HalfDay(absence.half_day).label).lower()
    unsubscribe = settings.PREAU_SITE_URL + reverse(
        "attendance:email-unsubscribe", kwargs={"token": unsubscribe_token(user_id=user_id)})
    body = (
        f"Bonjour,\n\n{pupil_name} a été noté·e absent·e à l'appel "
        f"du {when} ({half_day}).\n\nSi vous connaissez le motif de cette absence, "
        "justifiez-la dans Préau (rubrique Absences).\n\n— Préau, pour l'école\n\n"
        "Vous recevez ce courriel parce que vous l'avez demandé. Pour ne plus le recevoir : "
        "le bouton « Se désabonner » de votre messagerie, ou la rubrique Absences de Préau."
    )
    return EmailMessage(subject=f"Absence {of(pupil_name)} le {when}", body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
                        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def _sent_key(absence_id: int, user_id: int) -> str:
    return f"task-sent:absence-email:{absence_id}:{user_id}"


@shared_task(bind=True, name="attendance.send_absence_email")
def send_absence_email(self, absence_id: int, user_id: int) -> None:
    """Tell guardian ``user_id`` that the child was marked absent. Read when it runs: an
    absence corrected away (or turned into a late arrival) meanwhile, a guardian who stopped
    the e-mails or is no longer the child's guardian gets nothing."""
    if cache.get(_sent_key(absence_id, user_id)):
        return
    absence = Absence.objects.filter(pk=absence_id, kind=AbsenceKind.ABSENT).first()
    if absence is None:
        return
    guardians = guardian_recipients(pupil_ids=[absence.pupil_id]).get(absence.pupil_id, [])
    guardian = next((g for g in guardians if g["user_id"] == user_id), None)
    if guardian is None or not guardian["by_email"] or not guardian["email"]:
        return
    deliver(self, absence_email(absence, guardian["pupil_name"], guardian["email"],
                                user_id=user_id))
    cache.set(_sent_key(absence_id, user_id), True, timeout=SENT_SECONDS)
