from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from activities import services
from activities.models import (
    Activity,
    Area,
    Language,
    Membership,
    Occurrence,
    Organisation,
    ProgrammeItem,
    Recurrence,
    Venue,
)
from activities.staff_forms import ActivityRulesMixin, WeekdaysField, activity_image_field, parse_skip_dates
from klocket.admin_base import PortalAdminMixin, PortalInlineMixin
from klocket.images import ProcessedImageField
from klocket.translation_forms import TranslatedAdminMixin


class OrganisationAdminForm(forms.ModelForm):
    logo = ProcessedImageField(
        max_bytes=settings.LOGO_MAX_BYTES,
        max_side=600,
        required=False,
        label=Organisation._meta.get_field("logo").verbose_name,
    )

    class Meta:
        model = Organisation
        fields = "__all__"  # noqa: DJ007 - the admin form covers every field


class MembershipInline(PortalInlineMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Area)
class AreaAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name", "municipality"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(TranslatedAdminMixin, PortalAdminMixin, SimpleHistoryAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Venue)
class VenueAdmin(TranslatedAdminMixin, PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "area", "address", "is_active"]
    list_filter = ["kind", "area", "is_active"]
    search_fields = ["name", "address", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "area", "description", "is_active"]}),
        (_("Location"), {"fields": ["address", "latitude", "longitude", "accessibility"]}),
    ]


class RecurrenceAdminForm(forms.ModelForm):
    """A schedule in the admin: weekday checkboxes, and no more than Recurrence.MAX_DATES dates."""

    weekdays = WeekdaysField(
        label=Recurrence._meta.get_field("weekdays").verbose_name,
        help_text=_("For a monthly schedule, the weekday(s) of the nth week."),
    )

    class Meta:
        model = Recurrence
        fields = [
            "frequency",
            "weekdays",
            "interval",
            "nth",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "skip_dates",
        ]
        widgets = {"skip_dates": forms.Textarea(attrs={"rows": 3})}

    def clean_weekdays(self):
        return WeekdaysField.as_text(self.cleaned_data["weekdays"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("frequency") == Recurrence.Frequency.MONTHLY_NTH and cleaned.get("nth") is None:
            self.add_error("nth", _("Choose which weekday of the month, e.g. third."))
        _dates, bad = parse_skip_dates(cleaned.get("skip_dates") or "")
        if bad:
            self.add_error(
                "skip_dates",
                _("These are not dates written as YYYY-MM-DD: %(values)s") % {"values": ", ".join(bad[:10])},
            )
        if not self.errors:
            names = ["frequency", "weekdays", "interval", "nth", "start_date", "end_date", "skip_dates"]
            probe = Recurrence(**{name: cleaned.get(name) for name in names})
            try:
                services.check_schedule_size(probe)
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class RecurrenceInline(PortalInlineMixin, admin.StackedInline):
    model = Recurrence
    form = RecurrenceAdminForm
    extra = 0
    verbose_name_plural = _("schedules (saving creates and updates the coming dates)")


class ActivityAdminForm(ActivityRulesMixin, forms.ModelForm):
    image = activity_image_field()

    class Meta:
        model = Activity
        fields = "__all__"  # noqa: DJ007 - the admin form covers every field
        widgets = {
            "audiences": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
        }


@admin.register(Activity)
class ActivityAdmin(TranslatedAdminMixin, PortalAdminMixin, SimpleHistoryAdmin):
    form = ActivityAdminForm
    inlines = [RecurrenceInline]
    list_display = ["title", "form", "status", "organiser", "venue", "is_public"]
    list_filter = ["form", "status", "organiser", "venue"]
    list_select_related = ["organiser", "venue"]
    search_fields = ["title", "summary", "description", "organiser__name"]
    autocomplete_fields = ["organiser", "co_organisers", "venue"]
    readonly_fields = ["cancelled_at", "created_by", "created", "updated"]
    actions = ["duplicate", "publish"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "description", "form", "audiences", "languages"]}),
        (_("Who runs it and where"), {"fields": ["organiser", "co_organisers", "venue"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (_("Practical information"), {"fields": ["cost", "how_to_join", "join_url", "accessibility"]}),
        (_("Publishing"), {"fields": ["is_public", "status", "cancelled_at", "created_by", "created", "updated"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Recurrence:
            return super().save_formset(request, form, formset, change)
        # A removed schedule takes its coming, untouched dates with it; past dates stay.
        recurrences = formset.save(commit=False)
        for recurrence in formset.deleted_objects:
            services.delete_recurrence(recurrence=recurrence)
        for recurrence in recurrences:
            recurrence.save()
        formset.save_m2m()
        return None

    def save_related(self, request, form, formsets, change):
        """After the schedules are saved, bring every schedule's coming dates in line."""
        super().save_related(request, form, formsets, change)
        total = services.RegenerationResult()
        for recurrence in form.instance.recurrences.all():
            result = services.regenerate_occurrences(recurrence=recurrence)
            total.created += result.created
            total.updated += result.updated
            total.deleted += result.deleted
        if total.created or total.updated or total.deleted:
            self.message_user(
                request,
                _("Coming dates: %(created)d added, %(updated)d changed, %(deleted)d removed.")
                % {"created": total.created, "updated": total.updated, "deleted": total.deleted},
                messages.INFO,
            )

    @admin.action(description=_("Duplicate the selected activities as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [services.duplicate_activity(activity=activity, user=request.user) for activity in queryset]
        self.message_user(
            request,
            ngettext("%(count)d draft copy was made.", "%(count)d draft copies were made.", len(copies))
            % {"count": len(copies)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected activities"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        # One save per activity, so the change history records who published what.
        for activity in queryset.exclude(status=Activity.Status.PUBLISHED):
            activity.status = Activity.Status.PUBLISHED
            activity.save(update_fields=["status", "updated"])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d activity was published.", "%(count)d activities were published.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class ProgrammeItemInline(PortalInlineMixin, admin.TabularInline):
    model = ProgrammeItem
    extra = 1


class OccurrenceAdminForm(forms.ModelForm):
    class Meta:
        model = Occurrence
        fields = ["activity", "start", "end", "venue", "note", "cancelled", "cancel_reason", "is_detached"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        if cleaned.get("cancelled") and not (cleaned.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Give a reason when cancelling a date."))
        return cleaned


@admin.register(Occurrence)
class OccurrenceAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    """One date. Cancel it by ticking "cancelled" and giving a reason; the series is not broken."""

    form = OccurrenceAdminForm
    inlines = [ProgrammeItemInline]
    list_display = ["activity", "start", "end", "venue", "cancelled", "is_detached"]
    list_filter = ["cancelled", "activity__form", "is_detached"]
    list_select_related = ["activity", "venue"]
    date_hierarchy = "start"
    search_fields = ["activity__title", "note", "cancel_reason"]
    autocomplete_fields = ["activity", "venue"]
    readonly_fields = ["recurrence", "scheduled_date"]
    fieldsets = [
        (None, {"fields": ["activity", "start", "end", "venue", "note"]}),
        (_("Cancelling"), {"fields": ["cancelled", "cancel_reason"]}),
        (_("Schedule"), {"fields": ["recurrence", "scheduled_date", "is_detached"]}),
    ]

    HAND_CHANGES = {"start", "end", "venue", "note", "cancelled", "cancel_reason"}

    def save_model(self, request, obj, form, change):
        # A date changed on its own is left alone when its schedule is saved again.
        if change and self.HAND_CHANGES & set(form.changed_data) and "is_detached" not in form.changed_data:
            obj.is_detached = True
        if not obj.cancelled:
            obj.cancel_reason = ""
        super().save_model(request, obj, form, change)


@admin.register(Language)
class LanguageAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]
