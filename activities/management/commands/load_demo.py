"""Load KLOCKET's demo data. Running it again creates nothing new and changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from activities import demo
from activities.models import Area, Membership, Organisation, Venue


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
            raise CommandError(
                "Demo logins have a published password: --with-users only runs with DJANGO_DEBUG=1."
            )
        with transaction.atomic():
            created = self.load_places_and_partners()
            if with_users:
                created += self.load_users()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} new rows."))
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
                _m, new = Membership.objects.get_or_create(
                    user=user, organisation=Organisation.objects.get(slug=slug)
                )
                created += new
        return created

    def print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for spec in demo.DEMO_USERS:
            role = spec["role"] or "superuser"
            orgs = ", ".join(spec["organisations"])
            self.stdout.write(f"  {spec['username']:<16} {role}{' (' + orgs + ')' if orgs else ''}")
