"""Public pages: each walk's results, the list and map of deficiencies, residents' reports.

Nothing personal is shown: no names, no private notes, no reporters' contacts, only photos
staff marked public, and never a report that a coordinator has not moderated.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from about.models import SiteSettings
from klocket.files import file_response
from safety_walks import selectors, services
from safety_walks.forms import ReportForm
from safety_walks.models import Category, Deficiency, ResidentReport, Status, StatusChange

WALKS_PER_PAGE = 20
DEFICIENCIES_PER_PAGE = 50
PHOTO_SIZES = {"stor": "image", "liten": "thumbnail"}


def map_settings() -> dict:
    tiles = settings.KLOCKET_MAP_TILE_URL
    return {
        "tiles": tiles,
        "tile_host": urlsplit(tiles).hostname if tiles else "",
        "attribution": settings.KLOCKET_MAP_ATTRIBUTION,
    }


@require_safe
def walk_list(request):
    page = Paginator(selectors.public_walks(), WALKS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(request, "safety_walks/public/walk_list.html", {"page": page, "walks": page.object_list})


@require_safe
def walk_detail(request, pk):
    walk = get_object_or_404(selectors.public_walks(), pk=pk)
    deficiencies = selectors.public_deficiencies().filter(walk=walk).order_by("category", "pk")
    checked = (
        StatusChange.objects.filter(walk=walk, check_result="fixed", deficiency__in=Deficiency.objects.public())
        .values("deficiency")
        .distinct()
        .count()
    )
    return render(
        request,
        "safety_walks/public/walk_detail.html",
        {
            "walk": walk,
            "organisations": walk.organisations.all(),
            "deficiencies": deficiencies,
            "by_category": selectors.category_summary(Deficiency.objects.public().filter(walk=walk)),
            "seen_fixed": checked,
        },
    )


class DeficiencyFilter(forms.Form):
    STATES = [("", gettext_lazy("All")), ("open", gettext_lazy("Not fixed yet")), ("fixed", gettext_lazy("Fixed")),
              ("closed", gettext_lazy("Closed, not fixed"))]  # fmt: skip
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATES, required=False)
    kategori = forms.ChoiceField(
        label=gettext_lazy("Category"), choices=[("", gettext_lazy("All")), *Category.choices], required=False
    )


STATE_FILTERS = {"open": Status.open(), "fixed": Status.done(), "closed": [Status.DECLINED]}


@require_safe
def deficiency_list(request):
    """Every public deficiency with its status; a map on top when JavaScript runs."""
    filters = DeficiencyFilter(request.GET or None)
    deficiencies = selectors.public_deficiencies().order_by("-found_on", "-pk")
    if filters.is_bound and filters.is_valid():
        if filters.cleaned_data["status"]:
            deficiencies = deficiencies.filter(status__in=STATE_FILTERS[filters.cleaned_data["status"]])
        if filters.cleaned_data["kategori"]:
            deficiencies = deficiencies.filter(category=filters.cleaned_data["kategori"])
    elif filters.is_bound:
        filters = DeficiencyFilter()
        messages.error(request, _("The filter was not understood, so every deficiency is shown."))
    page = Paginator(deficiencies, DEFICIENCIES_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "safety_walks/public/deficiency_list.html",
        {
            "page": page,
            "deficiencies": page.object_list,
            "filters": filters,
            "map_points": selectors.map_points(page.object_list),
            "map": map_settings(),
        },
    )


@require_safe
def deficiency_detail(request, pk):
    deficiency = get_object_or_404(selectors.public_deficiencies(), pk=pk)
    steps = selectors.public_history(deficiency)
    return render(
        request,
        "safety_walks/public/deficiency_detail.html",
        {
            "deficiency": deficiency,
            "steps": steps,
            "map_points": selectors.map_points([deficiency]),
            "map": map_settings(),
        },
    )


def photo_response(photo, size, *, public):
    if size not in PHOTO_SIZES:
        raise Http404
    return file_response(getattr(photo, PHOTO_SIZES[size]), public=public)


@require_safe
def public_photo(request, key, size):
    photo = get_object_or_404(
        selectors.public_photos().filter(deficiency__in=Deficiency.objects.public()).select_related("deficiency"),
        key=key,
    )
    return photo_response(photo, size, public=True)


def _report_limited(request) -> bool:
    """Whether this address sent too many reports: in a burst just now, or in the last hour.

    A post refused by the burst limit is not counted against the hour, so a walk group whose
    members all press "send" in the same minute does not use up its hour.
    """
    burst = is_ratelimited(
        request,
        group="safety_walks.report-burst",
        key="ip",
        rate=settings.KLOCKET_REPORT_BURST_RATE,
        method="POST",
        increment=True,
    )
    return burst or is_ratelimited(
        request, group="safety_walks.report", key="ip", rate=settings.KLOCKET_REPORT_RATE, method="POST", increment=True
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    """A resident's report: held for moderation, answered with a reference number."""
    status = 200
    limited = False
    if request.method == "POST":
        # The limit first: a refused post costs no image decoding (a photo can take seconds and
        # hundreds of MB), so its photo is not even looked at.
        limited = _report_limited(request)
        form = ReportForm(request.POST) if limited else ReportForm(request.POST, request.FILES)
        if limited:
            status = 429
            form.is_valid()  # Show what was entered, with any errors, but store nothing.
        elif form.is_valid():
            data = form.cleaned_data
            saved = services.submit_report(
                area=form.chosen_area(),
                category=data["category"],
                place=data["place"],
                description=data["description"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                photo=data["photo"],
                contact=data["contact"],
            )
            messages.success(
                request,
                _("Thank you! Your report has reference number %(reference)s. Save this page to follow it.")
                % {"reference": saved.reference},
            )
            return redirect(saved.get_status_url())
    else:
        form = ReportForm()
    if form.single_area is None and "area" not in form.fields:
        # No area yet: the portal is not set up for reports.
        raise Http404
    return render(
        request,
        "safety_walks/public/report_form.html",
        {
            "form": form,
            "forms": [form],
            "has_errors": bool(form.errors),
            "limited": limited,
            "photo_chosen": bool(request.FILES.get("photo")),
            "site": SiteSettings.current(),
        },
        status=status,
    )


@require_safe
def report_status(request, reference):
    # The reporter's contact and own words are not shown here: the reference is all one needs.
    report = get_object_or_404(
        ResidentReport.objects.select_related("deficiency").defer("contact", "description", "moderation_note"),
        reference=reference.strip().upper(),
    )
    deficiency = report.deficiency
    public_deficiency = (
        deficiency if deficiency and Deficiency.objects.public().filter(pk=deficiency.pk).exists() else None
    )
    return render(
        request,
        "safety_walks/public/report_status.html",
        {"report": report, "deficiency": public_deficiency, "today": timezone.localdate()},
    )
