from rest_framework import serializers

from preau.common.fields import SchoolDateField
from preau.schools.models import Level


class EnrolmentRefOutput(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    classroom_id = serializers.IntegerField()
    classroom_name = serializers.CharField(source="classroom.name")
    school_id = serializers.IntegerField(source="classroom.school_id")
    school_name = serializers.CharField(source="classroom.school.name")
    start_date = SchoolDateField()


class PupilOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = SchoolDateField(allow_null=True)
    enrolment = serializers.SerializerMethodField()

    def get_enrolment(self, pupil) -> EnrolmentRefOutput(allow_null=True):  # type: ignore[valid-type]
        current = getattr(pupil, "current_enrolments", [])
        return EnrolmentRefOutput(current[0]).data if current else None


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
