from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "preau.schools"
    label = "schools"
    verbose_name = "Écoles et territoire"
