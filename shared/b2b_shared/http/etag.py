"""ETag / If-Match backed by the version column (RFC 9110 section 13.1.1).

`PATCH`, `PUT` and `DELETE` must say which version they change: none gets 428, a stale one 412
(db/versioned.py's `check_version`).
"""
from __future__ import annotations

from flask import request

from ..db.versioned import ANY
from ..errors import PreconditionFailed, PreconditionRequired


def etag_of(version: int) -> str:
    return f'"{version}"'


def expected_version() -> int | None:
    """The version the client's If-Match names; `None` for `If-Match: *`."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired("This change needs an If-Match header with the resource's ETag.")
    if header.strip() == "*":
        return ANY
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            continue  # If-Match uses the strong comparison: a weak tag never matches
        try:
            return int(tag.strip('"'))
        except ValueError:
            continue
    raise PreconditionFailed("If-Match names no current version of this resource.")
