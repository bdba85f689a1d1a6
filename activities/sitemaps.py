"""The sitemap: public pages, active partners and venues, and coming public dates.

Drafts, internal meetings and non-public activities never appear: dates come from
selectors.public_occurrences, the same read the public calendar uses.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from activities import selectors
from activities.models import Organisation, Venue

MAX_OCCURRENCES = 5000


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "calendar",
            "organisation-list",
            "venue-list",
            "about-easy-read",
            "about-accessibility",
            "about-feedback",
            "about-privacy",
            "about-cookies",
        ]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Organisation.objects.active().only("pk", "slug").order_by("name")


class VenueSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Venue.objects.filter(is_active=True).only("pk", "slug").order_by("name", "pk")


class OccurrenceSitemap(Sitemap):
    """Coming public dates in start order, at most MAX_OCCURRENCES (the nearest first)."""

    changefreq = "daily"

    def items(self):
        return (
            selectors.public_occurrences()
            .upcoming()
            .select_related(None)
            .select_related("activity")
            .only("pk", "start", "activity__updated")[:MAX_OCCURRENCES]
        )

    def lastmod(self, item):
        return item.activity.updated


# Classes, not instances: the sitemap view makes a fresh one per request.
SITEMAPS = {
    "pages": StaticPagesSitemap,
    "organisations": OrganisationSitemap,
    "venues": VenueSitemap,
    "events": OccurrenceSitemap,
}
