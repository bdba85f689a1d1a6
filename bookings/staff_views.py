"""The door list of one date for staff, made for a phone: who is booked, waiting or cancelled,
check-in, walk-ins, moving someone from the waiting list; a print view and CSV/XLSX exports.

Staff see the bookings of their organisations' activities only (``editable_occurrences``);
any other date answers 404.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from activities.attendance_exports import Sheet, download, export_filename
from bookings import services
from bookings.models import Booking
from klocket import permissions

staff_only = permissions.role_required(permissions.is_coordinator, permissions.is_partner_staff)
MAX_WALK_IN_PLACES = 20


def _occurrence_or_404(request, pk):
    occurrence = get_object_or_404(
        permissions.editable_occurrences(request.user).select_related(
            "activity__registration", "activity__venue", "venue"
        ),
        pk=pk,
    )
    registration = services.registration_for(occurrence)
    if registration is None:
        raise Http404
    return occurrence, registration


def _bookings(occurrence, registration):
    """Every booking of the date (or the series), booked first, then the waiting list, then cancelled."""
    rows = list(
        Booking.objects.for_target(occurrence.activity_id, services.target_of(registration, occurrence)).named()
    )
    order = {Booking.Status.BOOKED: 0, Booking.Status.WAITING: 1, Booking.Status.CANCELLED: 2}
    rows.sort(key=lambda b: (order[b.status], b.created, b.pk))
    return rows


def checked_in_total(occurrence) -> int:
    """The people who came by the door list: prefills the head count of the date."""
    from django.db.models import Sum

    result = Booking.objects.filter(occurrence=occurrence, checked_in=True, status=Booking.Status.BOOKED).aggregate(
        total=Sum("places")
    )
    return result["total"] or 0


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def door_list(request, pk):
    occurrence, registration = _occurrence_or_404(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "checkin" and not registration.is_series:
            came = {int(value) for value in request.POST.getlist("came") if value.isdigit()}
            with transaction.atomic():
                booked = Booking.objects.filter(occurrence=occurrence, status=Booking.Status.BOOKED)
                booked.filter(pk__in=came).update(checked_in=True, updated=timezone.now())
                booked.exclude(pk__in=came).update(checked_in=False, updated=timezone.now())
            messages.success(request, _("Check-in saved: %(count)d came.") % {"count": checked_in_total(occurrence)})
        elif action == "walk_in" and not registration.is_series:
            try:
                places = int(request.POST.get("places", "1"))
            except ValueError:
                places = 0
            if not 1 <= places <= 6:
                messages.error(request, _("A walk-in is 1 to 6 people; add a larger group as several."))
            else:
                Booking.objects.create(
                    activity_id=occurrence.activity_id,
                    occurrence=occurrence,
                    status=Booking.Status.BOOKED,
                    places=places,
                    name=(request.POST.get("name") or "").strip()[:100] or _("Walk-in"),
                    language=request.LANGUAGE_CODE or "sv",
                    is_walk_in=True,
                    checked_in=True,
                )
                messages.success(request, _("Walk-in added."))
        elif action == "move":
            booking_id = request.POST.get("booking", "")
            booking = get_object_or_404(
                Booking.objects.for_target(occurrence.activity_id, services.target_of(registration, occurrence)),
                pk=int(booking_id) if booking_id.isdigit() else 0,
            )
            try:
                services.move_from_waiting_list(booking)
                messages.success(request, _("%(name)s is booked.") % {"name": booking.name})
            except services.BookingError as refused:
                messages.error(request, str(refused))
        else:
            messages.error(request, _("Choose what to do."))
        return redirect("booking-door-list", pk=occurrence.pk)
    rows = _bookings(occurrence, registration)
    return render(
        request,
        "bookings/staff/door_list.html",
        {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "registration": registration,
            "booked": [b for b in rows if b.status == Booking.Status.BOOKED],
            "waiting": [b for b in rows if b.status == Booking.Status.WAITING],
            "cancelled": [b for b in rows if b.status == Booking.Status.CANCELLED],
            "availability": services.availability(registration, occurrence),
            "came": sum(b.places for b in rows if b.checked_in and b.status == Booking.Status.BOOKED),
        },
    )


@staff_only
@require_safe
def door_list_print(request, pk):
    occurrence, registration = _occurrence_or_404(request, pk)
    rows = [b for b in _bookings(occurrence, registration) if b.status != Booking.Status.CANCELLED]
    return render(
        request,
        "bookings/staff/door_list_print.html",
        {"occurrence": occurrence, "activity": occurrence.activity, "registration": registration, "rows": rows},
    )


@staff_only
@require_safe
def door_list_export(request, pk, fmt):
    occurrence, registration = _occurrence_or_404(request, pk)
    header = [_("Name"), _("Status"), _("Places"), _("Came"), _("Mobile number"), _("E-mail"), _("Signed up")]
    if registration.question:
        header.append(registration.question)
    sheet = Sheet(
        title=_("Sign-up list"),
        header=header,
        preamble=[[occurrence.activity.title], [timezone.localtime(occurrence.start)]],
        widths={0: 28, 4: 16, 5: 28, 6: 18},
    )
    for booking in _bookings(occurrence, registration):
        row = [
            booking.name,
            booking.get_status_display(),
            booking.places,
            _("yes") if booking.checked_in else "",
            booking.phone,
            booking.email,
            booking.created,
        ]
        if registration.question:
            row.append(booking.answer)
        sheet.rows.append(row)
    filename = export_filename(
        _("sign-up"), occurrence.activity.slug, f"{timezone.localtime(occurrence.start):%Y-%m-%d}"
    )
    return download(sheet, filename=filename, fmt=fmt)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def registration_edit(request, pk):
    """Sign-up settings of one activity, and its coming dates with the places taken."""
    from django.db.models import Count, Q, Sum

    from bookings.forms import RegistrationForm
    from bookings.models import Registration

    activity = permissions.get_editable_activity_or_404(request.user, pk)
    registration = Registration.objects.filter(activity=activity).first()
    old_capacity = registration.capacity if registration else None
    if request.method == "POST":
        form = RegistrationForm(request.POST, instance=registration or Registration(activity=activity))
        if form.is_valid():
            capacity = form.cleaned_data["capacity"]
            with transaction.atomic():
                saved = form.save()
                if old_capacity is not None and capacity != old_capacity:
                    promoted = services.set_capacity(saved, capacity)
                    if promoted:
                        messages.info(request, _("%(count)d booked from the waiting list.") % {"count": len(promoted)})
            messages.success(request, _("The sign-up settings are saved."))
            return redirect("booking-registration", pk=activity.pk)
    else:
        form = RegistrationForm(instance=registration)
    dates = list(
        activity.occurrences.filter(end__gt=timezone.now())
        .order_by("start")
        .annotate(
            taken=Sum("bookings__places", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        )[:20]
    )
    return render(
        request,
        "bookings/staff/registration_form.html",
        {"activity": activity, "form": form, "forms": [form], "registration": registration, "dates": dates},
    )
