"""The operator reads the audit log in the admin too; nobody edits or deletes it there."""

from django.contrib import admin

from preau.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "username", "actor_name", "method", "path",
                    "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username", "actor_name", "ip_address"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
