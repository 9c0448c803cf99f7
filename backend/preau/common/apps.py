from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "preau.common"
    label = "common"

    def ready(self) -> None:
        from preau.common import openapi  # noqa: F401  (registers the schema extensions)
