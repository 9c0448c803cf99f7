from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "preau.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from preau.notifications import receivers  # noqa: F401 — connects the push listener
