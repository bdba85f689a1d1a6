"""The calendar beyond the portal: the read-only JSON API and the embeddable calendar.

Its own app because it combines several domains (activities, places, partners, areas) for
readers outside the portal; no other app imports it. It reads through the same querysets and
filter parsing as the public calendar pages (``activities.selectors``), so "public" has one home.
"""
