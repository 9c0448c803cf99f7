from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "preau.attendance"
    label = "attendance"
    verbose_name = "Assiduité"

    def ready(self) -> None:
        from preau.attendance.models import Absence, AbsenceNotice, JustificationDocument
        from preau.common import retention

        retention.register(
            "absences", Absence, "date", label="Absences, retards et justificatifs",
            default_days=730,
            before_delete=retention.delete_stored_files(JustificationDocument, "absence"))
        retention.register("absence_notices", AbsenceNotice, "end_date",
                           label="Absences annoncées", default_days=730)
