"""drf-spectacular glue: list views are lists, and our session scheme is documented."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class PreauAutoSchema(AutoSchema):
    def _is_list_view(self, serializer=None) -> bool:
        from preau.common.apis import ListApi

        if isinstance(self.view, ListApi) and self.method == "GET":
            return True
        return super()._is_list_view(serializer)


class PreauSessionScheme(OpenApiAuthenticationExtension):
    target_class = "preau.accounts.authentication.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
