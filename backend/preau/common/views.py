"""Health check, the web app's entry page, and JSON error pages for the API."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.exceptions import json_error_response, too_large_body, too_large_message


class HealthApi(APIView):
    """Liveness: the app answers and its database too."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses={200: inline_serializer("HealthOutput", {"status": serializers.CharField()})},
        tags=["health"],
        auth=[],
    )
    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"status": "ok"})


def spa_index(request, *args, **kwargs):
    """Serve the built web app; React Router handles the path in the browser."""
    for candidate in (settings.FRONTEND_DIST / "index.html", settings.STATIC_ROOT / "index.html"):
        if candidate.is_file():
            response = HttpResponse(candidate.read_bytes(), content_type="text/html; charset=utf-8")
            response["Cache-Control"] = "no-cache"
            return response
    return HttpResponse(
        "L'application web n'est pas construite : lancez « make demo » ou "
        "« npm --prefix frontend run build ».",
        status=503,
        content_type="text/plain; charset=utf-8",
    )


def service_worker(request):
    """The web app's service worker (docs/pwa.md), served from the root so that it controls
    every page of the app (a worker's scope is its own folder and below; the built files are
    under /static/). Revalidated at each check for an update."""
    for candidate in (settings.FRONTEND_DIST / "sw.js", settings.STATIC_ROOT / "sw.js"):
        if candidate.is_file():
            response = HttpResponse(candidate.read_bytes(),
                                    content_type="text/javascript; charset=utf-8")
            response["Cache-Control"] = "no-cache"
            return response
    return HttpResponse("Pas de service worker : l'application web n'est pas construite.",
                        status=404, content_type="text/plain; charset=utf-8")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def handler404(request, exception=None):
    if _is_api(request):
        return json_error_response(404, "not_found")
    return spa_index(request)


def handler500(request):
    if _is_api(request):
        return json_error_response(500, "server_error")
    return HttpResponse("Erreur interne du serveur.", status=500,
                        content_type="text/plain; charset=utf-8")


def handler403(request, exception=None):
    if _is_api(request):
        return json_error_response(403, "permission_denied")
    return HttpResponse("Accès refusé.", status=403, content_type="text/plain; charset=utf-8")


def handler400(request, exception=None):
    if isinstance(exception, RequestDataTooBig):  # read by a middleware (CSRF) before the view
        if _is_api(request):
            return JsonResponse(too_large_body(), status=413)
        return HttpResponse(too_large_message(), status=413,
                            content_type="text/plain; charset=utf-8")
    if _is_api(request):
        return json_error_response(400, "bad_request")
    return HttpResponse("Requête invalide.", status=400, content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    return JsonResponse(
        {"error": {"code": "csrf_failed", "message": "Jeton CSRF absent ou invalide.",
                   "fields": {}}},
        status=403,
    )
