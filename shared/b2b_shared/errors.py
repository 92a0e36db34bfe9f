"""Application errors every service raises; `http/problems.py` maps each to one HTTP status.

Services raise these from use cases and domain rules; no route builds an error response by hand.
"""
from __future__ import annotations


class AppError(Exception):
    """Base of the errors a client is told about. `detail` is safe to show."""

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class NotFound(AppError):
    """404"""


class Conflict(AppError):
    """409"""


class ValidationFailed(AppError):
    """422, field by field: `errors` maps a field to its messages."""

    def __init__(self, errors: dict[str, list[str]], detail: str = "The request has invalid fields."):
        super().__init__(detail, errors)


class PreconditionFailed(AppError):
    """412"""


class PreconditionRequired(AppError):
    """428"""


class Unauthorized(AppError):
    """401"""


class Forbidden(AppError):
    """403"""


class TooManyRequests(AppError):
    """429, with how long to wait (Retry-After)."""

    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.retry_after = retry_after
