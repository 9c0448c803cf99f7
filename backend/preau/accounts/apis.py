from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.accounts.access import (
    passkey_get_for,
    passkeys_visible_to,
    user_session_get_for,
    user_sessions_visible_to,
)
from preau.accounts.authentication import SessionAuthentication
from preau.accounts.letters import invitation_letters_pdf
from preau.accounts.passkeys import (
    login_passkey_begin,
    login_passkey_verify,
    login_passwordless_begin,
    login_passwordless_verify,
    passkey_register_begin,
    passkey_register_complete,
    passkey_remove,
    second_factors_of,
)
from preau.accounts.selectors import me_get
from preau.accounts.serializers import (
    ActivateInput,
    CsrfOutput,
    InvitationLettersInput,
    LoginInput,
    LoginSecondFactorOutput,
    MeOutput,
    OtpCodeInput,
    OtpSetupOutput,
    OtpStatusOutput,
    PasskeyFilter,
    PasskeyOutput,
    PasskeyRegisterBeginInput,
    PasswordResetConfirmInput,
    PasswordResetInput,
    PublicKeyCredentialInput,
    PublicKeyOptionsOutput,
    SessionsEndedOutput,
    UserSessionFilter,
    UserSessionOutput,
)
from preau.accounts.services import (
    invitation_activate,
    invitations_generate,
    login_otp_verify,
    password_reset_confirm,
    password_reset_request,
    second_factor_pending,
    second_factor_status,
    totp_device_confirm,
    totp_device_remove,
    totp_device_start,
    user_login,
    user_logout,
    user_session_end,
    user_sessions_end_others,
)
from preau.common.apis import ListApi
from preau.common.errors import ApplicationError, NotFoundError
from preau.common.schema import AUTH_ERRORS, PAGE_PARAMETERS, READ_ERRORS, error, paginated
from preau.people.access import Purpose, school_get_for
from preau.schools.models import Classroom, School


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfApi(APIView):
    """Set the CSRF cookie and return its token, before the login form is sent."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: CsrfOutput}, tags=["accounts"], auth=[])
    def get(self, request):
        return Response(CsrfOutput({"csrf_token": get_token(request)}).data)


LoginOutput = PolymorphicProxySerializer(
    component_name="LoginOutput", serializers=[MeOutput, LoginSecondFactorOutput],
    resource_type_field_name=None)


# The header of every throttled answer of this module (login, second step, activation, …).
RETRY_AFTER_429 = OpenApiParameter(
    "Retry-After", int, OpenApiParameter.HEADER, response=[429],
    description="Secondes avant de pouvoir réessayer",
)

class LoginApi(APIView):
    """Open a session; throttled per account and per address.

    An account with a second factor gets ``{"otp_required": true}`` and no session yet: the
    code goes to ``login/otp/``, or a passkey to ``login/passkey/…`` (``second_factors``
    says which the account has). One whose role must have a second factor and has none gets
    ``{"otp_setup_required": true}`` and a session that reaches only ``me/otp/``."""

    permission_classes = [AllowAny]
    otp_setup_allowed = True

    @extend_schema(
        request=LoginInput,
        responses={
            200: LoginOutput,
            400: error("Champs invalides, ou identifiant / mot de passe incorrect"),
            403: error("Jeton CSRF absent ou invalide"),
            429: error("Trop d'échecs récents pour ce compte ou cette adresse"),
            503: error("Trop de connexions en cours sur le serveur (code `overloaded`)"),
        },
        parameters=[
            OpenApiParameter(
                "Retry-After", int, OpenApiParameter.HEADER, response=[429, 503],
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
        pending = second_factor_pending(session=request.session)
        if pending is not None:
            step = {"otp_required": pending == "otp_required",
                    "otp_setup_required": pending == "otp_setup_required"}
            if pending == "otp_required":
                step["second_factors"] = second_factors_of(user=user)
            return Response(LoginSecondFactorOutput(step).data)
        return Response(MeOutput(me_get(viewer=user)).data)


class LoginOtpApi(APIView):
    """Second step of a login: the 6-digit code of the authentication application opens
    the session. A wrong code counts as a failed login."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=OtpCodeInput,
        responses={
            200: MeOutput,
            400: error("Code mal formé ou incorrect (code)"),
            401: error("Aucun mot de passe vérifié récemment (code `otp_not_pending`)"),
            403: error("Jeton CSRF absent ou invalide"),
            429: error("Trop d'échecs récents pour ce compte ou cette adresse"),
        },
        parameters=[RETRY_AFTER_429],
        tags=["accounts"],
        auth=[],
    )
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        data = OtpCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = login_otp_verify(request=request, code=data.validated_data["code"])
        return Response(MeOutput(me_get(viewer=user)).data)


class LogoutApi(APIView):
    """End the current session."""

    permission_classes = [AllowAny]
    otp_setup_allowed = True

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


class ActivateApi(APIView):
    """Create a guardian's login from the code of an invitation letter, and sign in."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=ActivateInput,
        responses={
            201: MeOutput,
            400: error("Code invalide, expiré ou déjà utilisé (code), identifiant pris "
                       "(username) ou mot de passe trop faible (password)"),
            403: error("Jeton CSRF absent ou invalide"),
            429: error("Trop de codes erronés récents depuis cette adresse"),
        },
        parameters=[RETRY_AFTER_429],
        tags=["accounts"],
        auth=[],
    )
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        data = ActivateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = invitation_activate(request=request, **data.validated_data)
        return Response(MeOutput(me_get(viewer=user)).data, status=status.HTTP_201_CREATED)


class InvitationLettersApi(APIView):
    """New invitation codes for the guardians without a login, as printable letters (PDF).

    Each guardian of the school (or of one classroom) who has no account gets a new code;
    a previous code not yet used stops working."""

    @extend_schema(
        request=InvitationLettersInput,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
                   **READ_ERRORS,
                   400: error("Classe inconnue (classroom), ou aucun responsable sans compte"),
                   403: error("Seule la direction de l'école génère les invitations")},
        tags=["accounts"])
    def post(self, request, school_id: int):
        if request.user.is_superuser:
            school = School.objects.filter(pk=school_id).first()
            if school is None:
                raise NotFoundError("École introuvable.")
        else:
            school = school_get_for(request.user, school_id, purpose=Purpose.READ)
        data = InvitationLettersInput(data=request.data)
        data.is_valid(raise_exception=True)
        classroom = None
        if data.validated_data.get("classroom"):
            classroom = Classroom.objects.filter(pk=data.validated_data["classroom"]).first()
            if classroom is None:
                raise ApplicationError("Classe introuvable.",
                                       fields={"classroom": ["Classe introuvable."]})
        letters = invitations_generate(actor=request.user, school=school, classroom=classroom)
        pdf = invitation_letters_pdf(
            school=school, letters=letters, activation_url=request.build_absolute_uri("/activer"),
            expires_at=letters[0].invitation.expires_at)
        response = HttpResponse(pdf, content_type="application/pdf")
        suffix = f"-{classroom.pk}" if classroom else ""
        response["Content-Disposition"] = (
            f'attachment; filename="invitations-{school.uai}{suffix}.pdf"')
        response["Cache-Control"] = "private, no-store"
        return response


THROTTLE_HEADER = OpenApiParameter(
    "Retry-After", int, OpenApiParameter.HEADER, response=[429],
    description="Secondes avant de pouvoir réessayer")


class MeSessionListApi(ListApi):
    """The viewer's own open sessions (device, address, last use); ``current`` marks the
    one this request comes from."""

    filter_serializer = UserSessionFilter

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(UserSessionOutput), **AUTH_ERRORS},
                   tags=["accounts"])
    def get(self, request):
        context = {"current_session_key": request.session.session_key}
        return self.paginated(
            user_sessions_visible_to(request.user, purpose=Purpose.READ),
            lambda page, many: UserSessionOutput(page, many=many, context=context))


class MeSessionDetailApi(APIView):
    """End one of one's own sessions: it is signed out and its live connection closed."""

    authority_may_write = True  # one's own sessions, not school data

    @extend_schema(request=None, responses={204: None, **READ_ERRORS}, tags=["accounts"])
    def delete(self, request, session_id: int):
        user_session = user_session_get_for(request.user, session_id, purpose=Purpose.READ)
        user_session_end(user_session=user_session)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSessionsEndOthersApi(APIView):
    """End every session of the viewer but the current one."""

    authority_may_write = True

    @extend_schema(request=None, responses={200: SessionsEndedOutput, **AUTH_ERRORS},
                   tags=["accounts"])
    def post(self, request):
        ended = user_sessions_end_others(user=request.user,
                                         current_session_key=request.session.session_key)
        return Response(SessionsEndedOutput({"ended": ended}).data)


class PasswordResetApi(APIView):
    """Mail a link to set a new password. Always 202, whether the address is known or not."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=PasswordResetInput,
        responses={202: None,
                   400: error("Adresse électronique mal formée (email)"),
                   403: error("Jeton CSRF absent ou invalide"),
                   429: error("Trop de demandes récentes depuis cette adresse")},
        parameters=[THROTTLE_HEADER], tags=["accounts"], auth=[])
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        data = PasswordResetInput(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_request(request=request, email=data.validated_data["email"])
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(APIView):
    """Set a new password with the token of the mailed link; every session then ends."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=PasswordResetConfirmInput,
        responses={204: None,
                   400: error("Lien invalide, expiré ou déjà utilisé (token), ou mot de "
                              "passe trop faible (password)"),
                   403: error("Jeton CSRF absent ou invalide")},
        tags=["accounts"], auth=[])
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        data = PasswordResetConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_confirm(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeOtpApi(APIView):
    """The viewer's second factor (TOTP): whether it is offered, active or required; set
    one up (an unconfirmed device, confirmed by ``me/otp/confirm/``); remove it."""

    authority_may_write = True  # one's own login, not school data
    otp_setup_allowed = True

    @extend_schema(responses={200: OtpStatusOutput, **AUTH_ERRORS}, tags=["accounts"])
    def get(self, request):
        return Response(OtpStatusOutput(second_factor_status(user=request.user)).data)

    @extend_schema(
        request=None,
        responses={201: OtpSetupOutput, **AUTH_ERRORS,
                   400: error("Double authentification déjà activée"),
                   403: error("Compte de famille ou d'élève")},
        tags=["accounts"])
    def post(self, request):
        setup = totp_device_start(user=request.user)
        return Response(OtpSetupOutput(setup).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={204: None, **AUTH_ERRORS,
                   400: error("Obligatoire pour la fonction du compte"),
                   403: error("Compte de famille ou d'élève")},
        tags=["accounts"])
    def delete(self, request):
        totp_device_remove(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeOtpConfirmApi(APIView):
    """Confirm the device being set up with a first code from the application."""

    authority_may_write = True
    otp_setup_allowed = True

    @extend_schema(
        request=OtpCodeInput,
        responses={204: None, **AUTH_ERRORS,
                   400: error("Code mal formé ou incorrect, ou rien à confirmer (code)"),
                   403: error("Compte de famille ou d'élève"),
                   429: error("Trop d'échecs récents pour ce compte ou cette adresse")},
        tags=["accounts"])
    def post(self, request):
        data = OtpCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        totp_device_confirm(request=request, user=request.user,
                            code=data.validated_data["code"])
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Passkeys ----------------------------------------------------------------------------

PASSKEY_ROLES = "Compte de famille ou d'élève"


class LoginPasskeyBeginApi(APIView):
    """Second step of a login with a passkey: the options of ``navigator.credentials.get``
    (the account's passkeys, a challenge kept in the session)."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=None,
        responses={200: PublicKeyOptionsOutput,
                   400: error("Le compte n'a pas de clé d'accès (code `no_passkey`)"),
                   401: error("Aucun mot de passe vérifié récemment (code `otp_not_pending`)"),
                   403: error("Jeton CSRF absent ou invalide"),
                   429: error("Trop d'échecs récents pour ce compte ou cette adresse")},
        parameters=[RETRY_AFTER_429], tags=["accounts"], auth=[])
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        return Response(login_passkey_begin(request=request))


class LoginPasskeyCompleteApi(APIView):
    """The authenticator's answer opens the session. A refused one (another account's key,
    a revoked key, a replayed challenge, another origin) counts as a failed login."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=PublicKeyCredentialInput,
        responses={200: MeOutput,
                   400: error("Clé d'accès refusée (credential)"),
                   401: error("Aucun mot de passe vérifié récemment (code `otp_not_pending`)"),
                   403: error("Jeton CSRF absent ou invalide"),
                   429: error("Trop d'échecs récents pour ce compte ou cette adresse")},
        parameters=[RETRY_AFTER_429], tags=["accounts"], auth=[])
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        data = PublicKeyCredentialInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = login_passkey_verify(request=request,
                                    credential=data.validated_data["credential"])
        return Response(MeOutput(me_get(viewer=user)).data)


class MePasskeyListApi(ListApi):
    """The viewer's passkeys: name, when added, when last used to sign in."""

    filter_serializer = PasskeyFilter

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(PasskeyOutput), **AUTH_ERRORS},
                   tags=["accounts"])
    def get(self, request):
        return self.paginated(passkeys_visible_to(request.user, purpose=Purpose.READ),
                              PasskeyOutput)


class MePasskeyRegisterBeginApi(APIView):
    """Add a passkey: the options of ``navigator.credentials.create`` (a challenge kept in
    the session with the name)."""

    authority_may_write = True  # one's own login, not school data
    otp_setup_allowed = True

    @extend_schema(request=PasskeyRegisterBeginInput,
                   responses={200: PublicKeyOptionsOutput, **AUTH_ERRORS,
                              400: error("Nom manquant ou trop long (name)"),
                              403: error(PASSKEY_ROLES)},
                   tags=["accounts"])
    def post(self, request):
        data = PasskeyRegisterBeginInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(passkey_register_begin(request=request, user=request.user,
                                               name=data.validated_data["name"]))


class MePasskeyRegisterCompleteApi(APIView):
    """The authenticator's answer: checked, the passkey is kept under its name."""

    authority_may_write = True
    otp_setup_allowed = True

    @extend_schema(request=PublicKeyCredentialInput,
                   responses={201: PasskeyOutput, **AUTH_ERRORS,
                              400: error("Ajout non commencé ou réponse refusée (credential)"),
                              403: error(PASSKEY_ROLES)},
                   tags=["accounts"])
    def post(self, request):
        data = PublicKeyCredentialInput(data=request.data)
        data.is_valid(raise_exception=True)
        passkey = passkey_register_complete(request=request, user=request.user,
                                            credential=data.validated_data["credential"])
        return Response(PasskeyOutput(passkey).data, status=status.HTTP_201_CREATED)


class MePasskeyDetailApi(APIView):
    """Revoke one of one's passkeys (refused for the last second factor of a role that
    must have one)."""

    authority_may_write = True

    @extend_schema(request=None,
                   responses={204: None, **READ_ERRORS,
                              400: error("Dernier second facteur d'une fonction qui l'exige")},
                   tags=["accounts"])
    def delete(self, request, passkey_id: int):
        passkey = passkey_get_for(request.user, passkey_id, purpose=Purpose.READ)
        passkey_remove(user=request.user, passkey=passkey)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LoginPasswordlessBeginApi(APIView):
    """Sign in with a passkey alone: the options of ``navigator.credentials.get`` with no
    account named (the browser offers the discoverable passkeys it holds for this site)."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=None,
        responses={200: PublicKeyOptionsOutput,
                   403: error("Jeton CSRF absent ou invalide"),
                   429: error("Trop d'échecs récents depuis cette adresse")},
        parameters=[RETRY_AFTER_429], tags=["accounts"], auth=[])
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        return Response(login_passwordless_begin(request=request))


class LoginPasswordlessCompleteApi(APIView):
    """A discoverable passkey, verified by its owner (PIN, fingerprint), opens the session
    of its account. A refused answer counts as a failed login of the address."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=PublicKeyCredentialInput,
        responses={200: MeOutput,
                   400: error("Clé d'accès refusée (credential)"),
                   403: error("Jeton CSRF absent ou invalide"),
                   429: error("Trop d'échecs récents depuis cette adresse")},
        parameters=[RETRY_AFTER_429], tags=["accounts"], auth=[])
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        data = PublicKeyCredentialInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = login_passwordless_verify(request=request,
                                         credential=data.validated_data["credential"])
        return Response(MeOutput(me_get(viewer=user)).data)
