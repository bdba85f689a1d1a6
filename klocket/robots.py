"""/robots.txt: crawlers may read the public pages, not the staff area or the login pages.

The admin is not named: its path (DJANGO_ADMIN_PATH) is kept off the public site on purpose,
and it answers nothing to a crawler without a login anyway.

The ``Sitemap:`` line gives the absolute URL of /sitemap.xml (the request's scheme and host, so it
is right behind nginx with DJANGO_BEHIND_PROXY). The answer needs no database and no cache, and
crawlers may keep it for a day.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

MAX_AGE = 24 * 60 * 60


def robots_lines(sitemap_url: str) -> list[str]:
    return [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {reverse('staff-home')}",
        "Disallow: /konto/",
        # Monitors poll it; it writes to the database, cache and storage on every request.
        f"Disallow: {reverse('healthz')}",
        "",
        f"Sitemap: {sitemap_url}",
    ]


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def robots_txt(request):
    lines = robots_lines(request.build_absolute_uri(reverse("sitemap")))
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
