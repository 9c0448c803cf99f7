"""The one-click unsubscription of the digest (RFC 8058), per category or whole.

Each digest names, in its ``List-Unsubscribe`` header, the address that stops the digest
(every category), and under each of its sections the address that stops that section
only: ``/api/v1/notifications/unsubscribe/<token>/``, where the token is the login's id and
the category (or ``ALL``) signed by Préau with a salt of its own. The mail client posts there
with no session; a person following the link lands on the web app's page
``/desabonnement/<token>``, which asks before it posts. The token can only remove a
category; it stays valid ``MAX_AGE_DAYS``.
"""

from __future__ import annotations

from django.core import signing

from preau.accounts.models import User
from preau.common.errors import NotFoundError
from preau.notifications.models import Category

SALT = "preau.notifications.unsubscribe"
MAX_AGE_DAYS = 400
ALL = "all"


def unsubscribe_token(*, user_id: int, category: str = ALL) -> str:
    return signing.dumps({"user": user_id, "category": category}, salt=SALT, compress=False)


def unsubscribe_target(token: str) -> tuple[User, str]:
    """The active login and the category (or ``ALL``) the token was made for; the same 404
    for a token altered, expired, of a login gone or of an unknown category."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
        user_id, category = int(data["user"]), str(data["category"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NotFoundError("Lien de désabonnement inconnu ou expiré.") from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or (category != ALL and category not in Category.values):
        raise NotFoundError("Lien de désabonnement inconnu ou expiré.")
    return user, category
