from django.db import migrations

# BACK-OFFICE.md's types (balanse/activities/models.py DEFAULT_TYPES), so the register works from the start.
TYPES = [
    ("workshop", "Workshop"),
    ("foredrag", "Foredrag"),
    ("kurs", "Kurs"),
    ("debatt", "Debatt"),
    ("lukket møte", "Lukket møte"),
    ("åpent møte", "Åpent møte"),
    ("lansering", "Lansering"),
    ("Balanseprat", "Balanseprat"),
    ("seminar", "Seminar"),
    ("årsmøte", "Årsmøte"),
]


def add_types(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    for order, (name, label) in enumerate(TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"label": label, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
