"""What routes take from the app: a fresh unit of work per use case, the config, ETag responses."""
from __future__ import annotations

from b2b_shared.http.etag import etag_of
from flask import current_app

from ..adapters.unit_of_work import PricingUnitOfWork
from ..config import PricingConfig


def uow() -> PricingUnitOfWork:
    return current_app.extensions["pricing.uow_factory"]()


def config() -> PricingConfig:
    return current_app.extensions["pricing.config"]


def versioned(resource, status: int = 200, location: str | None = None):
    """A flask-smorest response tuple carrying the resource's ETag (and Location when created)."""
    headers = {"ETag": etag_of(resource.version)}
    if location:
        headers["Location"] = location
    return resource, status, headers
