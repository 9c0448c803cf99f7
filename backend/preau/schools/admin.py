from django.contrib import admin

from preau.schools.models import (
    Academie,
    Circonscription,
    Classroom,
    Commune,
    Departement,
    School,
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
