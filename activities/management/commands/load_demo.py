"""Load KLOCKET's demo data. Running it again creates nothing new and changes nothing."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from activities import demo, demo_calendar, demo_languages, services
from activities.demo_attendance import load_demo_attendance
from activities.models import (
    Activity,
    ActivityForm,
    Area,
    Audience,
    Language,
    Membership,
    Occurrence,
    Organisation,
    ProgrammeItem,
    Recurrence,
    Venue,
)


class Command(BaseCommand):
    help = "Load the houses, places and partners of KLOCKET (idempotent). --with-users adds demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create one demo login per role (only with DJANGO_DEBUG=1, never in production).",
        )

    def handle(self, *args, with_users=False, **options):
        if with_users and not settings.DEBUG:
            raise CommandError("Demo logins have a published password: --with-users only runs with DJANGO_DEBUG=1.")
        with transaction.atomic():
            created = self.load_places_and_partners()
            created += self.load_calendar()
            created += load_demo_attendance()
            if with_users:
                created += self.load_users()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} new rows."))
        call_command("load_demo_safety_walks", stdout=self.stdout)
        call_command("load_demo_goals", stdout=self.stdout)  # after the safety walks: goal #3 reads them
        if with_users:
            self.print_logins()

    def load_places_and_partners(self) -> int:
        created = 0
        area, new = Area.objects.get_or_create(slug=demo.AREA["slug"], defaults=demo.AREA)
        created += new
        for venue in demo.VENUES:
            _obj, new = Venue.objects.get_or_create(slug=venue["slug"], defaults={**venue, "area": area})
            created += new
        for slug, name, kind, description, website in demo.ORGANISATIONS:
            _obj, new = Organisation.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "kind": kind, "description": description, "website": website},
            )
            created += new
        return created

    def load_calendar(self) -> int:
        """Weekly series from the demo's history start to a few months ahead, pausing in holidays,
        and the 2020 diary as past dates (see activities/demo_calendar.py)."""
        created = 0
        today = timezone.localdate()
        last = today + dt.timedelta(weeks=16)
        for title, form, organiser, co, venue, audiences, languages, summary, schedule in demo_calendar.SERIES:
            activity, new = self._activity(title, form, organiser, co, venue, audiences, summary, languages=languages)
            if not new:
                continue
            created += 1
            first = demo_calendar.series_start(title, today)
            paused = demo_calendar.paused_days(
                demo_calendar.SERIES_PAUSES.get(title, "open"), range(first.year, last.year + 1)
            )
            # The schedule names the coming pauses; the past ones are simply not held.
            holidays = sorted(day for day in paused if today <= day <= last)
            kind, days, step, start, end = schedule
            recurrence = Recurrence.objects.create(
                activity=activity,
                frequency=Recurrence.Frequency.WEEKLY if kind == "weekly" else Recurrence.Frequency.MONTHLY_NTH,
                weekdays=days,
                interval=step if kind == "weekly" else 1,
                nth=step if kind == "monthly" else None,
                start_date=first,
                end_date=last,
                start_time=dt.time.fromisoformat(start),
                end_time=dt.time.fromisoformat(end),
                skip_dates="\n".join(day.isoformat() for day in holidays),
            )
            # Demo series start in the past, so generate every date, not only future ones.
            since = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=1), dt.time()))
            created += services.regenerate_occurrences(recurrence=recurrence, now=since).created
            past_pauses = [day for day in paused if day < today]
            created -= self._drop_dates_on(activity, past_pauses)
            if title == "Läxhjälp":
                coming = activity.occurrences.filter(start__gt=timezone.now()).order_by("start")[2:3]
                for occurrence in coming:
                    services.cancel_occurrence(occurrence=occurrence, reason="Personalen är på utbildning.")
        for (
            day,
            start,
            end,
            title,
            form,
            organiser,
            co,
            venue,
            public,
            audiences,
            summary,
            programme,
        ) in demo_calendar.DIARY:
            activity, new = self._activity(title, form, organiser, co, venue, audiences, summary, public=public)
            if not new:
                continue
            occurrence = self._dated(activity, day, start, end)
            ProgrammeItem.objects.bulk_create(
                ProgrammeItem(
                    occurrence=occurrence,
                    start=dt.time.fromisoformat(item_start),
                    end=dt.time.fromisoformat(item_end),
                    title=item_title,
                    speaker=speaker,
                )
                for item_start, item_end, item_title, speaker in programme
            )
            created += 2 + len(programme)
        title, organiser, co, venue, summary, sessions = demo_calendar.LITA
        activity, new = self._activity(title, "studiecirkel", organiser, co, venue, ["adults"], summary)
        if new:
            for day, start, end in sessions:
                self._dated(activity, day, start, end)
            created += 1 + len(sessions)
        return created

    @staticmethod
    def _drop_dates_on(activity, days) -> int:
        """Remove the generated past dates that fall on the given days (the series paused then)."""
        wanted = set(days)
        doomed = [
            pk
            for pk, start in activity.occurrences.filter(start__lt=timezone.now()).values_list("pk", "start")
            if timezone.localdate(start) in wanted
        ]
        Occurrence.objects.filter(pk__in=doomed).delete()
        return len(doomed)

    def _activity(self, title, form, organiser, co, venue, audiences, summary, *, languages=("sv",), public=True):
        organiser = Organisation.objects.get(slug=organiser)
        activity, new = Activity.objects.get_or_create(
            title=title,
            organiser=organiser,
            defaults={
                "form": form,
                "venue": Venue.objects.get(slug=venue),
                "summary": summary,
                "is_public": public and form != ActivityForm.INTERNAL_MEETING,
                "status": Activity.Status.PUBLISHED,
                "how_to_join": "Kom som du är, ingen anmälan behövs." if public else "",
                # A few are described in the residents' languages too (activities/demo_languages.py).
                "i18n": demo_languages.i18n_for(title),
            },
        )
        if new:
            activity.co_organisers.set(Organisation.objects.filter(slug__in=co))
            activity.audiences.set(Audience.objects.filter(code__in=audiences))
            activity.languages.set(Language.objects.filter(code__in=languages))
        return activity, new

    def _dated(self, activity, day, start, end):
        zone = timezone.get_default_timezone()
        date = dt.date.fromisoformat(day)
        return Occurrence.objects.create(
            activity=activity,
            start=timezone.make_aware(dt.datetime.combine(date, dt.time.fromisoformat(start)), zone),
            end=timezone.make_aware(dt.datetime.combine(date, dt.time.fromisoformat(end)), zone),
        )

    def load_users(self) -> int:
        User = get_user_model()
        created = 0
        for spec in demo.DEMO_USERS:
            user, new = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "first_name": spec["first_name"],
                    "email": f"{spec['username']}@example.org",
                    "is_staff": spec["is_staff"],
                    "is_superuser": spec.get("is_superuser", False),
                },
            )
            if new:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            if spec["role"]:
                user.groups.add(Group.objects.get(name=spec["role"]))
            for slug in spec["organisations"]:
                _m, new = Membership.objects.get_or_create(user=user, organisation=Organisation.objects.get(slug=slug))
                created += new
        return created

    def print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for spec in demo.DEMO_USERS:
            role = spec["role"] or "superuser"
            orgs = ", ".join(spec["organisations"])
            self.stdout.write(f"  {spec['username']:<16} {role}{' (' + orgs + ')' if orgs else ''}")
