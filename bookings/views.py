"""The resident's side of sign-up: the form, the confirmation and the personal link.

The event page (cached for everyone) shows places left and links here; the form itself has a
CSRF token, so it lives on its own page that is never cached. The personal link's page names
the resident: it is sent ``private, no-store`` and ``strict-origin`` (no path in Referer), and
its path is left out of the request log (klocket/logging.py).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from activities.selectors import public_occurrences
from bookings import links, services
from bookings.forms import PlacesForm, SignUpForm
from bookings.models import Booking
from klocket.cache import cache_public


def _private(response):
    """Never stored by a browser or proxy; links and forms from the page tell only the site's
    origin, never the personal link's path (``no-referrer`` would make browsers send
    ``Origin: null`` with the page's own forms, which Django's CSRF check refuses)."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _contact_limited(request, contact: str) -> bool:
    """At most KLOCKET_BOOKING_CONTACT_RATE sign-ups per phone number or e-mail (hashed in the cache)."""
    return is_ratelimited(
        request,
        group="bookings.sign-up-contact",
        key=lambda _group, _request: contact,
        rate=settings.KLOCKET_BOOKING_CONTACT_RATE,
        method="POST",
        increment=True,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request, pk):
    occurrence = get_object_or_404(
        public_occurrences().select_related("activity__registration", "venue", "activity__venue"), pk=pk
    )
    registration = services.registration_for(occurrence)
    if registration is None:
        raise Http404
    status, limited, error = 200, False, None
    if request.method == "POST":
        form = SignUpForm(request.POST, registration=registration)
        limited = is_ratelimited(
            request,
            group="bookings.sign-up",
            key="ip",
            rate=settings.KLOCKET_BOOKING_RATE,
            method="POST",
            increment=True,
        )
        if limited:
            status = 429
            form.is_valid()
        elif form.is_valid():
            if form.is_robot:
                return redirect(occurrence.get_absolute_url())
            if _contact_limited(request, form.contact):
                status, limited = 429, True
            else:
                data = form.cleaned_data
                try:
                    booking = services.book(
                        occurrence=occurrence,
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        places=data["places"],
                        language=data["language"],
                        answer=data.get("answer", ""),
                    )
                except services.AlreadyBooked as refused:
                    status, error = 409, str(refused)
                except services.BookingError as refused:
                    status, error = 400, str(refused)
                else:
                    return redirect(links.path_for(booking) + "?ny=1")
        else:
            status = 400
    else:
        form = SignUpForm(registration=registration)
    context = {
        "occurrence": occurrence,
        "activity": occurrence.activity,
        "registration": registration,
        "availability": services.availability(registration, occurrence),
        "form": form,
        "forms": [form],
        "limited": limited,
        "error": error,
    }
    return _private(render(request, "bookings/sign_up.html", context, status=status))


def _booking_or_none(token: str) -> Booking | None:
    key = links.key_from(token)
    if key is None:
        return None
    return (
        Booking.objects.named()
        .select_related("activity__registration", "activity__venue", "occurrence__venue")
        .filter(key=key)
        .first()
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """The personal link: see the booking, change the number of places, or cancel."""
    booking = _booking_or_none(token)
    if booking is None:
        response = render(request, "bookings/link_invalid.html", status=404)
        return _private(response)
    registration = booking.activity.registration
    status, error, notice = 200, None, None
    places_form = PlacesForm(registration=registration, initial={"places": booking.places})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.cancel(booking)
                notice = _("Your booking is cancelled. Thank you for telling us: your place goes to the next in line.")
            elif action == "places":
                places_form = PlacesForm(request.POST, registration=registration)
                if not places_form.is_valid():
                    raise services.BookingError(_("Choose a number of places."))
                services.change_places(booking, places_form.cleaned_data["places"])
                notice = _("The number of places is changed.")
            else:
                raise services.BookingError(_("Choose what to do."))
        except services.BookingError as refused:
            status, error = 400, str(refused)
        booking.refresh_from_db()
    occurrence = booking.occurrence or booking.activity.occurrences.order_by("start").first()
    context = {
        "booking": booking,
        "activity": booking.activity,
        "occurrence": occurrence,
        "registration": registration,
        "position": services.waiting_position(booking),
        "places_form": places_form,
        "is_new": request.GET.get("ny") == "1" and request.method != "POST",
        "error": error,
        "notice": notice,
        "can_change": booking.status != Booking.Status.CANCELLED and not (occurrence and occurrence.is_past),
    }
    return _private(render(request, "bookings/manage.html", context, status=status))


@require_safe
@cache_public("bookings_privacy")
def privacy(request):
    return render(request, "bookings/privacy.html", {"retention_days": settings.KLOCKET_BOOKING_RETENTION_DAYS})
