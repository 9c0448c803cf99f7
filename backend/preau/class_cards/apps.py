from django.apps import AppConfig


class ClassCardsConfig(AppConfig):
    name = "preau.class_cards"
    label = "class_cards"
    verbose_name = "Cartes de classe"
