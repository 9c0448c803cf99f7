from rest_framework import serializers

from preau.common.fields import SchoolDateField
from preau.people.models import GuardianRelationship, Sex
from preau.schools.models import Level


class PupilRecordEnrolmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    start_date = SchoolDateField()
    end_date = SchoolDateField(allow_null=True)
    is_current = serializers.SerializerMethodField()
    classroom_id = serializers.IntegerField()
    classroom_name = serializers.CharField(source="classroom.name")
    school_id = serializers.IntegerField(source="classroom.school_id")
    school_name = serializers.CharField(source="classroom.school.name")
    school_year = serializers.CharField(source="classroom.school_year.label")

    def get_is_current(self, enrolment) -> bool:
        return enrolment.pk == self.context.get("current_enrolment_id")


class PupilRecordGuardianOutput(serializers.Serializer):
    guardianship_id = serializers.IntegerField(source="pk")
    id = serializers.IntegerField(source="guardian.pk")
    first_name = serializers.CharField(source="guardian.first_name")
    last_name = serializers.CharField(source="guardian.last_name")
    usage_name = serializers.CharField(source="guardian.usage_name")
    relationship = serializers.ChoiceField(choices=GuardianRelationship.choices)
    is_legal = serializers.BooleanField()
    phone = serializers.CharField(source="guardian.phone")
    email = serializers.CharField(source="guardian.email")


class PickupPersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    relationship = serializers.CharField()
    phone = serializers.CharField()
    notes = serializers.CharField()


class PupilRecordOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pupil.pk")
    first_name = serializers.CharField(source="pupil.first_name")
    last_name = serializers.CharField(source="pupil.last_name")
    usage_name = serializers.CharField(source="pupil.usage_name")
    birth_date = SchoolDateField(source="pupil.birth_date", allow_null=True)
    sex = serializers.ChoiceField(source="pupil.sex", choices=[("", ""), *Sex.choices])
    enrolments = serializers.SerializerMethodField()
    guardians = PupilRecordGuardianOutput(source="guardianships", many=True)
    pickup_persons = PickupPersonOutput(many=True)
    can_edit = serializers.BooleanField()

    def get_enrolments(self, record) -> PupilRecordEnrolmentOutput(many=True):  # type: ignore[valid-type]
        current = record.current_enrolment.pk if record.current_enrolment else None
        return PupilRecordEnrolmentOutput(
            record.enrolments, many=True, context={"current_enrolment_id": current}).data


class PickupPersonCreateInput(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    relationship = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=30)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PickupPersonUpdateInput(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    relationship = serializers.CharField(max_length=60, required=False)
    phone = serializers.CharField(max_length=30, required=False)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True)


class GuardianContactUpdateInput(serializers.Serializer):
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
