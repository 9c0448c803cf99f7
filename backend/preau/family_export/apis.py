from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from preau.common.schema import AUTH_ERRORS
from preau.family_export.exports import family_export_zip


class MeExportApi(APIView):
    """The viewer's own data, and their children's, as a ZIP of JSON and CSV files (RGPD
    right of access and portability)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY),
                              **AUTH_ERRORS}, tags=["accounts"])
    def get(self, request):
        response = HttpResponse(family_export_zip(viewer=request.user),
                                content_type="application/zip")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="preau-mes-donnees-{stamp}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
