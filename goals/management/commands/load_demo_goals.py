"""Demo survey waves, measurements, baselines and targets of the goals (see goals/demo.py)."""

from django.core.management.base import BaseCommand

from goals.demo import load_demo_goals


class Command(BaseCommand):
    help = "Load the goals' demo data: survey waves, measurements, baselines and targets (idempotent)."

    def handle(self, *args, **options):
        created = load_demo_goals()
        self.stdout.write(self.style.SUCCESS(f"Demo goals loaded: {created} new rows."))
