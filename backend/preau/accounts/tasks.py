"""The accounts' tasks: the password reset mail."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from preau.accounts.models import User
from preau.common.tasks import deliver


def password_reset_token_for(*, user: User) -> str:
    """``<user id, base64>.<Django token>``: the token dies when the password changes (so it
    serves once), when the account logs in again, and after ``PASSWORD_RESET_TIMEOUT``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{uid}.{default_token_generator.make_token(user)}"


def reset_mail(*, user: User, link: str) -> EmailMessage:
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    body = (
        f"Bonjour {user.first_name or user.username},\n\n"
        "Quelqu'un (sans doute vous) a demandé à changer le mot de passe de votre compte "
        f"Préau « {user.username} ».\n\n"
        f"Pour choisir un nouveau mot de passe, ouvrez ce lien dans les {minutes} minutes :\n"
        f"{link}\n\n"
        "Le lien ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message : "
        "votre mot de passe reste le même.\n\n"
        "— Préau\n"
    )
    return EmailMessage(subject="Préau : changer votre mot de passe", body=body,
                        to=[user.email])


@shared_task(bind=True, name="accounts.send_password_reset")
def send_password_reset(self, user_id: int, reset_url: str) -> None:
    """Mail account ``user_id`` a link to ``reset_url`` with a reset token made now (the
    token is never a task argument: arguments are logged). An account gone inactive or
    left without an address meanwhile gets nothing."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is not None:
        deliver(self, reset_mail(user=user, link=f"{reset_url}?token={password_reset_token_for(user=user)}"))
