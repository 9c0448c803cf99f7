from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer

from preau.audit import selectors
from preau.audit.serializers import (
    AuditEventDirectorOutput,
    AuditEventFilter,
    AuditEventOutput,
)
from preau.common.apis import ListApi
from preau.common.csv import CsvRenderer, csv_response
from preau.common.pagination import PagePagination
from preau.common.schema import AUTH_ERRORS, PAGE_PARAMETERS, error, paginated

# A CSV export is one download, not a way round the pagination of a ten-year log.
CSV_MAX_ROWS = 10_000


class AuditEventListApi(ListApi):
    """The audit log: a director sees their schools' events, an operator every event."""

    filter_serializer = AuditEventFilter
    renderer_classes = [JSONRenderer, CsvRenderer]

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        parameters=[AuditEventFilter, OpenApiParameter(
            "format", str, enum=["json", "csv"],
            description=f"csv : les événements filtrés en CSV ({CSV_MAX_ROWS} au plus)"),
            *PAGE_PARAMETERS],
        responses={(200, "application/json"): paginated(AuditEventOutput),
                   (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR,
                                                      description="Le journal en CSV"),
                   **AUTH_ERRORS, 400: error("Filtre invalide (nommé dans fields)")},
        tags=["audit"],
    )
    def get(self, request):
        events = selectors.audit_event_list(viewer=request.user, filters=self.filters())
        details = selectors.audit_shows_connection_details(viewer=request.user)
        output = AuditEventOutput if details else AuditEventDirectorOutput
        if getattr(request.accepted_renderer, "format", "json") == "csv":
            data = output(events[:CSV_MAX_ROWS], many=True).data
            connection = ["IP", "Navigateur"] if details else []
            return csv_response(
                filename="journal-audit",
                header=["Date", "Événement", "Compte", "Nom", "Méthode", "Adresse (motif)",
                        "Objet", "Connexion par", *connection, "Écoles"],
                rows=([e["created_at"], e["kind"], e["username"], e["actor_name"], e["method"],
                       e["path"], e["object_ref"], e["sign_in_method"],
                       *([e["ip_address"], e["user_agent"]] if details else []),
                       ", ".join(s["name"] for s in e["schools"])] for e in data))
        paginator = PagePagination()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(output(page, many=True).data)
