"""The one-click unsubscription of the absence e-mails (RFC 8058).

Each absence e-mail names, in its ``List-Unsubscribe`` header, an address of its own:
``/api/v1/attendance/unsubscribe/<token>/``, where the token is the guardian's login id
signed by Préau (``django.core.signing``, its own salt). The guardian's mail client posts
to it ("Se désabonner"), with no session: the token is the only credential, and it can only
turn these e-mails off. It stays valid ``MAX_AGE_DAYS`` (a mail read months later still
unsubscribes).
"""

from __future__ import annotations

from django.core import signing

from preau.accounts.models import User
from preau.common.errors import NotFoundError

SALT = "preau.attendance.unsubscribe"
MAX_AGE_DAYS = 400


def unsubscribe_token(*, user_id: int) -> str:
    return signing.dumps({"user": user_id}, salt=SALT, compress=False)


def unsubscribe_user(token: str) -> User:
    """The active login the token was made for; the same 404 for a token altered, expired,
    or of a login gone."""
    try:
        user_id = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)["user"]
    except (signing.BadSignature, KeyError, TypeError):
        raise NotFoundError("Lien de désabonnement inconnu ou expiré.") from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFoundError("Lien de désabonnement inconnu ou expiré.")
    return user
