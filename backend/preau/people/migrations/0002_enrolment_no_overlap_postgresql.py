"""On PostgreSQL, the database itself refuses two overlapping enrolments of one pupil.

SQLite (the embedded demo) keeps the partial unique constraint on the open enrolment,
and the service refuses overlaps under a row lock.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE people_enrolment ADD CONSTRAINT enrolment_periods_do_not_overlap
    EXCLUDE USING gist (pupil_id WITH =, daterange(start_date, end_date, '[]') WITH &&);
"""
DROP = "ALTER TABLE people_enrolment DROP CONSTRAINT IF EXISTS enrolment_periods_do_not_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
