from django.contrib import admin

from preau.people.models import (
    AuthorityMembership,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
)


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    fk_name = "pupil"
    extra = 0
    autocomplete_fields = ["guardian"]


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    autocomplete_fields = ["classroom"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "birth_date", "ine"]
    search_fields = ["last_name", "first_name", "ine", "email"]
    inlines = [GuardianshipInline, EnrolmentInline]


@admin.register(Guardianship)
class GuardianshipAdmin(admin.ModelAdmin):
    list_display = ["guardian", "pupil", "relationship", "is_legal"]
    list_select_related = ["guardian", "pupil"]
    autocomplete_fields = ["guardian", "pupil"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["pupil", "classroom", "level", "start_date", "end_date"]
    list_select_related = ["pupil", "classroom__school"]
    autocomplete_fields = ["pupil", "classroom"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "school", "classroom", "school_year"]
    list_filter = ["role", "school_year"]
    list_select_related = ["person", "school", "classroom", "school_year"]
    autocomplete_fields = ["person", "school", "classroom"]


@admin.register(AuthorityMembership)
class AuthorityMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "commune", "circonscription", "departement"]
    list_filter = ["role"]
    list_select_related = ["person", "commune", "circonscription", "departement"]
    autocomplete_fields = ["person", "commune", "circonscription"]
