from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "preau.audit"
    label = "audit"
    verbose_name = "Journal d'audit"

    def ready(self) -> None:
        from preau.audit import receivers
        from preau.audit.models import AuditEvent
        from preau.audit.services import allow_purge
        from preau.common import retention

        receivers.connect()
        # One year, like the authorities' access log (CNIL guidance on logs: 6 months to
        # 1 year); long enough for a director to answer a family's question a year later.
        retention.register("audit_events", AuditEvent, "created_at",
                           label="Journal d'audit", default_days=365,
                           before_delete=allow_purge)
