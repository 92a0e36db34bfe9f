"""Application errors every service raises; `http/problems.py` maps each to one HTTP status.

Services raise these from use cases and domain rules; no route builds an error response by hand.
"""
from __future__ import annotations


class AppError(Exception):
    """Base of the errors a client is told about. `detail` is safe to show."""

    title = "Error"

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class NotFound(AppError):
    title = "Not found"


class Conflict(AppError):
    title = "Conflict"


class ValidationFailed(AppError):
    """Field-by-field validation errors: `errors` maps a field to its messages."""

    title = "Validation failed"

    def __init__(self, errors: dict[str, list[str]], detail: str = "The request has invalid fields."):
        super().__init__(detail, errors)


class PreconditionFailed(AppError):
    title = "Precondition failed"


class PreconditionRequired(AppError):
    title = "Precondition required"


class Unauthorized(AppError):
    title = "Unauthorized"


class Forbidden(AppError):
    title = "Forbidden"


class TooManyRequests(AppError):
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.retry_after = retry_after
