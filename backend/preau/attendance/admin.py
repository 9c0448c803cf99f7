from django.contrib import admin

from preau.attendance.models import (
    Absence,
    AbsenceNotice,
    AbsenteeismCase,
    RegisterSignOff,
    RollCall,
    RollCallCorrection,
)


@admin.register(RollCall)
class RollCallAdmin(admin.ModelAdmin):
    list_display = ["date", "half_day", "classroom", "pupil_count", "taken_by", "taken_at",
                    "version"]
    list_filter = ["half_day"]
    list_select_related = ["classroom", "taken_by"]
    date_hierarchy = "date"
    raw_id_fields = ["classroom", "taken_by"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["date", "half_day", "pupil", "kind", "minutes_late", "justification_status",
                    "reason"]
    list_filter = ["kind", "justification_status", "reason"]
    list_select_related = ["pupil"]
    date_hierarchy = "date"
    raw_id_fields = ["roll_call", "pupil", "notice", "justified_by", "reviewed_by"]


@admin.register(AbsenceNotice)
class AbsenceNoticeAdmin(admin.ModelAdmin):
    list_display = ["pupil", "start_date", "end_date", "half_day", "reason", "cancelled_at"]
    list_select_related = ["pupil"]
    raw_id_fields = ["pupil", "declared_by"]


@admin.register(RollCallCorrection)
class RollCallCorrectionAdmin(admin.ModelAdmin):
    list_display = ["roll_call", "version", "corrected_by", "corrected_at"]
    raw_id_fields = ["roll_call", "corrected_by"]


@admin.register(AbsenteeismCase)
class AbsenteeismCaseAdmin(admin.ModelAdmin):
    list_display = ["month", "pupil", "classroom", "unjustified_half_days", "status"]
    list_filter = ["status"]
    list_select_related = ["pupil", "classroom"]
    raw_id_fields = ["pupil", "classroom"]


@admin.register(RegisterSignOff)
class RegisterSignOffAdmin(admin.ModelAdmin):
    list_display = ["month", "classroom", "signed_by", "signed_at"]
    raw_id_fields = ["classroom", "signed_by"]
