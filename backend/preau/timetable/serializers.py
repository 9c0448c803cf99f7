
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from preau.common.apis import IdField
from preau.common.fields import SchoolDateField, SchoolDateTimeField
from preau.schools.calendar import calendar_notices
from preau.schools.models import HalfDay
from preau.shared.serializers import PersonRefOutput, SchoolRefOutput, TimetableClassroomOutput
from preau.timetable.models import (
    ExceptionKind,
    ExtraActivityKind,
    SchoolEventKind,
    Subject,
    Weekday,
)

DAY_OFF_KINDS = [("weekend", "Pas de classe"), ("holiday", "Vacances scolaires"),
                 ("bank_holiday", "Jour férié"), ("closure", "Fermeture de l'école"),
                 ("unknown", "Calendrier scolaire non publié")]
STATUSES = ["scheduled", "cancelled", "replaced", "moved_away", "moved_in", "extra"]


class CalendarNoticesField(serializers.ListField):
    """The notices of the days shown: "Calendrier scolaire non publié pour 2029-2030" for a
    school year whose holidays are not known yet (its weekdays are ``unknown``)."""

    child = serializers.CharField()

    def __init__(self, **kwargs):
        super().__init__(source="days", read_only=True, help_text=(
            "Avertissements à afficher : année scolaire dont le calendrier n'est pas publié"),
            **kwargs)

    def to_representation(self, days):
        return calendar_notices(view.day for view in days)


class DayFilter(serializers.Serializer):
    date = SchoolDateField(required=False, help_text="Le jour (aujourd'hui par défaut)")


class DayOffOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DAY_OFF_KINDS)
    label = serializers.CharField()


class OccurrenceOutput(serializers.Serializer):
    uid = serializers.CharField()
    classroom_id = serializers.IntegerField()
    classroom_name = serializers.CharField()
    date = SchoolDateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    subject = serializers.ChoiceField(choices=Subject.choices, allow_blank=True)
    is_teaching = serializers.BooleanField()
    status = serializers.ChoiceField(choices=STATUSES)
    title = serializers.CharField()
    teacher = PersonRefOutput(allow_null=True)
    replacement_name = serializers.CharField()
    room = serializers.CharField()
    reason = serializers.CharField()
    slot_id = serializers.IntegerField(allow_null=True)
    exception_id = serializers.IntegerField(allow_null=True)
    activity = serializers.ChoiceField(choices=ExtraActivityKind.choices, allow_blank=True)
    moved_to = SchoolDateField(allow_null=True)
    moved_to_time = serializers.TimeField(allow_null=True)
    moved_from = SchoolDateField(allow_null=True)


class HalfDayOffOutput(serializers.Serializer):
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    kind = serializers.ChoiceField(choices=DAY_OFF_KINDS)
    label = serializers.CharField()


class DayOutput(serializers.Serializer):
    date = SchoolDateField(source="day.date")
    is_school_day = serializers.BooleanField(source="day.is_school_day")
    half_days = serializers.ListField(child=serializers.ChoiceField(choices=HalfDay.choices),
                                      source="day.half_days")
    off = DayOffOutput(source="day.off", allow_null=True)
    half_days_off = serializers.SerializerMethodField(
        help_text="Demi-journées fermées un jour de classe (fermeture d'une demi-journée)")
    occurrences = OccurrenceOutput(many=True)

    @extend_schema_field(HalfDayOffOutput(many=True))
    def get_half_days_off(self, view) -> list[dict]:
        closed = view.day.half_day_off or {}
        return [{"half_day": half_day, "kind": off.kind, "label": off.label}
                for half_day, off in sorted(closed.items())]


class AgendaEventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    school_id = serializers.IntegerField()
    classroom_id = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=SchoolEventKind.choices)
    title = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class ClassroomWeekOutput(serializers.Serializer):
    classroom = TimetableClassroomOutput()
    weekly_teaching_minutes = serializers.IntegerField(help_text=(
        "Temps d'enseignement hebdomadaire de l'emploi du temps en vigueur au début de la "
        "période, en minutes, récréations comprises (arrêté du 9 novembre 2015), pause "
        "méridienne exclue"))
    national_weekly_minutes = serializers.IntegerField(help_text=(
        "Les 24 heures hebdomadaires (Code de l'éducation, art. D521-10), en minutes"))
    can_edit_slots = serializers.BooleanField(help_text="Le lecteur peut modifier les créneaux")
    can_edit_exceptions = serializers.BooleanField(
        help_text="Le lecteur peut annuler, remplacer, déplacer, ajouter une activité")
    start = SchoolDateField()
    end = SchoolDateField()
    days = DayOutput(many=True)
    calendar_notices = CalendarNoticesField()
    events = AgendaEventOutput(many=True)


class PupilWeekOutput(serializers.Serializer):
    pupil = PersonRefOutput()
    classroom = TimetableClassroomOutput(allow_null=True)
    start = SchoolDateField()
    end = SchoolDateField()
    days = DayOutput(many=True)
    calendar_notices = CalendarNoticesField()
    events = AgendaEventOutput(many=True)


class TeacherDayOutput(serializers.Serializer):
    date = SchoolDateField()
    off = DayOffOutput(allow_null=True, help_text="Pourquoi il n'y a pas classe, le cas échéant")
    occurrences = OccurrenceOutput(many=True)


class DefaultHalfDayOutput(serializers.Serializer):
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)


class DefaultDaysOutput(serializers.Serializer):
    records = DefaultHalfDayOutput(allow_null=True, help_text=(
        "Appel, registre, appels non faits : la demi-journée de classe en cours, sinon la "
        "dernière"))
    homework = DefaultHalfDayOutput(allow_null=True, help_text=(
        "Devoirs, cahier de textes : la demi-journée de classe pas encore terminée, sinon "
        "la prochaine"))


class SchoolCalendarOutput(serializers.Serializer):
    school = SchoolRefOutput()
    start = SchoolDateField()
    end = SchoolDateField()
    days = DayOutput(many=True)
    calendar_notices = CalendarNoticesField()
    default_days = DefaultDaysOutput(help_text=(
        "Le jour qu'ouvre une page quand on n'en demande aucun (à l'instant de la réponse)"))


# --- Slots ---------------------------------------------------------------------------


class SlotOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    weekday = serializers.ChoiceField(choices=Weekday.choices)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    subject = serializers.ChoiceField(choices=Subject.choices)
    teacher = PersonRefOutput(allow_null=True)
    room = serializers.CharField()
    valid_from = SchoolDateField()
    valid_until = SchoolDateField(allow_null=True)


class SlotCreateInput(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    subject = serializers.ChoiceField(choices=Subject.choices)
    teacher = IdField(required=False, allow_null=True,
                      help_text="Un second enseignant ; vide : l'enseignant·e de la classe")
    room = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    valid_from = SchoolDateField(required=False)
    valid_until = SchoolDateField(required=False, allow_null=True)


class SlotUpdateInput(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False)
    start_time = serializers.TimeField(required=False)
    end_time = serializers.TimeField(required=False)
    subject = serializers.ChoiceField(choices=Subject.choices, required=False)
    teacher = IdField(required=False, allow_null=True)
    room = serializers.CharField(max_length=60, required=False, allow_blank=True)
    valid_from = SchoolDateField(required=False)
    valid_until = SchoolDateField(required=False, allow_null=True)


# --- Exceptions ------------------------------------------------------------------------


class ExceptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    date = SchoolDateField()
    kind = serializers.ChoiceField(choices=ExceptionKind.choices)
    slot_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    replacement_teacher = PersonRefOutput(allow_null=True)
    replacement_name = serializers.CharField()
    new_date = SchoolDateField(allow_null=True)
    start_time = serializers.TimeField(allow_null=True)
    end_time = serializers.TimeField(allow_null=True)
    activity = serializers.ChoiceField(choices=ExtraActivityKind.choices, allow_blank=True)
    title = serializers.CharField()
    location = serializers.CharField()


class _ExceptionDetailsInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)
    replacement_teacher = IdField(required=False, allow_null=True)
    replacement_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    new_date = SchoolDateField(required=False, allow_null=True)
    start_time = serializers.TimeField(required=False, allow_null=True)
    end_time = serializers.TimeField(required=False, allow_null=True)
    activity = serializers.ChoiceField(choices=ExtraActivityKind.choices, required=False,
                                       allow_blank=True)
    title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    location = serializers.CharField(max_length=150, required=False, allow_blank=True)


class ExceptionCreateInput(_ExceptionDetailsInput):
    kind = serializers.ChoiceField(choices=ExceptionKind.choices)
    date = SchoolDateField()
    slot = IdField(required=False, allow_null=True,
                   help_text="Le créneau concerné (sauf pour une activité exceptionnelle)")


class ExceptionUpdateInput(_ExceptionDetailsInput):
    pass


# --- Closures, events, feeds -------------------------------------------------------------


class ClosureOutput(serializers.Serializer):
    id = serializers.IntegerField()
    school_id = serializers.IntegerField()
    start_date = SchoolDateField()
    end_date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices, allow_blank=True)
    reason = serializers.CharField()


class ClosureCreateInput(serializers.Serializer):
    start_date = SchoolDateField()
    end_date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices, required=False, allow_blank=True,
                                       default="")
    reason = serializers.CharField(max_length=200)


class AgendaEventCreateInput(serializers.Serializer):
    classroom = IdField(required=False, allow_null=True,
                        help_text="Vide : un événement de toute l'école")
    kind = serializers.ChoiceField(choices=SchoolEventKind.choices)
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                        default="")
    location = serializers.CharField(max_length=150, required=False, allow_blank=True,
                                     default="")
    starts_at = SchoolDateTimeField()
    ends_at = SchoolDateTimeField()


class AgendaEventUpdateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SchoolEventKind.choices, required=False)
    title = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    location = serializers.CharField(max_length=150, required=False, allow_blank=True)
    starts_at = SchoolDateTimeField(required=False)
    ends_at = SchoolDateTimeField(required=False)


class FeedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)


class FeedCreateInput(serializers.Serializer):
    label = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class FeedCreatedOutput(FeedOutput):
    url = serializers.URLField(help_text="Montrée une seule fois : copiez-la dans votre agenda")
