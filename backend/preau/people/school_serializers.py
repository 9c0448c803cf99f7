from rest_framework import serializers

from preau.schools.models import Classroom, HolidayZone, Level, School
from preau.shared.serializers import ClassroomRefOutput, SchoolRefOutput


class CommuneRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    insee_code = serializers.CharField()
    name = serializers.CharField()


class CirconscriptionRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class SchoolOutput(serializers.ModelSerializer):
    commune = CommuneRefOutput()
    circonscription = CirconscriptionRefOutput()

    class Meta:
        model = School
        fields = [
            "id", "uai", "name", "kind", "sector", "commune", "circonscription",
            "holiday_zone", "week_pattern", "morning_start", "morning_end",
            "afternoon_start", "afternoon_end", "address", "postal_code", "has_canteen",
        ]
        read_only_fields = fields


class TeacherRefOutput(serializers.Serializer):
    id = serializers.IntegerField(source="person.id")
    first_name = serializers.CharField(source="person.first_name")
    last_name = serializers.CharField(source="person.last_name")


class ClassroomOutput(serializers.ModelSerializer):
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))
    school = SchoolRefOutput()
    school_year = serializers.CharField(source="school_year.label")
    teachers = TeacherRefOutput(many=True, source="teacher_assignments")
    pupil_count = serializers.IntegerField(
        allow_null=True, help_text="Élèves inscrits aujourd'hui ; null si masqué (voir suppressed)")
    suppressed = serializers.SerializerMethodField(
        help_text="Champs masqués car ils concernent moins de 5 élèves (afficher « moins de 5 "
                  "élèves », jamais un nombre)")

    class Meta:
        model = Classroom
        fields = ["id", "name", "levels", "school", "school_year", "teachers", "pupil_count",
                  "suppressed"]
        read_only_fields = fields

    def get_suppressed(self, classroom) -> list[str]:
        return ["pupil_count"] if classroom.pupil_count_suppressed else []


class StaffMemberOutput(serializers.Serializer):
    person_id = serializers.IntegerField()
    first_name = serializers.CharField(source="person.first_name")
    last_name = serializers.CharField(source="person.last_name")
    role = serializers.ChoiceField(choices=["teacher", "director"])
    classroom = ClassroomRefOutput(allow_null=True)


# --- The holiday calendar of a département ------------------------------------------------


class HolidayPeriodOutput(serializers.Serializer):
    name = serializers.CharField()
    start_date = serializers.DateField(help_text="Premier jour sans classe")
    end_date = serializers.DateField(help_text="Dernier jour sans classe (veille de la reprise)")


class ZoneHolidayCalendarOutput(serializers.Serializer):
    zone = serializers.ChoiceField(choices=HolidayZone.choices)
    status = serializers.ChoiceField(
        choices=[("published", "Publié par le ministère"),
                 ("entered", "Saisi pour le département"),
                 ("unknown", "Non publié")],
        help_text="Qui donne les vacances de cette année : le ministère, la saisie du "
                  "département, ou personne encore")
    known_until = serializers.DateField(
        allow_null=True, help_text="Dernier jour couvert par le calendrier du ministère chargé")
    notice = serializers.CharField(
        help_text="« calendrier scolaire non publié pour … » quand l'année est inconnue")
    holidays = HolidayPeriodOutput(many=True)


class DepartementRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class DepartementHolidayCalendarOutput(serializers.Serializer):
    departement = DepartementRefOutput()
    school_year = serializers.CharField()
    zones = ZoneHolidayCalendarOutput(many=True)


class HolidayPeriodInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="Ex. Vacances de la Toussaint")
    start_date = serializers.DateField(help_text="Premier jour sans classe")
    end_date = serializers.DateField(help_text="Dernier jour sans classe (veille de la reprise)")


SCHOOL_YEAR_HELP = "Année scolaire, ex. 2029-2030"


class DepartementHolidaysFilter(serializers.Serializer):
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", help_text=SCHOOL_YEAR_HELP)


class DepartementHolidaysInput(serializers.Serializer):
    school_year = serializers.RegexField(r"^\d{4}-\d{4}$", help_text=SCHOOL_YEAR_HELP)
    zone = serializers.ChoiceField(choices=HolidayZone.choices)
    periods = HolidayPeriodInput(many=True, allow_empty=False)
