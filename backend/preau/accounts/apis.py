from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.accounts.authentication import SessionAuthentication
from preau.accounts.selectors import me_get
from preau.accounts.serializers import CsrfOutput, LoginInput, MeOutput
from preau.accounts.services import user_login, user_logout
from preau.common.schema import AUTH_ERRORS, error


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfApi(APIView):
    """Set the CSRF cookie and return its token, before the login form is sent."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: CsrfOutput}, tags=["accounts"], auth=[])
    def get(self, request):
        return Response(CsrfOutput({"csrf_token": get_token(request)}).data)


class LoginApi(APIView):
    """Open a session; throttled per account and per address."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=LoginInput,
        responses={
            200: MeOutput,
            400: error("Champs invalides, ou identifiant / mot de passe incorrect"),
            403: error("Jeton CSRF absent ou invalide"),
            429: error("Trop d'échecs récents pour ce compte ou cette adresse"),
        },
        parameters=[
            OpenApiParameter(
                "Retry-After", int, OpenApiParameter.HEADER, response=[429],
                description="Secondes avant de pouvoir réessayer",
            )
        ],
        tags=["accounts"],
        auth=[],
    )
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)  # no login CSRF
        data = LoginInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_login(request=request, **data.validated_data)
        return Response(MeOutput(me_get(viewer=user)).data)


class LogoutApi(APIView):
    """End the current session."""

    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None}, tags=["accounts"])
    def post(self, request):
        user_logout(request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    """The viewer: roles, children, classrooms, schools and authority scopes."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeOutput, **AUTH_ERRORS}, tags=["accounts"])
    def get(self, request):
        return Response(MeOutput(me_get(viewer=request.user)).data)
