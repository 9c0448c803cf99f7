from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "preau.common"
    label = "common"

    def ready(self) -> None:
        from preau.common import (
            openapi,  # noqa: F401  (registers the schema extensions)
            retention,
        )
        from preau.common.models import IdempotencyRecord

        retention.register("idempotency_records", IdempotencyRecord, "created_at",
                           label="Clés d'idempotence", default_days=2)
