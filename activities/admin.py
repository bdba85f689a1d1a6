from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from activities.models import Area, Membership, Organisation, Venue
from klocket.images import ProcessedImageField


class OrganisationAdminForm(forms.ModelForm):
    logo = ProcessedImageField(
        max_bytes=settings.LOGO_MAX_BYTES,
        max_side=600,
        required=False,
        label=Organisation._meta.get_field("logo").verbose_name,
        help_text=Organisation._meta.get_field("logo").help_text,
    )

    class Meta:
        model = Organisation
        fields = "__all__"  # noqa: DJ007 - the admin form covers every field


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name", "municipality"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "area", "address", "is_active"]
    list_filter = ["kind", "area", "is_active"]
    search_fields = ["name", "address", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "area", "description", "is_active"]}),
        (_("Location"), {"fields": ["address", "latitude", "longitude", "accessibility"]}),
    ]
