"""Calendar feeds: iCalendar, RSS/Atom and the sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from activities import feeds
from activities.sitemaps import SITEMAPS
from klocket.cache import cache_public

urlpatterns = [
    path("kalender.ics", feeds.calendar_ics, name="calendar-ics"),
    path("evenemang/<int:pk>.ics", feeds.occurrence_ics, name="occurrence-ics"),
    path("kalender/rss/", feeds.calendar_rss, name="calendar-rss"),
    path("kalender/atom/", feeds.calendar_atom, name="calendar-atom"),
    path(
        "sitemap.xml",
        require_safe(cache_public("sitemap", 3600, params=("p",))(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
