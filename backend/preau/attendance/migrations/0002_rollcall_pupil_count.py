"""RollCall.pupil_count: the pupils enrolled in the classroom on the call's date, stored with
the call so the authority aggregates sum a column instead of counting enrolments per call.

Existing calls are filled in by one UPDATE with a correlated count of the enrolments
active on the call's date (the same definition the aggregates used)."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def backfill_pupil_count(apps, schema_editor):
    RollCall = apps.get_model("attendance", "RollCall")
    Enrolment = apps.get_model("people", "Enrolment")
    enrolled = (Enrolment.objects.filter(classroom_id=OuterRef("classroom_id"),
                                         start_date__lte=OuterRef("date"))
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date")))
                .order_by().values("classroom_id").annotate(n=Count("pk")).values("n"))
    RollCall.objects.using(schema_editor.connection.alias).update(
        pupil_count=Coalesce(Subquery(enrolled), 0))


class Migration(migrations.Migration):

    dependencies = [
        ("attendance", "0001_initial"),
        ("people", "0002_enrolment_no_overlap_postgresql"),
    ]

    operations = [
        migrations.AddField(
            model_name="rollcall",
            name="pupil_count",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Élèves inscrits dans la classe ce jour-là, au moment de l'appel"),
            preserve_default=False,
        ),
        migrations.RunPython(backfill_pupil_count, migrations.RunPython.noop),
    ]
