"""Calendar feeds: iCalendar, RSS/Atom and the sitemap."""

urlpatterns = []
