from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential

from preau.accounts.models import User, UserSession
from preau.accounts.services import user_deactivate


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Préau", {"fields": ("person", "language")}))
    list_display = ["username", "person", "is_active", "is_staff", "last_login"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    actions = ["deactivate"]

    @admin.action(description="Désactiver les comptes et fermer leurs sessions")
    def deactivate(self, request, queryset):
        for user in queryset:
            user_deactivate(user=user)
        self.message_user(request, f"{queryset.count()} compte(s) désactivé(s).", messages.SUCCESS)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "ip_address", "user_agent"]
    list_select_related = ["user"]


# A lost passkey whose owner has no other second factor: the operator removes it here
# (docs/security.md, "Passkeys"); the owner then sets up a new one at the next login.
admin.site.register(WebAuthnCredential, WebAuthnCredentialAdmin)
