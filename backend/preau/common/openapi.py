"""drf-spectacular glue: list views are named as lists, and our session scheme is documented."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class PreauAutoSchema(AutoSchema):
    def get_operation_id(self) -> str:
        from preau.common.apis import ListApi

        operation_id = super().get_operation_id()
        if isinstance(self.view, ListApi) and self.method == "GET":
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id


class PreauSessionScheme(OpenApiAuthenticationExtension):
    target_class = "preau.accounts.authentication.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
