"""Shared OpenAPI pieces: the error envelope every endpoint may answer with."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorDetail = inline_serializer(
    name="ErrorDetail",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)
ErrorOutput = inline_serializer(name="ErrorOutput", fields={"error": ErrorDetail})


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorOutput, description=description)


AUTH_ERRORS = {401: error("Non authentifié")}
READ_ERRORS = {**AUTH_ERRORS, 404: error("Introuvable, ou hors de votre périmètre")}
LIST_ERRORS = {**AUTH_ERRORS, 400: error("Filtre invalide")}


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Numéro de page (à partir de 1)"),
    OpenApiParameter("page_size", int, description="Éléments par page (200 au plus)"),
]


def paginated(serializer_class: type[serializers.Serializer]):
    """The paginated envelope around a list of ``serializer_class``."""
    name = serializer_class.__name__.removesuffix("Output")
    return inline_serializer(
        name=f"Paginated{name}List",
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


def download_responses(description: str = "Le fichier (Content-Disposition: attachment)"):
    """A stored file's 200: one entry per content type an upload may have (preau.common.files)."""
    from drf_spectacular.types import OpenApiTypes

    from preau.common.files import ALLOWED_KINDS

    return {(200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)
            for content_type in ALLOWED_KINDS}
