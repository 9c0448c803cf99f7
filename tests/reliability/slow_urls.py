"""The application's URLs plus ``/api/v1/test/slow/``: a query that sleeps for 3 s."""

from django.db import connection
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as application_urls

handler400 = "preau.common.views.handler400"
handler403 = "preau.common.views.handler403"
handler404 = "preau.common.views.handler404"
handler500 = "preau.common.views.handler500"


class SlowQueryApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")
        return Response({"status": "slow"})


urlpatterns = [path("api/v1/test/slow/", SlowQueryApi.as_view()), *application_urls]
