"""The authentication backend that loads a signed-in session's account.

``SessionAccountBackend.get_user`` reads the account with what every write asks of it:
whether it holds an authority role only (``preau.people.permissions.is_authority_only``,
the gate of ``ReadOnlyForAuthorities`` on every POST, PUT, PATCH and DELETE). It is
computed in the same query as the account, on every request, so a membership added or
removed takes effect at the next request; no session carries a role.

Passwords are checked by Django's ``ModelBackend``, listed after this one in
``AUTHENTICATION_BACKENDS``: this one authenticates no one (a wrong password is checked
once, not twice). Sessions opened before it existed name ``ModelBackend``; they stay
valid and get the plain account (the authority check then costs its own query).
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from preau.accounts.models import User
from preau.people.permissions import AUTHORITY_ONLY, authority_only


class SessionAccountBackend(ModelBackend):
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        try:
            user = User.objects.annotate(**{AUTHORITY_ONLY: authority_only(User, "person")}).get(
                pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
