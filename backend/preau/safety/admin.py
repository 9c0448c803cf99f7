from django.contrib import admin

from preau.safety.models import Muster


@admin.register(Muster)
class MusterAdmin(admin.ModelAdmin):
    list_display = ["school", "kind", "is_drill", "started_at", "ended_at"]
    list_filter = ["kind", "is_drill"]
    list_select_related = ["school"]
    search_fields = ["school__name", "school__uai"]
    raw_id_fields = ["school", "started_by", "ended_by"]
