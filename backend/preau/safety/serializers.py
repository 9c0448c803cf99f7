from __future__ import annotations

from rest_framework import serializers

from preau.safety.models import DrillKind

MAX_MARKS = 500


class MusterStartInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DrillKind.choices)
    is_drill = serializers.BooleanField(help_text="Exercice (true) ou alerte réelle (false)")


class MusterMarkInput(serializers.Serializer):
    pupil = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    found = serializers.BooleanField()
    at = serializers.DateTimeField(required=False,
                                   help_text="Quand le téléphone a enregistré le pointage")


class MusterMarksInput(serializers.Serializer):
    marks = MusterMarkInput(many=True, allow_empty=False, max_length=MAX_MARKS)


class MusterAssignInput(serializers.Serializer):
    classroom = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    responsible = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                           help_text="La personne (fiche) qui prend la classe")


class MusterEndInput(serializers.Serializer):
    observations = serializers.CharField(max_length=2000, allow_blank=True, required=False,
                                         default="")


class MusterPupilOutput(serializers.Serializer):
    pupil_id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    absent_today = serializers.BooleanField()
    found_at = serializers.DateTimeField(allow_null=True)


class MusterClassOutput(serializers.Serializer):
    classroom_id = serializers.IntegerField()
    classroom_name = serializers.CharField()
    responsible_id = serializers.IntegerField(allow_null=True)
    responsible_name = serializers.CharField()
    expected = serializers.IntegerField()
    found = serializers.IntegerField()
    missing = serializers.IntegerField()
    pupils = MusterPupilOutput(many=True)


class MusterSummaryOutput(serializers.Serializer):
    """One line of the registre de sécurité."""

    id = serializers.IntegerField()
    school_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DrillKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    is_drill = serializers.BooleanField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    observations = serializers.CharField()
    expected_count = serializers.IntegerField()
    found_count = serializers.IntegerField()
    missing_count = serializers.IntegerField()


class MusterDetailOutput(serializers.Serializer):
    """A muster as the staff's phones show it: each class, each pupil, found or not."""

    id = serializers.IntegerField(source="muster.pk")
    school_id = serializers.IntegerField(source="muster.school_id")
    kind = serializers.ChoiceField(choices=DrillKind.choices, source="muster.kind")
    kind_label = serializers.CharField(source="muster.get_kind_display")
    is_drill = serializers.BooleanField(source="muster.is_drill")
    started_at = serializers.DateTimeField(source="muster.started_at")
    ended_at = serializers.DateTimeField(source="muster.ended_at", allow_null=True)
    observations = serializers.CharField(source="muster.observations")
    may_end = serializers.BooleanField()
    may_assign = serializers.BooleanField()
    expected = serializers.IntegerField()
    found = serializers.IntegerField()
    missing = serializers.IntegerField()
    classes = MusterClassOutput(many=True)


class ExerciseCountOutput(serializers.Serializer):
    """A school's mandatory exercises this school year."""

    school_id = serializers.IntegerField()
    uai = serializers.CharField()
    name = serializers.CharField()
    done = serializers.DictField(child=serializers.IntegerField())
    missing = serializers.DictField(child=serializers.IntegerField())
    fire_in_first_month = serializers.BooleanField()
    complete = serializers.BooleanField()


class ExerciseSummaryOutput(serializers.Serializer):
    """The schools one inspects (or directs) and their exercises of the school year."""

    school_year = serializers.CharField()
    required = serializers.DictField(child=serializers.IntegerField())
    first_fire_drill_days = serializers.IntegerField()
    schools = ExerciseCountOutput(many=True)
