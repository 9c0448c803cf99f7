from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "preau.attendance"
    label = "attendance"
    verbose_name = "Assiduité"
