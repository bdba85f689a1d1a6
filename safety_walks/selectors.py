"""Reads of safety walks: lists for the pages, the next walk's checklist, hand-over and
follow-up lists, and the figures for goal #3 that the goals app calls.

Every list selects its related rows up front, so a page's query count does not grow with the data.
"""

import datetime as dt
import statistics

from django.conf import settings
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from safety_walks.models import Category, Deficiency, DeficiencyPhoto, Priority, SafetyWalk, Status, StatusChange

DEFAULT_OVERDUE_DAYS = 182
PRIORITY_ORDER = Case(
    When(priority=Priority.HIGH, then=Value(0)),
    When(priority=Priority.MEDIUM, then=Value(1)),
    default=Value(2),
)


def overdue_days() -> int:
    return int(getattr(settings, "KLOCKET_DEFICIENCY_OVERDUE_DAYS", DEFAULT_OVERDUE_DAYS))


# Public pages -------------------------------------------------------------------------------


def public_photos():
    return DeficiencyPhoto.objects.filter(is_public=True)


def public_walks():
    """Public walks that have taken place, newest first, with found and fixed counts."""
    public = Q(deficiencies__is_public=True)
    return (
        SafetyWalk.objects.filter(is_public=True, date__lte=timezone.localdate())
        .select_related("area")
        .annotate(
            found=Count("deficiencies", filter=public),
            fixed=Count("deficiencies", filter=public & Q(deficiencies__status__in=Status.done())),
        )
        .order_by("-date", "-pk")
    )


def public_deficiencies():
    return (
        Deficiency.objects.public()
        .select_related("walk", "area", "responsible_party")
        .prefetch_related(Prefetch("photos", queryset=public_photos(), to_attr="public_photos"))
    )


def category_summary(deficiencies) -> list[dict]:
    """Found and fixed per category, in the categories' order, for a walk's public page."""
    rows = {
        row["category"]: row
        for row in deficiencies.order_by()
        .values("category")
        .annotate(found=Count("pk"), fixed=Count("pk", filter=Q(status__in=Status.done())))
    }
    return [
        {"category": label, "found": rows[value]["found"], "fixed": rows[value]["fixed"]}
        for value, label in Category.choices
        if value in rows
    ]


def public_history(deficiency) -> list[dict]:
    """A deficiency's status history as residents see it, one query.

    Consecutive entries that would read the same (same status, same check result at a walk) are
    shown once, with the dates of the first and the last of them.
    """
    steps = StatusChange.objects.filter(deficiency=deficiency).only(
        "from_status", "to_status", "changed_on", "check_result", "walk_id"
    )
    lines = []
    for step in steps:
        if lines and (lines[-1]["status"], lines[-1]["check_result"]) == (step.to_status, step.check_result):
            lines[-1]["until"] = step.changed_on
            continue
        lines.append(
            {
                "status": step.to_status,
                "status_label": step.get_to_status_display(),
                "check_result": step.check_result,
                "check_label": step.get_check_result_display() if step.check_result else "",
                "on": step.changed_on,
                "until": None,
            }
        )
    return lines


def map_points(deficiencies) -> list[dict]:
    """What the public map needs: no notes, no people, only place, category and status."""
    return [
        {
            "lat": float(item.latitude),
            "lng": float(item.longitude),
            "place": item.place,
            "category": item.get_category_display(),
            "status": item.get_status_display(),
            "fixed": item.is_fixed,
            "url": item.get_public_url(),
        }
        for item in deficiencies
        if item.has_coordinates
    ]


# Staff pages ---------------------------------------------------------------------------------


def staff_walks():
    return (
        SafetyWalk.objects.select_related("area")
        .annotate(
            found=Count("deficiencies", distinct=True),
            open_count=Count("deficiencies", filter=Q(deficiencies__status__in=Status.open()), distinct=True),
        )
        .order_by("-date", "-pk")
    )


def walk_deficiencies(walk):
    return (
        walk.deficiencies.select_related("responsible_party")
        .prefetch_related("photos")
        .order_by("responsible_party__name", "category", "pk")
    )


def carried_over(walk):
    """Every earlier deficiency of the walk's area that no walk has verified yet, oldest first.

    Deficiencies closed as not fixed (declined) are not carried over: they are closed.
    """
    return (
        Deficiency.objects.filter(area_id=walk.area_id, found_on__lt=walk.date)
        .exclude(status__in=[Status.VERIFIED, Status.DECLINED])
        .select_related("walk", "responsible_party")
        .order_by("found_on", "pk")
    )


def checks_at(walk):
    """The checklist results recorded at this walk, latest per deficiency."""
    latest = {}
    for change in StatusChange.objects.filter(walk=walk).exclude(check_result="").order_by("changed_at", "pk"):
        latest[change.deficiency_id] = change
    return latest


def checked_at_walk(walk):
    """Deficiencies checked at this walk (verified ones included), with what was seen."""
    checks = checks_at(walk)
    items = list(
        Deficiency.objects.filter(pk__in=checks).select_related("responsible_party").order_by("found_on", "pk")
    )
    for item in items:
        item.check = checks[item.pk]
    return items


def handover_items(walk, organisation):
    """A walk's deficiencies for one responsible party: what goes on the hand-over list.

    Only the deficiency's own fields: residents' contact details never reach a hand-over.
    """
    return (
        walk.deficiencies.filter(responsible_party=organisation)
        .select_related("area")
        .prefetch_related("photos")
        .order_by(PRIORITY_ORDER, "category", "pk")
    )


def handover_parties(walk):
    """Responsible parties of a walk's deficiencies, with their counts."""
    from activities.models import Organisation

    return (
        Organisation.objects.filter(safety_deficiencies__walk=walk)
        .annotate(
            items=Count("safety_deficiencies", filter=Q(safety_deficiencies__walk=walk)),
            waiting=Count(
                "safety_deficiencies",
                filter=Q(safety_deficiencies__walk=walk, safety_deficiencies__status=Status.OBSERVED),
            ),
        )
        .order_by("name")
    )


def with_days_open(items, *, today=None):
    """Days open counted from the hand-over (or when found) to the fix or today; overdue past the limit."""
    today = today or timezone.localdate()
    limit = overdue_days()
    for item in items:
        start = item.handed_over_on or item.found_on
        end = item.fixed_on or today
        item.days_open = max((end - start).days, 0)
        item.is_overdue = item.status in Status.with_party() and item.days_open > limit
    return items


def followup_items(organisation, *, today=None) -> dict[str, list]:
    """One party's deficiencies: open (with days open, overdue flagged) and fixed awaiting a walk."""
    rows = list(
        Deficiency.objects.filter(responsible_party=organisation)
        .filter(status__in=[*Status.with_party(), Status.FIXED])
        .select_related("walk", "area")
        .order_by("handed_over_on", "found_on", "pk")
    )
    with_days_open(rows, today=today)
    return {
        "open": [row for row in rows if row.status != Status.FIXED],
        "fixed": [row for row in rows if row.status == Status.FIXED],
    }


def followup_overview(organisations, *, today=None):
    """Per party: open items, overdue ones and fixed ones waiting for a walk."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=overdue_days())
    mine = Q(safety_deficiencies__status__in=Status.with_party())
    parties = Deficiency.objects.filter(handed_over_on__isnull=False).values("responsible_party")
    return (
        organisations.filter(pk__in=parties)
        .annotate(
            open_count=Count("safety_deficiencies", filter=mine),
            overdue_count=Count("safety_deficiencies", filter=mine & Q(safety_deficiencies__handed_over_on__lt=cutoff)),
            fixed_count=Count("safety_deficiencies", filter=Q(safety_deficiencies__status=Status.FIXED)),
        )
        .order_by("name")
    )


# Figures for goal #3 --------------------------------------------------------------------------


def figures_per_walk(*, area=None) -> list[dict]:
    """Per walk, oldest first: deficiencies found, handed over (to date) and fixed (to date)."""
    walks = SafetyWalk.objects.all()
    if area is not None:
        walks = walks.filter(area=area)
    rows = walks.annotate(
        found=Count("deficiencies"),
        handed_over=Count("deficiencies", filter=Q(deficiencies__handed_over_on__isnull=False)),
        fixed=Count("deficiencies", filter=Q(deficiencies__status__in=Status.done())),
    ).order_by("date", "pk")
    return [
        {"walk": walk, "date": walk.date, "found": walk.found, "handed_over": walk.handed_over, "fixed": walk.fixed}
        for walk in rows
    ]


def _per_quarter(queryset, field):
    return {
        (row["year"], row["quarter"]): row["n"]
        for row in queryset.filter(**{f"{field}__isnull": False})
        .annotate(year=ExtractYear(field), quarter=ExtractQuarter(field))
        .order_by()
        .values("year", "quarter")
        .annotate(n=Count("pk"))
    }


def figures_per_quarter(*, area=None, start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Per calendar quarter: deficiencies found, handed over and fixed in that quarter.

    Found counts walks and moderated residents' reports alike; each figure is dated by its own
    event (found_on, handed_over_on, fixed_on). Quarters without any event are left out.
    """
    deficiencies = Deficiency.objects.all()
    if area is not None:
        deficiencies = deficiencies.filter(area=area)
    found = _per_quarter(_within(deficiencies, "found_on", start, end), "found_on")
    handed = _per_quarter(_within(deficiencies, "handed_over_on", start, end), "handed_over_on")
    fixed = _per_quarter(_within(deficiencies, "fixed_on", start, end), "fixed_on")
    return [
        {
            "year": year,
            "quarter": quarter,
            "found": found.get((year, quarter), 0),
            "handed_over": handed.get((year, quarter), 0),
            "fixed": fixed.get((year, quarter), 0),
        }
        for year, quarter in sorted(set(found) | set(handed) | set(fixed))
    ]


def _within(queryset, field, start, end):
    if start is not None:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end is not None:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def median_days_to_fix(*, area=None, start: dt.date | None = None, end: dt.date | None = None) -> float | None:
    """Median days from found to fixed of deficiencies fixed between start and end; None if none."""
    deficiencies = Deficiency.objects.filter(status__in=Status.done(), fixed_on__isnull=False)
    if area is not None:
        deficiencies = deficiencies.filter(area=area)
    pairs = _within(deficiencies, "fixed_on", start, end).values_list("found_on", "fixed_on")
    days = [(fixed - found).days for found, fixed in pairs]
    return float(statistics.median(days)) if days else None
