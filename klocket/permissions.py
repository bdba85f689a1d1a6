"""One place that decides what a user may see or change.

Views ask these functions; objects outside a user's scope answer 404, never 403, so the
portal does not reveal what exists.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from klocket.roles import COORDINATOR, PARTNER_STAFF, STEERING_GROUP, TRANSLATOR


def _group_names(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_klocket_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._klocket_groups = cached
    return cached


def is_coordinator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or COORDINATOR in _group_names(user))


def is_steering_group(user) -> bool:
    return user.is_authenticated and (user.is_superuser or STEERING_GROUP in _group_names(user))


def is_partner_staff(user) -> bool:
    return user.is_authenticated and PARTNER_STAFF in _group_names(user)


def can_translate(user) -> bool:
    """Who may edit the interface translations in Rosetta: translators and superusers.

    ROSETTA_ACCESS_CONTROL_FUNCTION; translators need no other role (and get no staff pages).
    """
    return user.is_authenticated and (user.is_superuser or TRANSLATOR in _group_names(user))


def has_any_role(user) -> bool:
    return is_coordinator(user) or is_steering_group(user) or is_partner_staff(user)


def role_labels(user) -> list:
    from klocket.roles import ROLE_LABELS

    if user.is_authenticated and user.is_superuser:
        from django.utils.translation import gettext_lazy as _

        return [_("Administrator")]
    return [label for name, label in ROLE_LABELS.items() if name in _group_names(user)]


def editable_organisations(user):
    """Organisations whose data the user may change: all for coordinators, their own for partner staff."""
    from activities.models import Organisation

    if is_coordinator(user):
        return Organisation.objects.all()
    if is_partner_staff(user):
        return Organisation.objects.filter(memberships__user=user)
    return Organisation.objects.none()


def can_edit_organisation(user, organisation) -> bool:
    return editable_organisations(user).filter(pk=organisation.pk).exists()


def get_editable_organisation_or_404(user, slug):
    return get_object_or_404(editable_organisations(user), slug=slug)


def role_required(*checks):
    """Let a view run when the user passes any of the checks; anonymous users go to login.

    A logged-in user without the role gets 404, like any object outside their scope.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(check(request.user) for check in checks):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(is_coordinator, is_partner_staff, is_steering_group)


def editable_activities(user):
    """Activities the user may change: all for coordinators; partner staff those their
    organisations organise or co-organise."""
    from activities.models import Activity

    if is_coordinator(user):
        return Activity.objects.all()
    if is_partner_staff(user):
        mine = editable_organisations(user).values("pk")
        return Activity.objects.filter(
            Q(organiser__in=mine) | Q(pk__in=Activity.objects.filter(co_organisers__in=mine).values("pk"))
        )
    return Activity.objects.none()


def get_editable_activity_or_404(user, pk):
    return get_object_or_404(editable_activities(user), pk=pk)


def editable_occurrences(user):
    from activities.models import Occurrence

    if is_coordinator(user):
        return Occurrence.objects.all()
    return Occurrence.objects.filter(activity__in=editable_activities(user).values("pk"))
