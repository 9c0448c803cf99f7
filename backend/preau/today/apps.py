from django.apps import AppConfig


class TodayConfig(AppConfig):
    """The home page of each role ("aujourd'hui"): it reads every domain app, so it stands
    above them (docs/architecture.md)."""

    name = "preau.today"
    label = "today"
    verbose_name = "Aujourd'hui"
