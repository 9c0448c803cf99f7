from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "preau.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.contrib.sessions.models import Session

        from preau.accounts.models import Invitation, UserSession
        from preau.common import retention

        retention.register("invitations", Invitation, "expires_at",
                           label="Codes d'invitation expirés", default_days=90)
        retention.register("sessions", Session, "expire_date", label="Sessions expirées",
                           default_days=0)
        retention.register("user_sessions", UserSession, "created_at",
                           label="Historique des sessions", default_days=31)
