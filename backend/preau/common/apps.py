from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "preau.common"
    label = "common"

    def ready(self) -> None:
        from preau.common import (
            log_redaction,
            openapi,  # noqa: F401  (registers the schema extensions)
            retention,
        )
        from preau.common.models import IdempotencyRecord

        log_redaction.install()

        retention.register("idempotency_records", IdempotencyRecord, "created_at",
                           label="Clés d'idempotence", default_days=2)
