"""The account's routes, one namespace (``accounts:``): those of ``preau.accounts`` and the
family data export's. The export is an app of its own, above the domain apps it reads
(docs/architecture.md); its route keeps its path and its name (``accounts:me-export``)."""

from preau.accounts.urls import app_name
from preau.accounts.urls import urlpatterns as account_patterns
from preau.family_export.urls import urlpatterns as export_patterns

urlpatterns = [*account_patterns, *export_patterns]

__all__ = ["app_name", "urlpatterns"]
