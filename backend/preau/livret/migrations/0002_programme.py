from django.db import migrations

from preau.livret.reference import load_programme


def forwards(apps, schema_editor):
    load_programme(apps.get_model("livret", "Domain"), apps.get_model("livret", "ProgrammeElement"))


class Migration(migrations.Migration):
    dependencies = [("livret", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
