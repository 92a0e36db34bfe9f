"""Finding what a use case works on, with the answers the API gives when it is not there."""
from __future__ import annotations

import uuid
from collections.abc import Callable

from b2b_shared.errors import NotFound, ValidationFailed


def existing(repository, resource_id: uuid.UUID, for_update: bool = False, authorize: Callable | None = None):
    """The resource, else 404. `authorize(resource)` raises when the caller may not reach it:
    before any version check, so a record out of reach answers as one that does not exist would."""
    resource = repository.get(resource_id, for_update=for_update)
    if resource is None:
        raise NotFound(f"{repository.model.__name__} {resource_id} does not exist.")
    if authorize:
        authorize(resource)
    return resource


def all_at_once(*checks: Callable[[], None]) -> None:
    """Run every check, then report all their field errors together (docs/architecture.md: all
    field errors of a request at once)."""
    errors: dict[str, list[str]] = {}
    for check in checks:
        try:
            check()
        except ValidationFailed as error:
            errors.update(error.errors or {})
    if errors:
        raise ValidationFailed(errors)


def referenced(repository, resource_id: uuid.UUID, field: str) -> None:
    """A resource the request names must exist: its absence is the client's field error."""
    if repository.get(resource_id) is None:
        raise ValidationFailed({field: [f"No such {repository.model.__name__}."]})
