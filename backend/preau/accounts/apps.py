from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "preau.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.contrib.sessions.models import Session

        from preau.accounts.session_policy import mark_session_on_login

        # Every way in (our login, the admin's form, a test's force_login) goes through
        # django.contrib.auth.login: the session gets its kind and clock there.
        user_logged_in.connect(mark_session_on_login, dispatch_uid="preau-session-clock")

        from preau.accounts.models import Invitation, UserSession
        from preau.common import retention

        retention.register("invitations", Invitation, "expires_at",
                           label="Codes d'invitation expirés", default_days=90)
        retention.register("sessions", Session, "expire_date", label="Sessions expirées",
                           default_days=0)
        retention.register("user_sessions", UserSession, "created_at",
                           label="Historique des sessions", default_days=31)
        from preau.accounts.models import User
        from preau.people.selectors import persons_who_left

        # The accounts of families who left, 3 months after the last enrolment ended
        # (CNIL, ENT: account data deleted within 3 months once no longer needed).
        retention.register(
            "accounts", User, label="Comptes des familles parties", default_days=92,
            rows=lambda cutoff: User.objects.filter(
                is_staff=False, is_superuser=False,
                person__in=persons_who_left(before=cutoff)))
