from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from preau.common.apis import IdField
from preau.common.fields import SchoolDateField
from preau.livret.models import Cycle, PeriodScheme
from preau.schools.models import Level

COLOUR = r"^#[0-9a-fA-F]{6}$"


# --- Periods ----------------------------------------------------------------------------------


class PeriodOutput(serializers.Serializer):
    id = serializers.IntegerField()
    index = serializers.IntegerField(help_text="1, 2 (, 3)")
    count = serializers.IntegerField(help_text="3 : trimestres ; 2 : semestres")
    label = serializers.CharField(help_text="« Trimestre 1 », « Semestre 2 »…")
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class PeriodListOutput(serializers.Serializer):
    school_year = serializers.CharField(source="school_year.label")
    school_year_id = serializers.IntegerField(source="school_year.pk")
    scheme = serializers.ChoiceField(choices=PeriodScheme.choices, allow_null=True,
                                     help_text="Vide tant que la direction n'a rien fixé")
    periods = PeriodOutput(many=True)


class PeriodFilter(serializers.Serializer):
    school_year = IdField(required=False, help_text="L'année scolaire (l'actuelle par défaut)")


class PeriodDatesInput(serializers.Serializer):
    start_date = SchoolDateField()
    end_date = SchoolDateField()


class PeriodsSetInput(serializers.Serializer):
    school_year = IdField(required=False, help_text="L'année scolaire (l'actuelle par défaut)")
    scheme = serializers.ChoiceField(choices=PeriodScheme.choices)
    periods = PeriodDatesInput(many=True, help_text="Dans l'ordre, contiguës")


# --- Programme and level scale ----------------------------------------------------------------


class ProgrammeElementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    domain_id = serializers.IntegerField()
    label = serializers.CharField()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices),
                                   help_text="Vide : tout le cycle")
    is_national = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()

    def get_is_national(self, element) -> bool:
        return element.school_id is None


class DomainOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="Code du domaine dans l'export LSU")
    label = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
    elements = ProgrammeElementOutput(many=True, source="active_elements")


class ProgrammeOutput(serializers.Serializer):
    cycle = serializers.ChoiceField(choices=Cycle.choices)
    domains = DomainOutput(many=True)


class ProgrammeFilter(serializers.Serializer):
    cycle = serializers.ChoiceField(choices=Cycle.choices)


class ProgrammeElementCreateInput(serializers.Serializer):
    domain = IdField()
    label = serializers.CharField(max_length=300)
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices),
                                   required=False, default=list, max_length=5)


class LevelScaleOutput(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField(), help_text="Du niveau 1 au 4")
    colours = serializers.ListField(child=serializers.CharField(), help_text="#rrggbb")
    is_default = serializers.SerializerMethodField()

    def get_is_default(self, scale) -> bool:
        return scale.pk is None


class LevelScaleInput(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField(max_length=40),
                                   min_length=4, max_length=4)
    colours = serializers.ListField(child=serializers.RegexField(
        COLOUR, error_messages={"invalid": "Une couleur s'écrit #rrggbb."}),
        min_length=4, max_length=4)


# --- Evaluations ------------------------------------------------------------------------------


class EvaluationElementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    domain_id = serializers.IntegerField()
    domain_code = serializers.CharField(source="domain.code")
    domain_label = serializers.CharField(source="domain.label")


class EvaluationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField()
    elements = EvaluationElementOutput(many=True, help_text="Dans l'ordre du programme")
    published_at = serializers.DateTimeField(allow_null=True)
    result_count = serializers.IntegerField(help_text="Cases remplies de la grille")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class EvaluationListFilter(serializers.Serializer):
    period = IdField(required=False, help_text="Les évaluations datées dans cette période")
    start = SchoolDateField(required=False, help_text="Premier jour inclus")
    end = SchoolDateField(required=False, help_text="Dernier jour inclus")

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["La fin précède le début."]})
        return attrs


class EvaluationCreateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    date = SchoolDateField()
    elements = serializers.ListField(child=IdField(), min_length=1, max_length=30,
                                     help_text="Éléments du programme évalués")


class EvaluationUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    date = SchoolDateField(required=False)
    elements = serializers.ListField(child=IdField(), min_length=1, max_length=30,
                                     required=False)


class GridPupilOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)


class GridCellOutput(serializers.Serializer):
    pupil = serializers.IntegerField(source="pupil_id")
    element = serializers.IntegerField(source="element_id")
    level = serializers.IntegerField(allow_null=True)
    absent = serializers.BooleanField()


class GridOutput(serializers.Serializer):
    evaluation_id = serializers.IntegerField(source="evaluation.pk")
    version = serializers.IntegerField(help_text="La version de la grille (voir l'en-tête ETag)")
    pupils = GridPupilOutput(many=True, help_text="Inscrit·es à la date de l'évaluation")
    elements = EvaluationElementOutput(many=True)
    cells = GridCellOutput(many=True, help_text="Les cases remplies seulement")


class GridCellInput(serializers.Serializer):
    pupil = IdField()
    element = IdField()
    level = serializers.IntegerField(min_value=1, max_value=4, allow_null=True, required=False,
                                     default=None, help_text="1 à 4 ; vide pour effacer")
    absent = serializers.BooleanField(required=False, default=False)


class GridInput(serializers.Serializer):
    cells = GridCellInput(many=True, max_length=2_000,
                          help_text="La grille entière : une case omise est vide")


# --- Families ---------------------------------------------------------------------------------


class ChildResultOutput(serializers.Serializer):
    element_id = serializers.IntegerField()
    level = serializers.IntegerField(allow_null=True)
    absent = serializers.BooleanField()
    label = serializers.CharField(allow_null=True, help_text="Le libellé de l'école pour ce niveau")
    colour = serializers.CharField(allow_null=True)


class ChildEvaluationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField()
    published_at = serializers.DateTimeField()
    elements = EvaluationElementOutput(many=True)
    results = serializers.SerializerMethodField()

    @extend_schema_field(ChildResultOutput(many=True))
    def get_results(self, evaluation) -> list[dict]:
        scale = self.context["scales"][evaluation.classroom.school_id]
        return ChildResultOutput([{
            "element_id": result.element_id, "level": result.level, "absent": result.absent,
            "label": scale.labels[result.level - 1] if result.level else None,
            "colour": scale.colours[result.level - 1] if result.level else None,
        } for result in evaluation.child_results], many=True).data
