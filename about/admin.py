from django.contrib import admin

from about.models import AccessibilityFeedback, SiteSettings
from klocket.admin_base import PortalAdminMixin


@admin.register(SiteSettings)
class SiteSettingsAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["controller_name", "email", "updated"]

    def has_add_permission(self, request):
        # One row only: add it once, change it afterwards.
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["page", "status", "received_at", "handled_at"]
    list_filter = ["status"]
    list_editable = ["status"]
    search_fields = ["page", "problem", "contact"]
    readonly_fields = ["page", "problem", "received_at", "handled_at"]
    fields = ["page", "problem", "contact", "status", "note", "received_at", "handled_at"]

    def has_add_permission(self, request):
        return False
