from django.apps import AppConfig


class TimetableConfig(AppConfig):
    name = "preau.timetable"
    label = "timetable"
    verbose_name = "Emploi du temps et calendrier"
