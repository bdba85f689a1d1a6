from django import template

register = template.Library()


@register.inclusion_tag("bookings/staff/_checked_in_hint.html")
def checked_in_hint(occurrence):
    """On the tally page: how many came by the door list, the total the counters should reach (one query)."""
    from bookings.staff_views import checked_in_total

    return {"came": checked_in_total(occurrence), "occurrence": occurrence}
