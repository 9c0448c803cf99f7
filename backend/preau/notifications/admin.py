from django.contrib import admin

from preau.notifications.models import Digest, DigestCategory


class DigestCategoryInline(admin.TabularInline):
    model = DigestCategory
    extra = 0


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "send_at", "queued_on", "covered_until"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
    inlines = [DigestCategoryInline]
