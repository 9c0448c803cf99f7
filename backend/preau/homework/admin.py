from django.contrib import admin

from preau.homework.models import Attachment, Homework, LessonEntry, SchoolHomeworkSettings


@admin.register(Homework)
class HomeworkAdmin(admin.ModelAdmin):
    list_display = ["due_date", "classroom", "subject", "status", "author"]
    list_filter = ["status", "subject"]
    list_select_related = ["classroom", "author"]
    search_fields = ["instructions", "classroom__name"]
    raw_id_fields = ["classroom", "author", "lesson"]


@admin.register(LessonEntry)
class LessonEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "classroom", "subject", "title", "author"]
    list_select_related = ["classroom", "author"]
    search_fields = ["title", "content", "classroom__name"]
    raw_id_fields = ["classroom", "author", "slot"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "content_type", "size", "created_at"]
    raw_id_fields = ["homework", "lesson", "uploaded_by"]


@admin.register(SchoolHomeworkSettings)
class SchoolHomeworkSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "families_see_lessons", "updated_at"]
    list_select_related = ["school"]
    search_fields = ["school__name", "school__uai"]
    autocomplete_fields = ["school"]
    readonly_fields = ["updated_by"]
