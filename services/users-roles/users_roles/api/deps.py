"""What users-roles' routes take from the app besides a unit of work: the sign-in machinery."""
from __future__ import annotations

from flask import current_app

from ..services.auth import Auth


def auth() -> Auth:
    return current_app.extensions["users_roles.auth"]
