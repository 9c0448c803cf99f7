"""The home page's answer: lean, read-only serializers (one per shape, named ``Today…``),
rendered as ``PlainOutput`` (the busiest request of the morning: preau.common.output)."""

from rest_framework import serializers

from preau.attendance.models import AbsenceKind, JustificationStatus
from preau.common.fields import SchoolDateField, SchoolDateTimeField
from preau.common.markdown import markdown_excerpt
from preau.common.output import PlainOutput
from preau.schools.models import HalfDay
from preau.shared.serializers import ClassroomRefOutput, PersonRefOutput, SchoolRefOutput
from preau.timetable.models import Subject

DAY_OFF_KINDS = ["weekend", "holiday", "bank_holiday", "closure", "unknown"]
LESSON_STATUSES = ["scheduled", "cancelled", "replaced", "moved_away", "moved_in", "extra"]
ROLES = ["operator", "pupil", "guardian", "teacher", "director", "commune", "inspector", "dasen"]


class TodayClassroomOutput(PlainOutput):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school = SchoolRefOutput()


class TodayDayOffOutput(PlainOutput):
    kind = serializers.ChoiceField(choices=DAY_OFF_KINDS)
    label = serializers.CharField()


class TodayLessonOutput(PlainOutput):
    """A lesson of the timetable on that day, with its change if any (``status``)."""

    classroom_id = serializers.IntegerField()
    classroom_name = serializers.CharField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    subject = serializers.ChoiceField(choices=Subject.choices, allow_blank=True)
    title = serializers.CharField()
    is_teaching = serializers.BooleanField()
    status = serializers.ChoiceField(choices=LESSON_STATUSES)
    teacher = PersonRefOutput(allow_null=True)
    replacement_name = serializers.CharField()
    reason = serializers.CharField()
    room = serializers.CharField()
    moved_to = SchoolDateField(allow_null=True)
    moved_from = SchoolDateField(allow_null=True)


class TodayDayOutput(PlainOutput):
    date = SchoolDateField()
    is_school_day = serializers.BooleanField()
    off = TodayDayOffOutput(allow_null=True, help_text="Pourquoi il n'y a pas classe")
    lessons = TodayLessonOutput(many=True)


class TodayHomeworkOutput(PlainOutput):
    id = serializers.IntegerField()
    subject = serializers.ChoiceField(choices=Subject.choices)
    summary = serializers.SerializerMethodField(help_text="Les consignes, en texte brut abrégé")
    due_date = SchoolDateField()
    estimated_minutes = serializers.IntegerField()
    to_bring_back = serializers.CharField()

    def get_summary(self, homework) -> str:
        return markdown_excerpt(homework.instructions)


class TodayNoteOutput(PlainOutput):
    id = serializers.IntegerField()
    title = serializers.CharField()
    created_at = SchoolDateTimeField()


class TodayAbsenceOutput(PlainOutput):
    id = serializers.IntegerField()
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    absence_kind = serializers.ChoiceField(source="kind", choices=AbsenceKind.choices)
    minutes_late = serializers.IntegerField(allow_null=True)
    justification_status = serializers.ChoiceField(choices=JustificationStatus.choices)


class TodayChildOutput(PlainOutput):
    pupil = PersonRefOutput()
    classroom = TodayClassroomOutput()
    today = TodayDayOutput(allow_null=True)
    next_day = TodayDayOutput(allow_null=True, help_text="Le prochain jour de classe")
    homework = TodayHomeworkOutput(many=True, help_text="Devoirs pas encore faits")
    notes_to_sign = TodayNoteOutput(many=True)
    absences_to_justify = TodayAbsenceOutput(many=True)


class TodayGuardianOutput(PlainOutput):
    children = TodayChildOutput(many=True)


class TodayMessageOutput(PlainOutput):
    conversation_id = serializers.IntegerField()
    author_name = serializers.CharField()
    body_html = serializers.CharField(help_text="HTML assaini")
    created_at = SchoolDateTimeField()


class TodayPupilOutput(PlainOutput):
    classroom = TodayClassroomOutput(allow_null=True)
    today = TodayDayOutput(allow_null=True)
    next_day = TodayDayOutput(allow_null=True)
    homework = TodayHomeworkOutput(many=True)
    last_message = TodayMessageOutput(allow_null=True)
    may_write_messages = serializers.BooleanField(
        help_text="L'école ouvre la messagerie aux élèves")


class TodayCallOutput(PlainOutput):
    classroom = ClassroomRefOutput()
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    is_school_half_day = serializers.BooleanField()
    to_take = serializers.BooleanField(help_text="L'appel de la demi-journée reste à faire")


class TodayTeacherLessonOutput(PlainOutput):
    occurrence = TodayLessonOutput()
    lesson_entry_id = serializers.IntegerField(
        allow_null=True, help_text="La séance du cahier de textes, si elle est remplie")


class TodayNoteAwaitingOutput(TodayNoteOutput):
    delivery_count = serializers.IntegerField()
    acknowledged_count = serializers.IntegerField()


class TodayTeacherOutput(PlainOutput):
    calls = TodayCallOutput(many=True)
    off = TodayDayOffOutput(allow_null=True)
    lessons = TodayTeacherLessonOutput(many=True)
    notes_awaiting = TodayNoteAwaitingOutput(many=True)


class TodayNotTakenOutput(PlainOutput):
    school = SchoolRefOutput()
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    is_school_half_day = serializers.BooleanField()
    classrooms = ClassroomRefOutput(many=True)


class TodayCaseOutput(PlainOutput):
    id = serializers.IntegerField()
    pupil = PersonRefOutput()
    classroom = ClassroomRefOutput()
    month = SchoolDateField()
    unjustified_half_days = serializers.IntegerField()


class TodayRegistersOutput(PlainOutput):
    month = SchoolDateField(help_text="Premier jour du mois à signer")
    classrooms = ClassroomRefOutput(many=True)


class TodayDirectorOutput(PlainOutput):
    calls_not_taken = TodayNotTakenOutput(many=True)
    justifications_waiting = serializers.IntegerField()
    open_cases = TodayCaseOutput(many=True)
    open_case_count = serializers.IntegerField()
    registers_to_sign = TodayRegistersOutput()


class TodayCoverageOutput(PlainOutput):
    """What a week's rate covers: the calls taken against the calls due."""

    calls_due = serializers.IntegerField()
    calls_taken = serializers.IntegerField()
    coverage = serializers.FloatField(allow_null=True, help_text="Appels faits / appels dus")
    threshold = serializers.FloatField(
        help_text="Sous cette part des appels dus, une école est « couverture insuffisante »")
    schools = serializers.IntegerField(help_text="Écoles qui avaient des appels dus")
    schools_covered = serializers.IntegerField(help_text="Écoles comptées dans le taux")
    schools_left_out = serializers.IntegerField()
    schools_without_calls = serializers.IntegerField(help_text="Écoles sans aucun appel")


class TodayWeekOutput(PlainOutput):
    start = SchoolDateField(help_text="Le lundi de la semaine")
    attendance_rate = serializers.FloatField(
        allow_null=True, help_text="Null : masqué (moins de 5 élèves), couverture "
                                   "insuffisante ou aucun appel")
    coverage = TodayCoverageOutput()
    suppressed = serializers.ListField(
        child=serializers.CharField(),
        help_text="Les chiffres masqués parce qu'ils portent sur moins de 5 élèves")


class TodayAuthorityOutput(PlainOutput):
    this_week = TodayWeekOutput()
    last_week = TodayWeekOutput(help_text="La semaine d'avant : ce qui a changé")
    open_l1318_cases = serializers.IntegerField(
        allow_null=True, help_text="Inspection seulement ; null pour une commune")
    new_l1318_cases = serializers.IntegerField(
        allow_null=True, help_text="Ouverts ces 7 derniers jours ; null pour une commune")


class TodayOutput(PlainOutput):
    date = SchoolDateField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLES))
    unread_messages = serializers.IntegerField()
    guardian = TodayGuardianOutput(allow_null=True)
    pupil = TodayPupilOutput(allow_null=True)
    teacher = TodayTeacherOutput(allow_null=True)
    director = TodayDirectorOutput(allow_null=True)
    authority = TodayAuthorityOutput(
        allow_null=True, help_text="Commune, IEN, DASEN : les chiffres de la semaine")
