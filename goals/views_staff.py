"""The steering group's pages: the dashboard, a page per goal, the report, exports, and entering
measurements, the reference distribution and survey results.

The dashboard, goal pages and report are for the steering group, coordinators and
administrators; entering figures is for the steering group (and administrators). Everyone else
logged in gets 404, and anonymous visitors go to the login page (``klocket.permissions``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from activities.models import age_bands
from goals import cache, exports, selectors, services
from goals.dashboard import build_dashboard
from goals.detail import GRANULARITIES, build_goal_detail
from goals.forms import MeasurementForm, ReferenceForm, SelectionForm
from goals.indicators import Filters
from goals.models import Goal, Indicator, PeriodKind, ReferenceDistribution, SurveyWave, min_answers
from goals.periods import RANGE, Period, last_full_year
from klocket import permissions

viewers_only = permissions.role_required(permissions.is_steering_group, permissions.is_coordinator)
editors_only = permissions.role_required(permissions.is_steering_group)


def can_edit(user) -> bool:
    return permissions.is_steering_group(user)


class Selection:
    """The period, filters and division a page was asked for; bad values fall back with a message.

    The period is a year, half-year, quarter or month (``period=2025``, ``2025-H1``, ``2025-Q3``,
    ``2025-07``; the older ``kvartal=`` still works) or, when ``period`` is empty, a free range
    (``fran=2025-03-10&till=2025-05-20``). By default: the last full year (``last_full_year``).
    """

    def __init__(self, request, *, granularity: bool = False):
        self.today = timezone.localdate()
        default = last_full_year(self.today)
        data = request.GET.copy() if request.GET else None
        if data is not None and "kvartal" in data and "period" not in data:
            data["period"] = data["kvartal"]
        self.form = SelectionForm(data, today=self.today, granularity=granularity)
        code = self.form.cleaned_or_default("period", "")
        dates = None if code else self.form.cleaned_or_default("range", None)
        self.period = Period.parse_choice(code) if code else dates or default
        self.filters = Filters(
            venue=self.form.cleaned_or_default("hus", None),
            organisation=self.form.cleaned_or_default("arrangor", None),
            activity=self.form.cleaned_or_default("aktivitet", None),
        )
        self.granularity = GRANULARITIES.get(self.form.cleaned_or_default("indelning", "kvartal"), PeriodKind.QUARTER)
        if self.form.is_bound:
            fallback = {"default": self.period.label}
            problems = {
                "period": _("The period was not understood, so %(default)s is shown.") % fallback,
                "hus": _("That house or place was not found, so every house and place is shown."),
                "arrangor": _("That organisation was not found, so every organisation is shown."),
                "aktivitet": _("That activity was not found, so every activity is shown."),
                "indelning": _("That division was not understood, so quarters are shown."),
            }
            for name, errors in self.form.errors.items():
                if name in problems:
                    messages.warning(request, problems[name])
                elif name in ("fran", "till") and not code:
                    messages.warning(
                        request,
                        _("The dates from–to were not used: %(problem)s %(default)s is shown instead.")
                        % {"problem": " ".join(errors), **fallback},
                    )
        # The form shows the values in use, not any that were refused.
        shown = self.params(indelning=self.granularity_code) if granularity else self.params()
        self.form = SelectionForm(shown, today=self.today, granularity=granularity)
        self.form.is_valid()

    @property
    def granularity_code(self) -> str:
        return next(code for code, kind in GRANULARITIES.items() if kind == self.granularity)

    def params(self, **extra) -> dict:
        if self.period.kind == RANGE:
            values = {"fran": self.period.start.isoformat(), "till": self.period.end.isoformat()}
        else:
            values = {"period": self.period.code}
        if self.filters.venue is not None:
            values["hus"] = self.filters.venue.slug
        if self.filters.organisation is not None:
            values["arrangor"] = self.filters.organisation.slug
        if self.filters.activity is not None:
            values["aktivitet"] = str(self.filters.activity.pk)
        values.update(extra)
        return values

    def query(self, **extra) -> str:
        return "?" + urlencode(self.params(**extra))

    def cache_parts(self) -> tuple:
        return (self.period.code, self.filters.key, self.granularity)


def _links(selection: Selection) -> dict:
    query = selection.query()
    return {
        "report_url": reverse("goals-report") + query,
        "pdf_url": reverse("goals-report-pdf") + query if exports.pdf_available() else "",
        "csv_url": reverse("goals-export-csv") + query,
        "xlsx_url": reverse("goals-export-xlsx") + query,
        "dashboard_url": reverse("goals-dashboard") + query,
        "query": query,
    }


@viewers_only
@require_safe
def dashboard(request):
    selection = Selection(request)
    editor = can_edit(request.user)

    def render_body():
        board = build_dashboard(selection.period, filters=selection.filters, today=selection.today)
        return render_to_string(
            "goals/_dashboard_body.html",
            {"board": board, "form": selection.form, "can_edit": editor, **_links(selection)},
        )

    body = cache.get_or_render(("dashboard", *selection.cache_parts(), editor), render_body)
    return render(request, "goals/dashboard.html", {"body": body, "period": selection.period})


@viewers_only
@require_safe
def goal_detail(request, number):
    goal = get_object_or_404(Goal, number=number)
    selection = Selection(request, granularity=True)
    editor = can_edit(request.user)

    def render_body():
        detail = build_goal_detail(
            goal, selection.period, selection.granularity, filters=selection.filters, today=selection.today
        )
        return render_to_string(
            "goals/_goal_body.html",
            {
                "detail": detail,
                "form": selection.form,
                "can_edit": editor,
                "bands": age_bands(),
                "min_answers": min_answers(),
                **_links(selection),
            },
        )

    body = cache.get_or_render(("goal", number, *selection.cache_parts(), editor), render_body)
    return render(request, "goals/goal_detail.html", {"body": body, "goal": goal})


@viewers_only
@require_safe
def report(request):
    selection = Selection(request)

    def render_body():
        board = build_dashboard(selection.period, filters=selection.filters, today=selection.today)
        return render_to_string("goals/_report_body.html", {"board": board, **_links(selection)})

    body = cache.get_or_render(("report", *selection.cache_parts()), render_body)
    return render(request, "goals/report.html", {"body": body, "period": selection.period})


@viewers_only
@require_safe
def report_pdf(request):
    if not exports.pdf_available():
        raise Http404
    selection = Selection(request)
    board = build_dashboard(selection.period, filters=selection.filters, today=selection.today)
    return exports.download(
        exports.report_pdf(board),
        filename=f"klocket-mal-{selection.period.code}.pdf",
        content_type=exports.PDF_CONTENT_TYPE,
    )


def _series(request):
    selection = Selection(request, granularity=True)
    board = exports.build_series(selection.period, selection.granularity, filters=selection.filters)
    rows = exports.series_rows(board, selection.granularity)
    name = f"klocket-mal-{selection.period.code}-{selection.granularity_code}"
    return selection, rows, name


@viewers_only
@require_safe
def export_csv(request):
    _selection, rows, name = _series(request)
    return exports.download(exports.to_csv(rows), filename=f"{name}.csv", content_type=exports.CSV_CONTENT_TYPE)


@viewers_only
@require_safe
def export_xlsx(request):
    selection, rows, name = _series(request)
    about = exports.about_lines(selection.period, selection.granularity, selection.filters)
    return exports.download(
        exports.to_xlsx(rows, about=about), filename=f"{name}.xlsx", content_type=exports.XLSX_CONTENT_TYPE
    )


# Entering figures -----------------------------------------------------------------------------------------


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def measurement_add(request):
    initial = {}
    wanted = request.GET.get("indikator")
    if wanted:
        indicator = Indicator.objects.filter(code=wanted).first()
        if indicator is not None:
            initial["indicator"] = indicator
    form = MeasurementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurement = services.record_measurement(
                indicator=data["indicator"],
                period=data["period"],
                value=data["value"],
                source=data["source"],
                source_url=data["source_url"],
                note=data["note"],
                sample_size=data["sample_size"],
                user=request.user,
                replace=data["replace"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved: %(indicator)s, %(period)s.")
                % {"indicator": measurement.indicator.name, "period": measurement.period},
            )
            return redirect(measurement.indicator.goal.get_absolute_url())
    status = 400 if form.errors else 200
    return render(
        request,
        "goals/measurement_form.html",
        {"form": form, "forms": [form], "has_errors": bool(form.errors)},
        status=status,
    )


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def reference(request):
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_reference_distribution(
                name=data["name"],
                source=data["source"],
                source_url=data["source_url"],
                year=data["year"],
                shares=data["shares"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The new reference distribution is in use."))
            return redirect("goals-reference")
    current = selectors.active_reference()
    history = ReferenceDistribution.objects.prefetch_related("shares")[:10]
    return render(
        request,
        "goals/reference_form.html",
        {
            "form": form,
            "forms": [form],
            "has_errors": bool(form.errors),
            "current": current,
            "history": history,
            "bands": age_bands(),
        },
        status=400 if form.errors else 200,
    )


@viewers_only
@require_safe
def waves(request):
    return render(
        request,
        "goals/waves.html",
        {
            "waves": selectors.waves_with_results(),
            "min_answers": min_answers(),
            "can_edit": can_edit(request.user),
            "today": timezone.localdate(),
        },
    )


@editors_only
@require_POST
def wave_record(request, pk):
    wave = get_object_or_404(SurveyWave, pk=pk)
    try:
        saved = services.record_wave_results(wave=wave, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The results of %(wave)s are recorded as %(count)s measurement of goal #3.",
                "The results of %(wave)s are recorded as %(count)s measurements of goal #3.",
                len(saved),
            )
            % {"wave": wave.name, "count": len(saved)},
        )
    return redirect("goals-waves")
