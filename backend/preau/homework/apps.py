from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "preau.homework"
    label = "homework"
    verbose_name = "Cahier de textes et devoirs"
