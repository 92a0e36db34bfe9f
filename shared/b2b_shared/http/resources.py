"""What every service's routes take from their app: a fresh unit of work per use case, and the
response tuple that carries a resource's ETag (and its Location when it was just created)."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request

from .app import SAFE_METHODS
from .etag import etag_of

UOW_FACTORY = "b2b.uow_factory"


def install_unit_of_work(app: Flask, factory: Callable[[], object]) -> None:
    app.extensions[UOW_FACTORY] = factory


def uow(streamed: bool = False):
    """The app's unit of work, new for this use case (app.py installs the factory). A safe method
    never writes, so its reads run without a transaction (UnitOfWork.without_transaction): one
    round trip per statement. `streamed`: the answer is read through a server-side cursor as it
    is sent (a CSV export), and PostgreSQL keeps such a cursor only inside a transaction."""
    unit_of_work = current_app.extensions[UOW_FACTORY]()
    if request.method in SAFE_METHODS and not streamed:
        return unit_of_work.without_transaction()
    return unit_of_work


def versioned(resource, status: int = 200, location: str | None = None):
    """A flask-smorest response tuple carrying the resource's ETag (and Location when created)."""
    headers = {"ETag": etag_of(resource.version)}
    if location:
        headers["Location"] = location
    return resource, status, headers
