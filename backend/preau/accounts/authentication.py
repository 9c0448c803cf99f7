from rest_framework import authentication


class SessionAuthentication(authentication.SessionAuthentication):
    """Django's session with CSRF, answering 401 (not 403) to anonymous requests."""

    def authenticate_header(self, request) -> str:
        return 'Session realm="api"'
