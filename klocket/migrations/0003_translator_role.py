from django.db import migrations

TRANSLATOR = "Översättare"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=TRANSLATOR)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=TRANSLATOR).delete()


class Migration(migrations.Migration):
    dependencies = [("klocket", "0002_reminders_sent")]

    operations = [migrations.RunPython(create_role, remove_role)]
