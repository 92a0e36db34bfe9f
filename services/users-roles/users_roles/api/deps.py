"""What routes take from the app: a fresh unit of work per use case, the auth pieces."""
from __future__ import annotations

from b2b_shared.http.etag import etag_of
from flask import current_app

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..services.auth import Auth


def uow() -> UsersRolesUnitOfWork:
    return current_app.extensions["users_roles.uow_factory"]()


def auth() -> Auth:
    return current_app.extensions["users_roles.auth"]


def versioned(resource, status: int = 200, location: str | None = None):
    """A flask-smorest response tuple carrying the resource's ETag (and Location when created)."""
    headers = {"ETag": etag_of(resource.version)}
    if location:
        headers["Location"] = location
    return resource, status, headers
