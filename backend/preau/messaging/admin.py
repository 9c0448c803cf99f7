"""The operator sees settings and school-wide communications, never private correspondence.

Conversations, messages and attachments are not registered: an admin account must not
become a way to read families' messages (see docs/messaging.md).
"""

from django.contrib import admin

from preau.messaging.models import (
    Announcement,
    LiaisonNote,
    Poll,
    QuietHours,
    SchoolMessagingSettings,
)


@admin.register(SchoolMessagingSettings)
class SchoolMessagingSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "pupils_may_write", "refuses_family_messages_outside_hours",
                    "updated_at"]
    list_select_related = ["school"]
    search_fields = ["school__name", "school__uai"]
    autocomplete_fields = ["school"]
    readonly_fields = ["updated_by"]


@admin.register(QuietHours)
class QuietHoursAdmin(admin.ModelAdmin):
    list_display = ["user", "is_enabled", "starts_at", "ends_at", "includes_weekends"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(LiaisonNote)
class LiaisonNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "audience", "requires_acknowledgement", "created_at"]
    list_select_related = ["school"]
    list_filter = ["audience", "requires_acknowledgement"]
    search_fields = ["title", "school__name"]
    raw_id_fields = ["school", "author", "classroom", "pupil"]
    readonly_fields = ["body_html"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "audience", "valid_from", "valid_until", "created_at"]
    list_select_related = ["audience__school"]
    search_fields = ["title", "audience__school__name"]
    raw_id_fields = ["audience", "author"]
    readonly_fields = ["body_html"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["title", "audience", "is_anonymous", "closes_on", "created_at"]
    list_select_related = ["audience__school"]
    search_fields = ["title", "audience__school__name"]
    raw_id_fields = ["audience", "author"]
    readonly_fields = ["description_html"]
