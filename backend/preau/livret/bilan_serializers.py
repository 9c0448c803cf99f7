"""Serializers of the bilans. The family ones (``Family…Output``) have no accompaniment
field: a family, or anyone but the pupil's teachers and director, never reads one."""

from __future__ import annotations

from rest_framework import serializers

from preau.common.apis import IdField
from preau.livret.models import Accompaniment, BilanState, Cycle, Parcours, SocleComponent
from preau.schools.models import Level
from preau.shared.serializers import ClassroomRefOutput, PersonRefOutput, SchoolRefOutput

LEVEL_1_TO_4 = {"min_value": 1, "max_value": 4}


# --- Outputs ----------------------------------------------------------------------------------


class BilanPeriodOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    index = serializers.IntegerField()
    count = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class BilanDomainOutput(serializers.Serializer):
    domain = serializers.IntegerField(source="domain_id")
    code = serializers.CharField(source="domain.code")
    label = serializers.CharField(source="domain.label")
    parent = serializers.IntegerField(source="domain.parent_id", allow_null=True)
    positionnement = serializers.IntegerField(allow_null=True)
    suggested = serializers.IntegerField(allow_null=True,
                                         help_text="Suggéré par les évaluations de la période")
    appreciation = serializers.CharField()
    elements = serializers.SerializerMethodField()

    def get_elements(self, row) -> list[int]:
        return [element.pk for element in row.elements.all()]


class BilanAccompanimentOutput(serializers.Serializer):
    code = serializers.ChoiceField(choices=Accompaniment.choices)
    label = serializers.CharField(source="get_code_display")
    ppre_complement = serializers.CharField()


class BilanAcknowledgementOutput(serializers.Serializer):
    guardian = PersonRefOutput()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    comment = serializers.CharField()


class OwnAcknowledgementOutput(serializers.Serializer):
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    comment = serializers.CharField()


class _WorkflowFields(serializers.Serializer):
    id = serializers.IntegerField()
    pupil = PersonRefOutput()
    classroom = serializers.IntegerField(source="classroom_id")
    state = serializers.ChoiceField(choices=BilanState.choices)
    locked_at = serializers.DateTimeField(allow_null=True)
    validated_at = serializers.DateTimeField(allow_null=True)
    communicated_at = serializers.DateTimeField(allow_null=True)


class PeriodicBilanOutput(_WorkflowFields):
    """A bilan as its teachers and director read it."""

    period = serializers.IntegerField(source="period_id")
    level = serializers.ChoiceField(choices=Level.choices)
    general_appreciation = serializers.CharField()
    domains = BilanDomainOutput(many=True)
    accompaniments = BilanAccompanimentOutput(many=True)
    acknowledgements = BilanAcknowledgementOutput(many=True)


class CycleComponentOutput(serializers.Serializer):
    component = serializers.ChoiceField(choices=SocleComponent.choices)
    label = serializers.CharField(source="get_component_display")
    mastery = serializers.IntegerField(allow_null=True)


class CycleBilanOutput(_WorkflowFields):
    cycle = serializers.ChoiceField(choices=Cycle.choices)
    synthesis = serializers.CharField()
    components = CycleComponentOutput(many=True)
    acknowledgements = BilanAcknowledgementOutput(many=True)


class _FamilyAcknowledgement(serializers.Serializer):
    own_acknowledgement = serializers.SerializerMethodField()

    def get_own_acknowledgement(self, bilan) -> OwnAcknowledgementOutput(allow_null=True):
        rows = getattr(bilan, "own_acknowledgements", [])
        return OwnAcknowledgementOutput(rows[0]).data if rows else None


class FamilyPeriodicBilanOutput(_FamilyAcknowledgement):
    """A communicated bilan as the pupil and each legal guardian read it."""

    id = serializers.IntegerField()
    pupil = PersonRefOutput()
    school = SchoolRefOutput(source="classroom.school")
    classroom = ClassroomRefOutput()
    period = BilanPeriodOutput()
    level = serializers.ChoiceField(choices=Level.choices)
    communicated_at = serializers.DateTimeField()
    general_appreciation = serializers.CharField()
    domains = BilanDomainOutput(many=True)


class FamilyCycleBilanOutput(_FamilyAcknowledgement):
    id = serializers.IntegerField()
    pupil = PersonRefOutput()
    school = SchoolRefOutput(source="classroom.school")
    classroom = ClassroomRefOutput()
    cycle = serializers.ChoiceField(choices=Cycle.choices)
    communicated_at = serializers.DateTimeField()
    synthesis = serializers.CharField()
    components = CycleComponentOutput(many=True)


class FamilyBilansOutput(serializers.Serializer):
    periodic = FamilyPeriodicBilanOutput(many=True)
    cycle = FamilyCycleBilanOutput(many=True)


class ClassParcoursOutput(serializers.Serializer):
    code = serializers.ChoiceField(choices=Parcours.choices)
    label = serializers.CharField(source="get_code_display")
    project = serializers.CharField()


class ClassWorkflowOutput(serializers.Serializer):
    changed = serializers.IntegerField(help_text="Nombre de bilans passés à l'état suivant")


# --- Inputs -----------------------------------------------------------------------------------


class PeriodFilter(serializers.Serializer):
    period = IdField(required=False,
                     help_text="La période (de l'école et de l'année de la classe) ; celle en "
                               "cours par défaut")


class BilanDomainInput(serializers.Serializer):
    domain = IdField()
    positionnement = serializers.IntegerField(**LEVEL_1_TO_4, allow_null=True, required=False)
    accept_suggestion = serializers.BooleanField(
        required=False, default=False,
        help_text="Reprendre le positionnement suggéré (prime sur positionnement)")
    appreciation = serializers.CharField(max_length=1_000, allow_blank=True, required=False)
    elements = serializers.ListField(child=IdField(), max_length=60, required=False,
                                     help_text="Éléments du programme travaillés (remplacés)")


class BilanAccompanimentInput(serializers.Serializer):
    code = serializers.ChoiceField(choices=Accompaniment.choices)
    ppre_complement = serializers.CharField(max_length=600, allow_blank=True, required=False,
                                            default="")


class PeriodicBilanUpdateInput(serializers.Serializer):
    domains = BilanDomainInput(many=True, required=False)
    general_appreciation = serializers.CharField(max_length=2_000, allow_blank=True,
                                                 required=False)
    accompaniments = BilanAccompanimentInput(many=True, required=False,
                                             help_text="Remplace la liste")

    def validate_domains(self, value):
        if len(value) > 40:
            raise serializers.ValidationError("40 domaines au plus.")
        return value


class ClassParcoursInput(serializers.Serializer):
    code = serializers.ChoiceField(choices=Parcours.choices)
    project = serializers.CharField(max_length=600)


class ClassParcoursUpdateInput(serializers.Serializer):
    period = IdField(required=False, help_text="La période en cours par défaut")
    parcours = ClassParcoursInput(many=True, help_text="Remplace la liste de la période")


class ClassWorkflowInput(serializers.Serializer):
    period = IdField(required=False, help_text="La période en cours par défaut")


class CycleComponentInput(serializers.Serializer):
    component = serializers.ChoiceField(choices=SocleComponent.choices)
    mastery = serializers.IntegerField(**LEVEL_1_TO_4, allow_null=True)


class CycleBilanUpdateInput(serializers.Serializer):
    components = CycleComponentInput(many=True, required=False)
    synthesis = serializers.CharField(max_length=1_500, allow_blank=True, required=False)


class AcknowledgeInput(serializers.Serializer):
    comment = serializers.CharField(max_length=1_000, allow_blank=True, required=False,
                                    default="")
