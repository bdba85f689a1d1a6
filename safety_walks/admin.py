"""The admin as a data-entry tool for walks and deficiencies.

Statuses move only through the workflow on the staff pages (``services.change_status``), so
they are read-only here; photos go through the same cleaning as every other upload.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from klocket import permissions
from klocket.admin_base import PortalAdminMixin, PortalInlineMixin
from klocket.translation_forms import TranslatedAdminMixin
from safety_walks.models import Deficiency, DeficiencyPhoto, HandOver, ResidentReport, SafetyWalk, StatusChange
from safety_walks.photos import PhotoField


class PhotoAdminForm(forms.ModelForm):
    image = PhotoField(label=_("Photo"), help_text=_("At most 10 MB. Metadata such as the GPS position is removed."))

    class Meta:
        model = DeficiencyPhoto
        fields = ["image", "description", "is_public"]


class PhotoInline(PortalInlineMixin, admin.TabularInline):
    model = DeficiencyPhoto
    form = PhotoAdminForm
    extra = 0


class StatusChangeInline(PortalInlineMixin, admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_on", "from_status", "to_status", "check_result", "walk", "note", "changed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SafetyWalk)
class SafetyWalkAdmin(TranslatedAdminMixin, PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "area", "is_public"]
    list_filter = ["area", "is_public"]
    date_hierarchy = "date"
    filter_horizontal = ["organisations"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Deficiency)
class DeficiencyAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "walk", "responsible_party", "priority", "status", "found_on"]
    list_filter = ["status", "category", "priority", "responsible_party", "area"]
    search_fields = ["place", "description"]
    list_select_related = ["walk", "walk__area", "responsible_party"]
    readonly_fields = ["status", "handed_over_on", "fixed_on", "decline_reason", "created_by", "created_at"]
    inlines = [PhotoInline, StatusChangeInline]
    autocomplete_fields = ["responsible_party"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["source", "walk", "area", "found_on"]
        return fields

    def save_model(self, request, obj, form, change):
        creating = not change
        if creating:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if creating:
            StatusChange.objects.create(
                deficiency=obj, to_status=obj.status, changed_on=obj.found_on, changed_by=request.user, walk=obj.walk
            )


@admin.register(HandOver)
class HandOverAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["walk", "organisation", "handed_over_on", "items"]
    list_select_related = ["walk", "walk__area", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResidentReportAdminForm(forms.ModelForm):
    photo = PhotoField(
        label=_("Photo"), required=False, help_text=_("At most 10 MB. Metadata such as the GPS position is removed.")
    )

    class Meta:
        model = ResidentReport
        fields = "__all__"  # noqa: DJ007 - the admin form covers every field


@admin.register(ResidentReport)
class ResidentReportAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    form = ResidentReportAdminForm
    list_display = ["reference", "category", "place", "status", "received_at"]
    list_filter = ["status", "category"]
    # Coordinators find a report by its reporter's contact too (a request to see or erase it).
    search_fields = ["reference", "place", "contact"]
    readonly_fields = ["reference", "status", "deficiency", "received_at", "moderated_at", "moderated_by"]
    # The reporter's contact: coordinators only (the steering group may read reports here).
    restricted_fields = {"contact": permissions.is_coordinator}

    def has_add_permission(self, request):
        return False
