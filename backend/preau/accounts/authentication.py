from rest_framework import authentication

from preau.accounts import session_policy
from preau.common.errors import ApplicationError


class SessionAuthentication(authentication.SessionAuthentication):
    """Django's session with CSRF, answering 401 (not 403) to anonymous requests.

    Only a session that has passed every step of the login due is signed in
    (``session_policy.session_login_state``): one whose code was never given is anonymous;
    one opened only to set up a required second factor reaches the views that declare
    ``otp_setup_allowed = True``, anything else answers 403 ``otp_setup_required``."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            state = session_policy.session_login_state(user=result[0],
                                                       session=getattr(request, "session", None))
            if state == session_policy.OTP_REQUIRED:
                return None  # the code was never given: anonymous
            if state == session_policy.SETUP_REQUIRED:
                view = (request.parser_context or {}).get("view")
                if not getattr(view, "otp_setup_allowed", False):
                    # Known from now on (the audit of the refusal names the account).
                    request.user, request.auth = result
                    raise ApplicationError(
                        "Activez d'abord la double authentification de votre compte.",
                        code=state, status_code=403)
        return result

    def authenticate_header(self, request) -> str:
        return 'Session realm="api"'
