"""Public pages of partners and venues, and the staff page to edit an organisation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from activities import selectors
from activities.forms import OrganisationForm
from activities.models import Activity, Organisation, Venue
from klocket import permissions
from klocket.cache import cache_public
from klocket.files import STORED_NAME, file_response


@require_safe
@cache_public("organisation_list")
def organisation_list(request):
    organisations = Organisation.objects.active()
    return render(request, "activities/organisation_list.html", {"organisations": organisations})


@require_safe
@cache_public("organisation_detail")
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    return render(
        request,
        "activities/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
            "upcoming": selectors.upcoming_for_organisation(organisation),
        },
    )


@require_safe
@cache_public("venue_list")
def venue_list(request):
    venues = Venue.objects.filter(is_active=True).select_related("area")
    return render(request, "activities/venue_list.html", {"venues": venues})


@require_safe
@cache_public("venue_detail")
def venue_detail(request, slug):
    venue = get_object_or_404(Venue.objects.filter(is_active=True).select_related("area"), slug=slug)
    return render(
        request,
        "activities/venue_detail.html",
        {"venue": venue, "upcoming": selectors.upcoming_at_venue(venue)},
    )


@permissions.role_required(permissions.is_coordinator, permissions.is_partner_staff)
def organisation_edit(request, slug):
    organisation = permissions.get_editable_organisation_or_404(request.user, slug)
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            form.save()
            messages.success(request, _("The organisation was saved."))
            return redirect("organisation-detail", slug=organisation.slug)
    else:
        form = OrganisationForm(instance=organisation)
    return render(request, "activities/organisation_edit.html", {"organisation": organisation, "form": form})


@require_safe
def activity_image(request, name):
    """An activity's image, for whoever may see the activity: anyone when its pages are public
    (``Activity.objects.public()``), otherwise staff who may edit it. A replaced image's name
    belongs to no activity any more: 404 (and its file is gone, klocket/files.py)."""
    if not STORED_NAME.fullmatch(name):
        raise Http404  # no stored file has such a name (and a NUL byte never reaches PostgreSQL)
    stored = f"activities/{name}"
    activity = Activity.objects.public().filter(image=stored).first()
    public = activity is not None
    if activity is None and request.user.is_authenticated:
        activity = permissions.editable_activities(request.user).filter(image=stored).first()
    if activity is None:
        raise Http404
    return file_response(activity.image, public=public)
