"""What routes take from the app: a fresh unit of work per use case, the auth pieces, the actor."""
from __future__ import annotations

import uuid

from b2b_shared.auth.jwt import bearer_token
from b2b_shared.errors import Unauthorized
from b2b_shared.http.etag import etag_of
from flask import current_app, g, request

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..services.actors import SYSTEM, Actor
from ..services.auth import Auth


def uow() -> UsersRolesUnitOfWork:
    return current_app.extensions["users_roles.uow_factory"]()


def auth() -> Auth:
    return current_app.extensions["users_roles.auth"]


def actor() -> Actor:
    """From the bearer token when there is one; a bad token is 401, never a silent downgrade."""
    if "actor" not in g:
        token = bearer_token(request.headers.get("Authorization"))
        if token is None:
            g.actor = SYSTEM
        else:
            claims = current_app.extensions["users_roles.verifier"].verify(token)
            customer = claims.get("customer_id")
            g.actor = Actor(claims.get("kind"), uuid.UUID(claims["sub"]), uuid.UUID(customer) if customer else None)
    return g.actor


def signed_in() -> Actor:
    current = actor()
    if current.user_id is None:
        raise Unauthorized("This needs a signed-in user's access token.")
    return current


def versioned(resource, status: int = 200, location: str | None = None):
    """A flask-smorest response tuple carrying the resource's ETag (and Location when created)."""
    headers = {"ETag": etag_of(resource.version)}
    if location:
        headers["Location"] = location
    return resource, status, headers
