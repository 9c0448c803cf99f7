"""Load the ministry's school calendar the project carries (zones A, B, C from 2015-2016)."""

from django.db import migrations


def load(apps, schema_editor):
    from preau.schools.calendar_file import SHIPPED_CALENDAR, parse_ministry_csv

    holiday = apps.get_model("schools", "SchoolHoliday")
    periods = parse_ministry_csv(SHIPPED_CALENDAR.read_text(encoding="utf-8"))
    holiday.objects.bulk_create(
        [holiday(school_year=p.school_year, zone=p.zone, name=p.name, start_date=p.start_date,
                 end_date=p.end_date) for p in periods],
        ignore_conflicts=True)


def unload(apps, schema_editor):
    apps.get_model("schools", "SchoolHoliday").objects.filter(departement__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0003_school_holiday")]
    operations = [migrations.RunPython(load, unload)]
