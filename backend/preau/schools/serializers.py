from rest_framework import serializers

from preau.schools.models import Classroom, Level, School


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


class SchoolRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    uai = serializers.CharField()
    name = serializers.CharField()


class ClassroomRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


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
        help_text="Champs masqués car ils concernent moins de 5 élèves (afficher « <5 »)")

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
