from django.db import migrations

AUDIENCES = ["children", "youth", "parents", "adults", "seniors", "everyone"]
# Languages spoken in Klockaretorpet, each named in the language itself.
LANGUAGES = [
    ("sv", "Svenska"),
    ("en", "English"),
    ("ar", "العربية"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("fa", "فارسی / دری"),
    ("ku", "Kurdî"),
    ("bs", "Bosanski"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
]


def create(apps, schema_editor):
    Audience = apps.get_model("activities", "Audience")
    Language = apps.get_model("activities", "Language")
    for position, code in enumerate(AUDIENCES):
        Audience.objects.get_or_create(code=code, defaults={"position": position})
    for position, (code, name) in enumerate(LANGUAGES):
        Language.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def remove(apps, schema_editor):
    apps.get_model("activities", "Audience").objects.filter(code__in=AUDIENCES).delete()
    apps.get_model("activities", "Language").objects.filter(code__in=[c for c, _n in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_events")]

    operations = [migrations.RunPython(create, remove)]
