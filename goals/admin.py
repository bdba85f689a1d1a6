"""The admin as the steering group's data-entry tool: goals, indicators, measurements, the police
list, reference distributions and survey waves (answers are read-only: they are anonymous)."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from goals import services
from goals.forms import MeasurementAdminForm
from goals.models import (
    Goal,
    Indicator,
    Measurement,
    PoliceListEntry,
    ReferenceDistribution,
    ReferenceShare,
    SurveyResponse,
    SurveyWave,
)
from goals.periods import Period, PeriodError
from klocket.admin_base import PortalAdminMixin, PortalInlineMixin


class IndicatorInline(PortalInlineMixin, admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "code", "name_sv", "name_en", "unit", "kind", "computation", "is_headline", "is_public"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title_sv", "owner", "start_date", "deadline"]
    inlines = [IndicatorInline]


class IndicatorAdminForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "goal",
            "code",
            "name_sv",
            "name_en",
            "description_sv",
            "description_en",
            "unit",
            "kind",
            "computation",
            "direction",
            "baseline_period",
            "baseline_value",
            "target_value",
            "target_date",
            "position",
            "is_headline",
            "is_public",
        ]

    def clean_baseline_period(self):
        value = self.cleaned_data["baseline_period"]
        if not value:
            return value
        try:
            return Period.parse(value).code
        except PeriodError as error:
            raise ValidationError(str(error)) from None


@admin.register(Indicator)
class IndicatorAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    form = IndicatorAdminForm
    list_display = ["name_sv", "goal", "unit", "kind", "computation", "direction", "baseline_value", "target_value"]
    list_filter = ["goal", "kind", "unit"]
    search_fields = ["name_sv", "name_en", "code"]


@admin.register(Measurement)
class MeasurementAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    form = MeasurementAdminForm
    list_display = ["indicator", "period", "value", "sample_size", "source", "wave", "entered_by", "entered_at"]
    list_filter = ["indicator__goal", "indicator", "period_kind"]
    search_fields = ["source", "note", "period"]
    readonly_fields = ["wave", "entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(PoliceListEntry)
class PoliceListEntryAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["area_name", "year", "status", "source"]
    list_filter = ["status", "area_name"]


class ShareFormSet(forms.BaseInlineFormSet):
    """The shares of a distribution must add up to 100 % (±0.1)."""

    def clean(self):
        super().clean()
        shares = {}
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            band, percent = form.cleaned_data.get("band"), form.cleaned_data.get("percent")
            if band and percent is not None:
                shares[band] = Decimal(percent)
        if shares:
            services.check_shares(shares)


class ShareInline(PortalInlineMixin, admin.TabularInline):
    model = ReferenceShare
    formset = ShareFormSet
    extra = 0


@admin.register(ReferenceDistribution)
class ReferenceDistributionAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "source", "year", "is_active", "created_at"]
    inlines = [ShareInline]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.is_active:
            ReferenceDistribution.objects.exclude(pk=obj.pk).filter(is_active=True).update(is_active=False)
        super().save_model(request, obj, form, change)


@admin.register(SurveyWave)
class SurveyWaveAdmin(PortalAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "opens_on", "closes_on", "results_published_at"]
    readonly_fields = ["results_published_at"]
    actions = ["record_results"]

    @admin.action(description=_("Record the results as measurements of goal #3"))
    def record_results(self, request, queryset):
        for wave in queryset:
            try:
                services.record_wave_results(wave=wave, user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{wave}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Recorded: %(wave)s") % {"wave": wave}, messages.SUCCESS)


@admin.register(SurveyResponse)
class SurveyResponseAdmin(PortalAdminMixin, admin.ModelAdmin):
    """Anonymous answers, for reading only: nobody edits what residents answered."""

    list_display = ["wave", "safety", "attractiveness", "visits", "age_band", "gender", "submitted_on"]
    list_filter = ["wave", "safety"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
