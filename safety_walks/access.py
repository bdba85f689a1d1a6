"""Who may see and change what in safety walks, built only on ``klocket.permissions``.

- Coordinators (and superusers) run walks, moderate reports and change everything.
- The steering group reads every staff page.
- Partner staff see, and move along the workflow, the deficiencies handed over to their
  organisations; everything else answers 404.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from klocket import permissions
from safety_walks.models import PARTNER_TRANSITIONS, TRANSITIONS, Deficiency, Status

coordinator_required = permissions.role_required(permissions.is_coordinator)
reader_required = permissions.role_required(permissions.is_coordinator, permissions.is_steering_group)
any_role_required = permissions.staff_required


def reads_everything(user) -> bool:
    return permissions.is_coordinator(user) or permissions.is_steering_group(user)


def party_organisations(user):
    """Organisations whose hand-over lists and follow-up the user may open."""
    from activities.models import Organisation

    if reads_everything(user):
        return Organisation.objects.all()
    if permissions.is_partner_staff(user):
        return Organisation.objects.filter(memberships__user=user)
    return Organisation.objects.none()


def get_party_or_404(user, slug):
    return get_object_or_404(party_organisations(user), slug=slug)


def visible_deficiencies(user):
    """Deficiencies the user may open on the staff pages."""
    if reads_everything(user):
        return Deficiency.objects.all()
    if permissions.is_partner_staff(user):
        return Deficiency.objects.filter(
            Q(responsible_party__in=party_organisations(user).values("pk")) & ~Q(status=Status.OBSERVED)
        ).exclude(handed_over_on__isnull=True)
    return Deficiency.objects.none()


def get_visible_deficiency_or_404(user, pk):
    return get_object_or_404(visible_deficiencies(user).select_related("walk", "area", "responsible_party"), pk=pk)


def allowed_transitions(user, deficiency) -> list[str]:
    """The statuses this user may move the deficiency to by hand, in workflow order."""
    if permissions.is_coordinator(user):
        targets = TRANSITIONS.get(deficiency.status, set())
    elif permissions.is_partner_staff(user) and deficiency.responsible_party_id in set(
        party_organisations(user).values_list("pk", flat=True)
    ):
        targets = PARTNER_TRANSITIONS.get(deficiency.status, set())
    else:
        targets = set()
    return [value for value in Status.values if value in targets]


def may_change_status(user, deficiency) -> bool:
    return bool(allowed_transitions(user, deficiency))


def require(condition: bool):
    if not condition:
        raise Http404
