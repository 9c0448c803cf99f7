from rest_framework import authentication

from preau.common.errors import ApplicationError


class SessionAuthentication(authentication.SessionAuthentication):
    """Django's session with CSRF, answering 401 (not 403) to anonymous requests.

    A session opened only to set up a required second factor reaches the views that declare
    ``otp_setup_allowed = True``; anything else answers 403 ``otp_setup_required``."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            from preau.accounts.services import SECOND_FACTOR_KEY, SETUP_REQUIRED

            if request._request.session.get(SECOND_FACTOR_KEY) == SETUP_REQUIRED:
                view = (request.parser_context or {}).get("view")
                if not getattr(view, "otp_setup_allowed", False):
                    # Known from now on (the audit of the refusal names the account).
                    request.user, request.auth = result
                    raise ApplicationError(
                        "Activez d'abord la double authentification de votre compte.",
                        code=SETUP_REQUIRED, status_code=403)
        return result

    def authenticate_header(self, request) -> str:
        return 'Session realm="api"'
