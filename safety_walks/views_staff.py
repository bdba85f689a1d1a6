"""Staff pages for walks and deficiencies: start a walk and record deficiencies on a phone,
the walk's list, the next walk's checklist, a deficiency's status steps and photos.

Access: ``safety_walks.access`` (coordinators change, the steering group reads, partner staff
see what was handed to their organisations; everything else answers 404).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klocket import permissions
from safety_walks import access, selectors, services
from safety_walks.forms import ChecklistForm, DeficiencyForm, PhotoForm, StatusForm, WalkForm
from safety_walks.models import DeficiencyPhoto, ResidentReport, SafetyWalk, StatusChange
from safety_walks.views_public import photo_response

WALKS_PER_PAGE = 30


def _walk_or_404(pk):
    return get_object_or_404(SafetyWalk.objects.select_related("area"), pk=pk)


@access.reader_required
@require_safe
def walk_list(request):
    page = Paginator(selectors.staff_walks(), WALKS_PER_PAGE).get_page(request.GET.get("sida"))
    is_coordinator = permissions.is_coordinator(request.user)
    return render(
        request,
        "safety_walks/staff/walk_list.html",
        {
            "page": page,
            "walks": page.object_list,
            "is_coordinator": is_coordinator,
            "reports_waiting": (
                ResidentReport.objects.filter(status=ResidentReport.Status.RECEIVED).count() if is_coordinator else 0
            ),
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def walk_edit(request, pk=None):
    walk = _walk_or_404(pk) if pk is not None else None
    form = WalkForm(request.POST or None, instance=walk)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_walk(form=form, user=request.user)
        except IntegrityError:
            form.add_error("date", _("There is already a walk in this area on this day."))
        else:
            messages.success(request, _("The walk is saved.") if walk else _("The walk is started. Add what you find."))
            return redirect(saved.get_absolute_url())
    return render(request, "safety_walks/staff/walk_form.html", {"form": form, "forms": [form], "walk": walk})


@access.reader_required
@require_safe
def walk_detail(request, pk):
    walk = _walk_or_404(pk)
    checked = selectors.checked_at_walk(walk)
    return render(
        request,
        "safety_walks/staff/walk_detail.html",
        {
            "walk": walk,
            "organisations": walk.organisations.all(),
            "deficiencies": selectors.walk_deficiencies(walk),
            "parties": selectors.handover_parties(walk),
            "hand_overs": walk.hand_overs.select_related("organisation").order_by("-handed_over_on", "-pk"),
            "carried_over_count": selectors.carried_over(walk).count(),
            "checked": checked,
            "is_coordinator": permissions.is_coordinator(request.user),
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def deficiency_add(request, pk):
    """Record a deficiency on the walk: category, photo, place; the rest may wait."""
    walk = _walk_or_404(pk)
    if request.method == "POST":
        form = DeficiencyForm(request.POST, request.FILES)
        if form.is_valid():
            deficiency = services.add_deficiency(
                walk=walk,
                user=request.user,
                photo=form.cleaned_data.get("photo"),
                photo_description=form.cleaned_data.get("photo_description", ""),
                photo_public=form.cleaned_data.get("photo_public", False),
                **form.deficiency_fields(),
            )
            messages.success(
                request,
                _("Saved: %(category)s, %(place)s.")
                % {"category": deficiency.get_category_display(), "place": deficiency.place},
            )
            if "add_another" in request.POST:
                return redirect("sw-deficiency-add", pk=walk.pk)
            return redirect(walk.get_absolute_url())
    else:
        form = DeficiencyForm()
    return render(
        request,
        "safety_walks/staff/deficiency_form.html",
        {"form": form, "forms": [form], "walk": walk, "photo_chosen": bool(request.FILES.get("photo"))},
    )


@access.coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def deficiency_edit(request, pk):
    deficiency = access.get_visible_deficiency_or_404(request.user, pk)
    form = DeficiencyForm(request.POST or None, instance=deficiency, with_photo=False)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The deficiency is saved."))
        return redirect(deficiency.get_absolute_url())
    return render(
        request,
        "safety_walks/staff/deficiency_form.html",
        {"form": form, "forms": [form], "deficiency": deficiency, "walk": deficiency.walk},
    )


def _status_form(request, deficiency, data=None):
    statuses = access.allowed_transitions(request.user, deficiency)
    if not statuses:
        return None
    return StatusForm(data, deficiency=deficiency, statuses=statuses)


@access.any_role_required
@require_safe
def deficiency_detail(request, pk):
    deficiency = access.get_visible_deficiency_or_404(request.user, pk)
    is_coordinator = permissions.is_coordinator(request.user)
    return render(
        request,
        "safety_walks/staff/deficiency_detail.html",
        {
            "deficiency": deficiency,
            "photos": deficiency.photos.all(),
            "history": StatusChange.objects.filter(deficiency=deficiency).select_related("changed_by", "walk"),
            "status_form": _status_form(request, deficiency),
            "photo_form": PhotoForm() if is_coordinator else None,
            "is_coordinator": is_coordinator,
            "reports": deficiency.reports.only("reference", "received_at") if is_coordinator else [],
        },
    )


@access.any_role_required
@require_http_methods(["GET", "HEAD", "POST"])
def deficiency_status(request, pk):
    """One step along the workflow; a refused step says why and keeps what was entered."""
    deficiency = access.get_visible_deficiency_or_404(request.user, pk)
    form = _status_form(request, deficiency, request.POST if request.method == "POST" else None)
    access.require(form is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                deficiency=deficiency,
                to_status=data["to_status"],
                user=request.user,
                note=data["note"],
                decline_reason=data["decline_reason"],
                walk=data.get("walk"),
                on=data["on"],
                as_partner=not permissions.is_coordinator(request.user),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            deficiency.refresh_from_db()
            messages.success(request, _("The status is now: %(status)s.") % {"status": deficiency.get_status_display()})
            return redirect(deficiency.get_absolute_url())
    return render(request, "safety_walks/staff/status_form.html", {"form": form, "deficiency": deficiency})


@access.coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def photo_add(request, pk):
    deficiency = access.get_visible_deficiency_or_404(request.user, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_photo(
            deficiency=deficiency,
            image=form.cleaned_data["image"],
            description=form.cleaned_data["description"],
            is_public=form.cleaned_data["is_public"],
            user=request.user,
        )
        messages.success(request, _("The photo is added."))
        return redirect(deficiency.get_absolute_url())
    return render(
        request,
        "safety_walks/staff/photo_form.html",
        {"form": form, "forms": [form], "deficiency": deficiency, "photo_chosen": bool(request.FILES)},
    )


@require_POST
@access.coordinator_required
def photo_visibility(request, pk):
    """Show or hide one photo on the public pages (photos are hidden one by one, not all at once)."""
    photo = get_object_or_404(DeficiencyPhoto.objects.select_related("deficiency"), pk=pk)
    photo.is_public = request.POST.get("is_public") == "1"
    photo.save(update_fields=["is_public"])
    messages.success(
        request,
        _("The photo is now shown publicly.") if photo.is_public else _("The photo is now hidden from the public."),
    )
    return redirect(photo.deficiency.get_absolute_url() + "#photos")


@access.any_role_required
@require_safe
def staff_photo(request, pk, size):
    photo = get_object_or_404(
        DeficiencyPhoto.objects.filter(deficiency__in=access.visible_deficiencies(request.user)), pk=pk
    )
    return photo_response(photo, size, public=False)


@access.coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def checklist(request, pk):
    """The next walk opens with every earlier deficiency of the area not yet verified."""
    walk = _walk_or_404(pk)
    items = list(selectors.carried_over(walk))
    form = ChecklistForm(request.POST or None, items=items, initial_checks=selectors.checks_at(walk))
    if request.method == "POST" and form.is_valid():
        counts = services.record_checklist(walk=walk, results=form.results(), user=request.user)
        messages.success(
            request,
            _("Checklist saved: %(fixed)s fixed, %(partly)s partly fixed, %(not)s not fixed.")
            % {"fixed": counts["fixed"], "partly": counts["partly_fixed"], "not": counts["not_fixed"]},
        )
        return redirect(walk.get_absolute_url())
    return render(request, "safety_walks/staff/checklist.html", {"walk": walk, "form": form, "items": items})
