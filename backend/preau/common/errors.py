"""The one application error type. Services raise it; the API renders it."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the operation. Rendered as ``{"error": …}``."""

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}
        if status_code is not None:
            self.status_code = status_code


class NotFoundError(ApplicationError):
    """Missing and not-yours are the same answer."""

    status_code = 404
    default_code = "not_found"

    def __init__(self, message: str = "Ressource introuvable.") -> None:
        super().__init__(message)


class PermissionDeniedError(ApplicationError):
    status_code = 403
    default_code = "permission_denied"
