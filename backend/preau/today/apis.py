from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.schema import AUTH_ERRORS
from preau.today.selectors import today_of
from preau.today.serializers import TodayOutput


class TodayApi(APIView):
    """The home page of the signed-in user: the sections of each role they hold today
    (guardian, pupil, teacher, director, authority); the others are null."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: TodayOutput, **AUTH_ERRORS}, tags=["today"])
    def get(self, request):
        response = Response(TodayOutput(today_of(viewer=request.user)).data)
        response["Cache-Control"] = "private, no-store"
        return response
