"""The domain codes of the periodic bilan, aligned on those of the LSU import of the first
degree (``<domain>-RAC`` for a domain, ``<domain>-<sub-domain>`` for a sub-domain).

Databases migrated before the change carry the first codes; a new database gets the
LSU codes from ``data/programme.json`` directly, and this migration finds nothing to
rename. Sources: docs/livret.md, "Export LSU et PDF".
"""

from django.db import migrations

RENAMES = {
    "FRA": "FRA-RAC", "FRA-ORA": "FRA-LGO", "FRA-LAN": "FRA-ETL",
    "MAT": "MAT-RAC", "MAT-NCA": "MAT-NBC", "MAT-GRM": "MAT-GDM", "MAT-ESG": "MAT-GEO",
    "LGV": "LGV-RAC", "LGV-REA": "LGV-DIA",
    "EPS": "EPS-RAC", "APL": "ART-PLA", "EMU": "ART-MUS",
    "QLM": "QLM-RAC", "SCT": "STC-RAC", "HGE": "HIG-RAC", "EMC": "EMC-RAC",
}


def _rename(apps, mapping: dict[str, str]) -> None:
    domain_model = apps.get_model("livret", "Domain")
    for old, new in mapping.items():
        for domain in domain_model.objects.filter(code=old):
            if not domain_model.objects.filter(cycle=domain.cycle, code=new).exists():
                domain.code = new
                domain.save(update_fields=["code"])


def forwards(apps, schema_editor):
    _rename(apps, RENAMES)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [("livret", "0003_evaluation_grid_version")]

    operations = [migrations.RunPython(forwards, backwards)]
