from django.apps import AppConfig


class FamilyExportConfig(AppConfig):
    """A family's own data as a ZIP (RGPD): it reads every domain app, so it stands above
    them (docs/architecture.md)."""

    name = "preau.family_export"
    label = "family_export"
    verbose_name = "Export des données d'une famille"
