from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "preau.people"
    label = "people"
    verbose_name = "Personnes"
