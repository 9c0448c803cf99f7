from django.apps import AppConfig


class AuthorityConfig(AppConfig):
    name = "preau.authority"
    label = "authority"
    verbose_name = "Autorités (mairie, IEN, DASEN)"

    def ready(self) -> None:
        from preau.authority.models import AccessLog
        from preau.common import retention

        # The director consults the log for a year; past that it goes (CNIL guidance on logs).
        retention.register("access_log", AccessLog, "created_at",
                           label="Journal des consultations des autorités", default_days=365)
