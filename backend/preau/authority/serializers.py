"""Authority API shapes.

Small-count suppression: a figure about fewer than 5 pupils, in a school the viewer sees
as a commune, is ``null`` and its field name is listed in the row's ``suppressed`` array
(and so is a rate computed from it); the web app and the CSV export write "moins de 5
élèves" for it. ``null`` in a field not listed in ``suppressed`` means "no figure" (no call
taken, or too few: ``coverage_sufficient`` is false, so no rate).

Coverage: every attendance rate comes with the calls taken against the calls due
(``preau.authority.coverage``) and, for a scope, the schools left out of its rate.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from preau.attendance.models import CaseStatus
from preau.authority.models import AccessKind
from preau.common.apis import IdField
from preau.common.fields import MonthField, SchoolDateField
from preau.people.models import AuthorityRole
from preau.schools.models import Level
from preau.timetable.models import Subject

MAX_RANGE_DAYS = 366


def suppressed_field():
    return serializers.ListField(
        child=serializers.CharField(),
        help_text="Champs masqués car ils concernent moins de 5 élèves : leur valeur est "
                  "null ; afficher « moins de 5 élèves », jamais un nombre")


def count(**kwargs):
    kwargs.setdefault("allow_null", True)
    return serializers.IntegerField(**kwargs)


def rate(**kwargs):
    return serializers.FloatField(allow_null=True, **kwargs)


# --- Filters ------------------------------------------------------------------------------


class ScopeFilter(serializers.Serializer):
    commune = serializers.RegexField(r"^[0-9AB]{5}$", required=False,
                                     help_text="Code INSEE de la commune")
    circonscription = serializers.CharField(required=False, max_length=10,
                                            help_text="Code de la circonscription")
    school = IdField(required=False)
    search = serializers.CharField(required=False, max_length=100)


class DateFilter(ScopeFilter):
    date = SchoolDateField(required=False, help_text="AAAA-MM-JJ (aujourd'hui par défaut)")


class MonthFilter(ScopeFilter):
    month = MonthField(required=False, help_text="AAAA-MM (le mois en cours par défaut)")


class CirconscriptionFilter(serializers.Serializer):
    month = MonthField(required=False,
                       help_text="AAAA-MM : l'assiduité de ce mois (le mois en cours par défaut)")


class CanteenFilter(ScopeFilter):
    days = serializers.IntegerField(required=False, min_value=1, max_value=15,
                                    help_text="Jours d'école à prévoir, aujourd'hui compris (5)")


class RangeMixin(serializers.Serializer):
    date_from = SchoolDateField(required=False)
    date_to = SchoolDateField(required=False)

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end:
            if end < start:
                raise serializers.ValidationError(
                    {"date_to": "La fin doit suivre le début."})
            if (end - start).days > MAX_RANGE_DAYS:
                raise serializers.ValidationError(
                    {"date_to": f"{MAX_RANGE_DAYS} jours au plus."})
        return attrs


class AttendanceFilter(RangeMixin, ScopeFilter):
    period = serializers.ChoiceField(choices=["day", "week", "month"], required=False,
                                     help_text="Par jour, par semaine (du lundi) ou par mois "
                                               "(month par défaut)")
    by = serializers.ChoiceField(choices=["school", "classroom"], required=False,
                                 help_text="Une ligne par école (défaut) ou par classe")


class NotTakenFilter(ScopeFilter):
    period = serializers.ChoiceField(choices=["today", "week", "month"], required=False,
                                     help_text="Aujourd'hui (défaut), la semaine, le mois")
    date = SchoolDateField(required=False, help_text="Jour de référence (aujourd'hui)")


class CaseFilter(serializers.Serializer):
    school = IdField(required=False)
    circonscription = serializers.CharField(required=False, max_length=10)
    month = MonthField(required=False)
    case_status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)


class RecapFilter(RangeMixin):
    pass


class VolumeFilter(RangeMixin, ScopeFilter):
    date = SchoolDateField(required=False,
                                 help_text="Jour dont l'emploi du temps compte (aujourd'hui)")


class AccessLogFilter(RangeMixin):
    school = IdField(required=False)


# --- Shared pieces ----------------------------------------------------------------------------


class AuthorityCommuneRefOutput(serializers.Serializer):
    insee_code = serializers.CharField()
    name = serializers.CharField()


class AuthorityCirconscriptionRefOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AuthoritySchoolRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    uai = serializers.CharField()
    name = serializers.CharField()
    commune = AuthorityCommuneRefOutput()
    circonscription = AuthorityCirconscriptionRefOutput()
    full_figures = serializers.BooleanField(
        help_text="Vrai : chiffres exacts (inspection). Faux : vue de la commune, "
                  "chiffres sous 5 élèves masqués")


class AuthorityClassroomRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- Overview, schools, classrooms, circonscriptions ----------------------------------------------


class AuthorityScopeOutput(serializers.Serializer):
    role = serializers.ChoiceField(choices=AuthorityRole.choices)
    code = serializers.CharField()
    name = serializers.CharField()


class AuthorityCoverageOutput(serializers.Serializer):
    """What a scope's attendance rate covers."""

    calls_due = serializers.IntegerField(
        help_text="Appels dus : demi-journées de classe commencées × classes")
    calls_taken = serializers.IntegerField()
    coverage = rate(help_text="Appels faits / appels dus (null sans appel dû)")
    threshold = serializers.FloatField(
        help_text="Sous cette part des appels dus, une école est « couverture insuffisante »")
    schools = serializers.IntegerField(help_text="Écoles qui avaient des appels dus")
    schools_covered = serializers.IntegerField(help_text="Écoles comptées dans le taux")
    schools_left_out = serializers.IntegerField(
        help_text="Écoles laissées hors du taux (couverture insuffisante)")
    schools_without_calls = serializers.IntegerField(help_text="Dont écoles sans aucun appel")


class AuthorityOverviewOutput(serializers.Serializer):
    date = SchoolDateField()
    authority_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=AuthorityRole.choices))
    scopes = AuthorityScopeOutput(many=True)
    schools = serializers.IntegerField()
    classrooms = serializers.IntegerField()
    pupils = count()
    attendance_rate_this_month = rate(
        help_text="Sur les écoles dont les appels couvrent le mois (attendance_coverage)")
    attendance_coverage = AuthorityCoverageOutput()
    open_l1318_cases = count(help_text="Inspection seulement ; null pour une commune")
    suppressed = suppressed_field()


class AuthoritySchoolOutput(serializers.Serializer):
    school = AuthoritySchoolRefOutput()
    classrooms = serializers.IntegerField()
    pupils = count()
    open_l1318_cases = count(help_text="Inspection seulement ; null pour une commune")
    suppressed = suppressed_field()


class AuthorityLevelCountOutput(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    pupils = count()
    suppressed = suppressed_field()


class AuthorityClassroomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))
    school_year = serializers.CharField()
    teachers = serializers.ListField(child=serializers.CharField())
    pupils = count()
    pupils_per_level = AuthorityLevelCountOutput(many=True)
    suppressed = suppressed_field()


class AuthorityClassroomDetailOutput(AuthorityClassroomOutput):
    school = AuthoritySchoolRefOutput()


class AuthoritySchoolClassroomsOutput(serializers.Serializer):
    school = AuthoritySchoolRefOutput()
    date = SchoolDateField()
    classrooms = AuthorityClassroomOutput(many=True)


class AuthorityCirconscriptionOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    departement = serializers.CharField(source="departement.code")
    schools = serializers.IntegerField()
    classrooms = serializers.IntegerField()
    pupils = serializers.IntegerField()
    expected_half_days = serializers.IntegerField(help_text="Ce mois-ci, appels faits")
    absent_half_days = serializers.IntegerField()
    late_arrivals = serializers.IntegerField()
    attendance_rate = rate(help_text="Sur les écoles dont les appels couvrent le mois")
    lateness_rate = rate()
    attendance_coverage = AuthorityCoverageOutput()
    open_l1318_cases = serializers.IntegerField()


# --- Commune views ------------------------------------------------------------------------------


class AuthorityHeadcountClassroomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))
    pupils = count()
    suppressed = suppressed_field()


class AuthorityHeadcountOutput(serializers.Serializer):
    school = AuthoritySchoolRefOutput()
    date = SchoolDateField()
    pupils = count()
    levels = AuthorityLevelCountOutput(many=True)
    classrooms = AuthorityHeadcountClassroomOutput(many=True)
    suppressed = suppressed_field()


class AuthorityMovementOutput(serializers.Serializer):
    school = AuthoritySchoolRefOutput()
    month = MonthField()
    arrivals = count()
    departures = count()
    suppressed = suppressed_field()


class AuthorityGuardianOutput(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    address = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()


class AuthorityPupilOutput(serializers.Serializer):
    """R131-3: the pupil's name, birth date, the guardians' names and address — nothing else."""

    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = SchoolDateField(allow_null=True)
    address = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    guardians = serializers.SerializerMethodField(help_text="Responsables légaux")

    @extend_schema_field(AuthorityGuardianOutput(many=True))
    def get_guardians(self, pupil) -> list[dict]:
        return AuthorityGuardianOutput([g.guardian for g in pupil.legal_guardianships],
                                       many=True).data


class AuthorityCanteenDayOutput(serializers.Serializer):
    date = SchoolDateField()
    enrolled = count()
    announced_absent = count()
    expected = count()
    suppressed = suppressed_field()


class AuthorityCanteenTodayOutput(serializers.Serializer):
    date = SchoolDateField()
    classrooms = serializers.IntegerField()
    morning_roll_calls_taken = serializers.IntegerField()
    present_in_called_classrooms = count()
    expected_in_other_classrooms = count()
    estimate = count(help_text="Présents des classes appelées + attendus des autres")
    suppressed = suppressed_field()


class AuthorityCanteenOutput(serializers.Serializer):
    school = AuthoritySchoolRefOutput()
    has_canteen = serializers.BooleanField()
    days = AuthorityCanteenDayOutput(many=True)
    today = AuthorityCanteenTodayOutput(allow_null=True)


# --- Attendance ---------------------------------------------------------------------------------


class AuthorityAttendanceOutput(serializers.Serializer):
    school = AuthoritySchoolRefOutput()
    classroom = AuthorityClassroomRefOutput(allow_null=True)
    period_start = SchoolDateField(
        help_text="Le jour, le lundi de la semaine, ou le premier jour du mois")
    roll_calls = serializers.IntegerField(help_text="Appels faits")
    calls_due = serializers.IntegerField(
        help_text="Appels dus : demi-journées de classe commencées × classes")
    coverage = rate(help_text="Appels faits / appels dus (null sans appel dû)")
    coverage_sufficient = serializers.BooleanField(
        help_text="Faux : « couverture insuffisante » (moins de 80 % des appels dus), "
                  "pas de taux")
    pupils = count(help_text="Élèves inscrits (le plus grand nombre sur un appel)")
    expected_half_days = count()
    absent_half_days = count()
    unjustified_half_days = count()
    late_arrivals = count()
    absent_pupils = count()
    late_pupils = count()
    attendance_rate = rate()
    lateness_rate = rate()
    suppressed = suppressed_field()


# --- Inspection views ---------------------------------------------------------------------------


class AuthorityNotTakenClassroomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    expected = serializers.IntegerField()
    taken = serializers.IntegerField()
    missing = serializers.IntegerField()


class AuthorityNotTakenOutput(serializers.Serializer):
    school = AuthoritySchoolRefOutput()
    start = SchoolDateField()
    end = SchoolDateField()
    school_half_days = serializers.IntegerField(help_text="Demi-journées de classe commencées")
    calls_expected = serializers.IntegerField()
    calls_taken = serializers.IntegerField()
    calls_missing = serializers.IntegerField()
    classrooms = AuthorityNotTakenClassroomOutput(many=True)


class AuthorityCasePupilOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = SchoolDateField(allow_null=True)


class AuthorityCaseSchoolOutput(serializers.Serializer):
    id = serializers.IntegerField()
    uai = serializers.CharField()
    name = serializers.CharField()


class AuthorityCaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    pupil = AuthorityCasePupilOutput()
    school = AuthorityCaseSchoolOutput(source="classroom.school")
    classroom = AuthorityClassroomRefOutput()
    month = MonthField()
    unjustified_half_days = serializers.IntegerField()
    case_status = serializers.ChoiceField(choices=CaseStatus.choices, source="status")
    opened_at = serializers.DateTimeField()
    family_contacted_on = SchoolDateField(allow_null=True)
    reported_on = SchoolDateField(allow_null=True)
    closed_on = SchoolDateField(allow_null=True)


class AuthorityRecapWeekOutput(serializers.Serializer):
    week_start = SchoolDateField()
    lesson_entries = serializers.IntegerField()
    subjects = serializers.IntegerField(help_text="Matières différentes dans la semaine")


class AuthorityRecapSubjectOutput(serializers.Serializer):
    subject = serializers.ChoiceField(choices=Subject.choices)
    lesson_entries = serializers.IntegerField()
    last_date = SchoolDateField()


class AuthorityRecapDayOutput(serializers.Serializer):
    date = SchoolDateField()
    homework = serializers.IntegerField()
    minutes = serializers.IntegerField(help_text="Durée estimée totale")


class AuthorityCahierRecapOutput(serializers.Serializer):
    classroom = AuthorityClassroomRefOutput()
    school = AuthoritySchoolRefOutput(source="classroom.school")
    start = SchoolDateField()
    end = SchoolDateField()
    weeks = AuthorityRecapWeekOutput(many=True)
    subjects = AuthorityRecapSubjectOutput(many=True)
    homework_per_day = AuthorityRecapDayOutput(many=True)


class AuthorityTimetableVolumeOutput(serializers.Serializer):
    classroom = AuthorityClassroomRefOutput()
    school = AuthoritySchoolRefOutput(source="classroom.school")
    weekly_minutes = serializers.IntegerField()
    national_weekly_minutes = serializers.IntegerField()
    difference_minutes = serializers.IntegerField()
    cancelled_without_replacement = serializers.IntegerField()


# --- The director's access log --------------------------------------------------------------------


class AccessLogSchoolOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AccessLogOutput(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    viewer_name = serializers.CharField()
    viewer_roles = serializers.CharField()
    kind = serializers.ChoiceField(choices=AccessKind.choices)
    path = serializers.CharField()
    object_id = serializers.IntegerField(allow_null=True)
    row_count = serializers.IntegerField()
    schools = AccessLogSchoolOutput(many=True, source="directed_schools")


# --- Livret: how far the period's bilans are (counts, never a bilan) ---


class LivretProgressCountsOutput(serializers.Serializer):
    total = serializers.IntegerField()
    draft = serializers.IntegerField()
    locked = serializers.IntegerField()
    validated = serializers.IntegerField()
    communicated = serializers.IntegerField()
    acknowledged = serializers.IntegerField(
        help_text="Communiqués et signés par chacun des responsables légaux")


class LivretProgressClassroomOutput(LivretProgressCountsOutput):
    id = serializers.IntegerField()
    name = serializers.CharField()
    period_id = serializers.IntegerField()


class LivretProgressSchoolOutput(LivretProgressCountsOutput):
    id = serializers.IntegerField()
    uai = serializers.CharField()
    name = serializers.CharField()
    classrooms = LivretProgressClassroomOutput(many=True)


class LivretProgressFilter(serializers.Serializer):
    index = serializers.IntegerField(min_value=1, max_value=3, default=1,
                                     help_text="Rang de la période (1er trimestre…)")
    school_year = IdField(required=False, help_text="Année scolaire (en cours par défaut)")
