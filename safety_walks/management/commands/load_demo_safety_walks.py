"""Demo safety walks of 2020 with deficiencies in several statuses. Running it again adds nothing."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image, ImageDraw

from activities.models import Area, Organisation
from safety_walks import demo, services
from safety_walks.models import Deficiency, ResidentReport, SafetyWalk, Status


def demo_photo(colour) -> SimpleUploadedFile:
    """A made-up photo (no camera, no metadata): a coloured field with a lamp post."""
    image = Image.new("RGB", (1200, 900), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((560, 200, 600, 850), fill=(30, 30, 30))
    draw.ellipse((520, 140, 640, 240), fill=(240, 220, 120))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Load the demo safety walks of 2020 (idempotent). Needs load_demo's places and partners."

    def handle(self, *args, **options):
        area = Area.objects.filter(slug=demo.AREA_SLUG).first()
        if area is None:
            raise CommandError("Run load_demo first: the area and partners are missing.")
        with transaction.atomic():
            created = self.load(area)
        self.stdout.write(self.style.SUCCESS(f"Demo safety walks loaded: {created} new rows."))

    def load(self, area) -> int:
        created = 0
        walks = {}
        for spec in demo.WALKS:
            day = dt.date.fromisoformat(spec["date"])
            walk, new = SafetyWalk.objects.get_or_create(
                area=area,
                date=day,
                defaults={"route": spec["route"], "summary": spec["summary"], **spec["counts"]},
            )
            walks[spec["date"]] = (walk, new, spec)
            if new:
                walk.organisations.set(Organisation.objects.filter(slug__in=spec["organisations"]))
                created += 1
        for date, category, place, offset, description, measure, party, priority, steps, colour in demo.DEFICIENCIES:
            walk, new, spec = walks[date]
            if not new:
                continue
            organisation = Organisation.objects.filter(slug=party).first() if party else None
            deficiency = services.add_deficiency(
                walk=walk,
                user=None,
                category=category,
                place=place,
                latitude=round(demo.CENTRE[0] + offset[0] / 10000, 6),
                longitude=round(demo.CENTRE[1] + offset[1] / 10000, 6),
                description=description,
                proposed_measure=measure,
                responsible_party=organisation,
                priority=priority,
                photo=demo_photo(colour) if colour else None,
                photo_description=f"{place}: {description}" if colour else "",
                photo_public=bool(colour),
            )
            created += 1
            if organisation is None:
                continue
            handed = dt.date.fromisoformat(spec["handed_over_on"])
            services.change_status(deficiency=deficiency, to_status=Status.HANDED_OVER, user=None, on=handed)
            for status, day, note in steps:
                services.change_status(
                    deficiency=deficiency,
                    to_status=status,
                    user=None,
                    on=dt.date.fromisoformat(day),
                    note="" if status == Status.DECLINED else note,
                    decline_reason=note if status == Status.DECLINED else "",
                )
        later, new, _spec = walks["2020-09-21"]
        if new:
            earlier = {item.place: item.pk for item in Deficiency.objects.filter(walk=walks["2020-09-11"][0])}
            services.record_checklist(
                walk=later,
                results=[(earlier[place], result, note) for place, result, note in demo.CHECKS_2020_09_21],
                user=None,
            )
        if not ResidentReport.objects.filter(reference=demo.REPORT["reference"]).exists():
            ResidentReport.objects.create(area=area, **demo.REPORT)
            created += 1
        return created
