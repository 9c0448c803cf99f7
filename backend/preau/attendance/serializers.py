"""Inputs and outputs of the attendance API. Hot paths (the sheet, the register) serialize
plain dicts built by the selectors: no per-row query, no ModelSerializer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from preau.attendance.dates import MAX_RANGE_DAYS
from preau.attendance.models import (
    MAX_MINUTES_LATE,
    AbsenceKind,
    AbsenceReason,
    CaseStatus,
    JustificationStatus,
)
from preau.common.apis import IdField
from preau.common.fields import MonthField, SchoolDateField
from preau.schools.models import HalfDay, Level

PRESENCES = [("present", "Présent·e"), ("absent", "Absent·e"), ("late", "En retard")]
MARKS = [("not_enrolled", "Pas inscrit·e ce jour-là"), ("not_taken", "Appel non fait"),
         ("upcoming", "À venir (demi-journée pas encore terminée, appel pas encore fait)"),
         *PRESENCES]


# --- References -----------------------------------------------------------------------------


class AttendancePersonRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class AttendanceClassroomRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school_id = serializers.IntegerField()


# --- The roll call ----------------------------------------------------------------------------


class SheetFilter(serializers.Serializer):
    date = SchoolDateField(required=False, help_text=(
        "Le jour. Sans jour ni demi-journée : la demi-journée de classe en cours, sinon la "
        "dernière (un samedi : le vendredi après-midi)"))
    half_day = serializers.ChoiceField(choices=HalfDay.choices, required=False,
                                       help_text="La demi-journée (celle en cours par défaut)")


class NoticeRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    absence_reason = serializers.ChoiceField(choices=AbsenceReason.choices, source="reason")
    comment = serializers.CharField()
    start_date = SchoolDateField()
    end_date = SchoolDateField()


class SheetPupilOutput(serializers.Serializer):
    pupil = AttendancePersonRefOutput()
    level = serializers.ChoiceField(choices=Level.choices)
    presence = serializers.ChoiceField(
        choices=PRESENCES,
        help_text="Ce que l'appel dit de l'élève ; avant l'appel, « absent » pour une absence "
                  "annoncée par la famille (pré-remplissage), sinon « present »")
    minutes_late = serializers.IntegerField(allow_null=True)
    absence_id = serializers.IntegerField(allow_null=True)
    justification_status = serializers.ChoiceField(choices=JustificationStatus.choices,
                                                   allow_null=True)
    notice = NoticeRefOutput(allow_null=True, help_text="L'absence annoncée par la famille")


class RollCallRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    taken_at = serializers.DateTimeField()
    taken_by = AttendancePersonRefOutput()
    version = serializers.IntegerField(help_text="À renvoyer dans If-Match pour corriger "
                                       "(voir aussi l'en-tête ETag)")
    updated_at = serializers.DateTimeField()


class RollCallSheetOutput(serializers.Serializer):
    classroom = AttendanceClassroomRefOutput()
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    roll_call = RollCallRefOutput(allow_null=True, help_text="Vide tant que l'appel n'est pas "
                                  "fait")
    pupils = SheetPupilOutput(many=True)


class MarkInput(serializers.Serializer):
    pupil = IdField()
    absence_kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    minutes_late = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                            max_value=MAX_MINUTES_LATE,
                                            help_text="Pour un retard seulement")


class RollCallSubmitInput(serializers.Serializer):
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    absences = MarkInput(many=True, help_text="Les élèves absents ou en retard ; les autres "
                         "sont présents")


class RollCallCorrectInput(serializers.Serializer):
    absences = MarkInput(many=True, help_text="La nouvelle liste complète des absents et "
                         "retardataires")


class RollCallAbsenceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    absence_kind = serializers.ChoiceField(choices=AbsenceKind.choices, source="kind")
    minutes_late = serializers.IntegerField(allow_null=True)
    justification_status = serializers.ChoiceField(choices=JustificationStatus.choices)


class RollCallOutput(serializers.Serializer):
    id = serializers.IntegerField()
    classroom_id = serializers.IntegerField()
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    taken_at = serializers.DateTimeField()
    taken_by = AttendancePersonRefOutput()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    absences = RollCallAbsenceOutput(many=True)


class CorrectionMarkOutput(serializers.Serializer):
    pupil = serializers.IntegerField()
    pupil_name = serializers.CharField()
    absence_kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    minutes_late = serializers.IntegerField(allow_null=True)


class CorrectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    corrected_at = serializers.DateTimeField()
    corrected_by = AttendancePersonRefOutput()
    before = CorrectionMarkOutput(many=True)
    after = CorrectionMarkOutput(many=True)


# --- Absences and justifications ---------------------------------------------------------------


class AbsenceListFilter(serializers.Serializer):
    pupil = IdField(required=False)
    classroom = IdField(required=False)
    school = IdField(required=False)
    start = SchoolDateField(required=False, help_text="Premier jour inclus")
    end = SchoolDateField(required=False, help_text="Dernier jour inclus")
    absence_kind = serializers.ChoiceField(choices=AbsenceKind.choices, required=False)
    justification_status = serializers.ChoiceField(
        choices=JustificationStatus.choices, required=False,
        help_text="« pending » : la file des justifications à examiner")

    def validate(self, attrs):
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and end < start:
            raise serializers.ValidationError({"end": ["La fin précède le début."]})
        if start and end and (end - start).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError({"end": [f"Au plus {MAX_RANGE_DAYS} jours."]})
        return attrs


class DocumentOutput(serializers.Serializer):
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class AbsenceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    pupil = AttendancePersonRefOutput()
    classroom = AttendanceClassroomRefOutput(source="roll_call.classroom")
    roll_call_id = serializers.IntegerField()
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    absence_kind = serializers.ChoiceField(choices=AbsenceKind.choices, source="kind")
    minutes_late = serializers.IntegerField(allow_null=True)
    justification_status = serializers.ChoiceField(choices=JustificationStatus.choices)
    is_justified = serializers.BooleanField(
        help_text="Justifiée au sens de L131-8 : motif légitime accepté")
    absence_reason = serializers.ChoiceField(choices=AbsenceReason.choices, source="reason",
                                             allow_blank=True)
    comment = serializers.CharField()
    justified_by = AttendancePersonRefOutput(allow_null=True)
    justified_at = serializers.DateTimeField(allow_null=True)
    reviewed_by = AttendancePersonRefOutput(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    refusal_reason = serializers.CharField(help_text="Pourquoi la direction a refusé")
    notice_id = serializers.IntegerField(allow_null=True)
    document = serializers.SerializerMethodField()

    @extend_schema_field(DocumentOutput(allow_null=True))
    def get_document(self, absence) -> dict | None:
        document = getattr(absence, "document", None)
        return DocumentOutput(document).data if document is not None else None


class AbsenceJustifyInput(serializers.Serializer):
    absence_reason = serializers.ChoiceField(choices=AbsenceReason.choices)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                    help_text="Obligatoire pour « autre »")
    file = serializers.FileField(required=False, allow_empty_file=True,  # → file_empty
                                 help_text="Un justificatif (facultatif)")


class AbsenceRefuseInput(serializers.Serializer):
    refusal_reason = serializers.CharField(max_length=500)


# --- Notices -----------------------------------------------------------------------------------


class NoticeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    pupil_id = serializers.IntegerField()
    start_date = SchoolDateField()
    end_date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices, allow_blank=True)
    absence_reason = serializers.ChoiceField(choices=AbsenceReason.choices, source="reason")
    comment = serializers.CharField()
    declared_by = AttendancePersonRefOutput()
    created_at = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)


class NoticeCreateInput(serializers.Serializer):
    start_date = SchoolDateField()
    end_date = SchoolDateField(required=False, help_text="Le même jour par défaut")
    half_day = serializers.ChoiceField(choices=HalfDay.choices, required=False, allow_blank=True,
                                       default="", help_text="Vide : journées entières")
    absence_reason = serializers.ChoiceField(choices=AbsenceReason.choices)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                    default="")


# --- Director: calls not taken, register, cases --------------------------------------------------


class NotTakenClassroomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    teachers = AttendancePersonRefOutput(many=True)


class CallsNotTakenFilter(serializers.Serializer):
    date = SchoolDateField(required=False, help_text=(
        "Un jour de la semaine voulue (par défaut : la demi-journée de classe en cours, "
        "sinon la dernière)"))


class NotTakenHalfDayOutput(serializers.Serializer):
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    classrooms = NotTakenClassroomOutput(many=True, help_text="Vide : tous les appels faits")


class CallsNotTakenOutput(serializers.Serializer):
    school_id = serializers.IntegerField(source="school.pk")
    date = SchoolDateField(help_text="Le jour choisi (ou celui par défaut)")
    week_start = SchoolDateField()
    half_days = NotTakenHalfDayOutput(many=True, help_text=(
        "Les demi-journées de classe de la semaine dont l'appel est dû (commencées), dans "
        "l'ordre ; jamais celles à venir"))


class RollCallReminderInput(serializers.Serializer):
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)


class RollCallReminderOutput(serializers.Serializer):
    conversation_ids = serializers.ListField(child=serializers.IntegerField())
    teachers = AttendancePersonRefOutput(many=True)


class RegisterFilter(serializers.Serializer):
    month = MonthField(required=False, help_text="AAAA-MM (le mois en cours par défaut)")


class RegisterHalfDayOutput(serializers.Serializer):
    date = SchoolDateField()
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    roll_call_taken = serializers.BooleanField()
    is_over = serializers.BooleanField(
        help_text="La demi-journée est terminée : sans appel, elle est « appel non fait » ; "
                  "sinon elle est à venir (jamais « non fait »)")


class RegisterCellOutput(serializers.Serializer):
    mark = serializers.ChoiceField(choices=MARKS, source="presence")
    minutes_late = serializers.IntegerField(allow_null=True)
    absence_id = serializers.IntegerField(allow_null=True)
    justification_status = serializers.ChoiceField(choices=JustificationStatus.choices,
                                                   allow_null=True)
    absence_reason = serializers.ChoiceField(choices=AbsenceReason.choices, allow_blank=True)


class RegisterTotalsOutput(serializers.Serializer):
    absent = serializers.IntegerField(help_text="Demi-journées d'absence")
    absent_justified = serializers.IntegerField(help_text="… justifiées (motif légitime accepté)")
    absent_unjustified = serializers.IntegerField(help_text="… non justifiées (L131-8)")
    late = serializers.IntegerField(help_text="Retards")
    minutes_late = serializers.IntegerField(help_text="Minutes de retard cumulées")


class RegisterRowOutput(serializers.Serializer):
    pupil = AttendancePersonRefOutput()
    level = serializers.ChoiceField(choices=Level.choices)
    cells = RegisterCellOutput(many=True, help_text="Une par demi-journée de classe (même "
                               "ordre que half_days)")
    totals = RegisterTotalsOutput()


class SignOffOutput(serializers.Serializer):
    classroom_id = serializers.IntegerField()
    month = MonthField()
    signed_by = AttendancePersonRefOutput()
    signed_at = serializers.DateTimeField()


class RegisterOutput(serializers.Serializer):
    classroom = AttendanceClassroomRefOutput()
    month = MonthField()
    half_days = RegisterHalfDayOutput(many=True)
    rows = RegisterRowOutput(many=True)
    sign_off = SignOffOutput(allow_null=True)


class SignOffInput(serializers.Serializer):
    month = MonthField()


class CaseListFilter(serializers.Serializer):
    case_status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    month = MonthField(required=False)
    school = IdField(required=False)


class AbsenteeismCaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    pupil = AttendancePersonRefOutput()
    classroom = AttendanceClassroomRefOutput()
    month = MonthField()
    unjustified_half_days = serializers.IntegerField()
    case_status = serializers.ChoiceField(choices=CaseStatus.choices, source="status")
    opened_at = serializers.DateTimeField()
    family_contacted_on = SchoolDateField(allow_null=True)
    reported_on = SchoolDateField(allow_null=True)
    closed_on = SchoolDateField(allow_null=True)
    notes = serializers.CharField()


class CaseUpdateInput(serializers.Serializer):
    case_status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    on = SchoolDateField(required=False, help_text="Date du changement (aujourd'hui par "
                               "défaut)")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AttendancePreferencesOutput(serializers.Serializer):
    notify_absence_by_email = serializers.BooleanField()


class AttendancePreferencesInput(serializers.Serializer):
    notify_absence_by_email = serializers.BooleanField()
