from rest_framework import serializers

from preau.common.fields import SchoolDateField
from preau.schools.models import Level


class OndeFilesInput(serializers.Serializer):
    pupils = serializers.FileField(help_text="Export ONDE des élèves (CSVExtraction.csv)")
    guardians = serializers.FileField(help_text="Export ONDE des responsables")


class OndeSummaryOutput(serializers.Serializer):
    classrooms_to_create = serializers.IntegerField()
    pupils_to_create = serializers.IntegerField()
    pupils_to_update = serializers.IntegerField()
    pupils_to_move = serializers.IntegerField()
    pupils_to_withdraw = serializers.IntegerField()
    pupils_unchanged = serializers.IntegerField()
    guardians_to_create = serializers.IntegerField()
    guardianships_to_create = serializers.IntegerField()
    rejected = serializers.IntegerField()


class OndeClassroomOutput(serializers.Serializer):
    onde_class_id = serializers.CharField()
    name = serializers.CharField()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))


class OndePupilOutput(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True)
    person_id = serializers.IntegerField(allow_null=True)
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    birth_date = SchoolDateField(allow_null=True)
    level = serializers.CharField()
    classroom = serializers.CharField()
    previous_classroom = serializers.CharField(allow_blank=True)
    changes = serializers.ListField(child=serializers.CharField())


class OndeGuardianOutput(serializers.Serializer):
    line = serializers.IntegerField()
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    children = serializers.ListField(child=serializers.CharField())


class OndeRejectionOutput(serializers.Serializer):
    file = serializers.CharField()
    line = serializers.IntegerField()
    reason = serializers.CharField()


class OndeClassroomIdentifiedOutput(serializers.Serializer):
    name = serializers.CharField()
    onde_class_id = serializers.CharField()


class OndePreviewOutput(serializers.Serializer):
    summary = OndeSummaryOutput()
    classrooms_to_create = OndeClassroomOutput(many=True)
    classrooms_to_identify = OndeClassroomIdentifiedOutput(
        many=True, help_text="Classes existantes trouvées par leur nom : leur identifiant ONDE "
                             "sera enregistré")
    pupils_to_create = OndePupilOutput(many=True)
    pupils_to_update = OndePupilOutput(many=True)
    pupils_to_move = OndePupilOutput(many=True)
    pupils_to_withdraw = OndePupilOutput(many=True)
    guardians_to_create = OndeGuardianOutput(many=True)
    rejected = OndeRejectionOutput(many=True)
    warnings = OndeRejectionOutput(
        many=True, help_text="Lignes importées, mais à vérifier (lettres perdues…)")
