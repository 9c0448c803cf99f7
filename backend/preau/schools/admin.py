from django.contrib import admin

from preau.schools.calendar import calendar_changed
from preau.schools.models import (
    Academie,
    Circonscription,
    Classroom,
    Commune,
    Departement,
    School,
    SchoolHoliday,
    SchoolYear,
)


@admin.register(Academie)
class AcademieAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "academie", "is_alsace_moselle"]
    search_fields = ["name", "code"]
    list_select_related = ["academie"]


@admin.register(Circonscription)
class CirconscriptionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "departement"]
    search_fields = ["name", "code"]
    list_filter = ["departement"]
    list_select_related = ["departement"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "departement"]
    search_fields = ["name", "insee_code"]
    list_filter = ["departement"]
    list_select_related = ["departement"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["uai", "name", "kind", "commune", "circonscription", "holiday_zone", "week_pattern"]
    search_fields = ["name", "uai", "commune__name"]
    list_filter = ["kind", "sector", "holiday_zone", "week_pattern", "circonscription__departement"]
    list_select_related = ["commune", "circonscription"]
    autocomplete_fields = ["commune", "circonscription", "rpi_communes"]


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["label", "start_date", "end_date"]


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "school_year", "levels"]
    search_fields = ["name", "school__name", "school__uai"]
    list_filter = ["school_year"]
    list_select_related = ["school", "school_year"]
    autocomplete_fields = ["school"]


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(admin.ModelAdmin):
    """The ministry's calendar (no département) is loaded with ``load_school_calendar``;
    the operator enters here, for a département, a year the ministry has not published."""

    list_display = ["school_year", "zone", "departement", "name", "start_date", "end_date"]
    list_filter = ["school_year", "zone"]
    search_fields = ["name", "departement__code", "departement__name"]
    list_select_related = ["departement"]
    autocomplete_fields = ["departement"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        calendar_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar_changed()
