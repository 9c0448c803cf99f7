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


# --- Error statuses, documented where they happen ---------------------------------------------

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOutput"}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}
# DRF renders a TimeField as the local wall-clock time ("08:30:00"), which is not an RFC 3339
# "time" (that one needs an offset): the schema says what the API sends and accepts.
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
ERROR_STATUSES = {
    400: "Requête invalide : le champ en cause est nommé dans error.fields",
    401: "Non authentifié",
    403: "Action refusée (droits, rôle en lecture seule ou jeton CSRF absent)",
    404: "Introuvable, ou hors de votre périmètre",
    409: "Conflit avec l'état actuel",
    412: "If-Match ne correspond plus à la version actuelle (ETag)",
    415: "Type de contenu non pris en charge",
    422: "Idempotency-Key déjà utilisée avec un autre contenu",
    428: "If-Match est requis",
    503: "Base de données momentanément indisponible (Retry-After)",
}


def _error_statuses(method: str, operation: dict) -> set[int]:
    """The error statuses the operation can answer, from what the operation takes."""
    parameters = operation.get("parameters", [])
    located = {(p["in"], p["name"]) for p in parameters}
    statuses = {503}  # every operation reads the database (the exception handler's 503)
    if operation.get("security") and {} not in operation["security"]:
        statuses.add(401)
    if method in UNSAFE_METHODS:
        statuses.add(403)  # CSRF for every session, read-only authority roles, roles
    if any(place == "path" for place, _ in located):
        statuses.add(404)
    if ("query", "page") in located:
        statuses.add(404)  # a page past the last one
    if operation.get("requestBody") or any(place == "query" for place, _ in located):
        statuses.add(400)
    if operation.get("requestBody"):
        statuses.add(415)
    if ("header", "If-Match") in located:
        statuses |= {412, 428}
    if ("header", "Idempotency-Key") in located:
        statuses.add(422)
    return statuses


def _pattern_for_times(node):
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            node.pop("format")
            node["pattern"] = TIME_PATTERN
        for value in node.values():
            _pattern_for_times(value)
    elif isinstance(node, list):
        for value in node:
            _pattern_for_times(value)


def document_error_statuses(result, generator, request, public):
    """Postprocessing hook: each operation documents the error statuses it can answer, in
    the error envelope (``ErrorOutput``); statuses a view declares itself (409, 429, …) stay.
    A documented error is a normal answer for Schemathesis, an undocumented one a failure.

    405 is not here: it is the answer to a method the schema does not list, and OpenAPI
    describes only the operations that exist.
    """
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(_error_statuses(method, operation)):
                responses.setdefault(str(status), {
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    "description": ERROR_STATUSES[status],
                })
            operation["responses"] = dict(sorted(responses.items()))
    _pattern_for_times(result)
    return result
