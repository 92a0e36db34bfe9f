"""Who may start a job: the right to do its actions to every row of its entity, without restriction
(a back-office administrator). The owning service checks the same again when it does the work."""
from __future__ import annotations

from b2b_shared.errors import Forbidden
from b2b_shared.http.access import Access

from ..domain.templates import resource_of


def check_unrestricted(access: Access, entity: str, actions: tuple[str, ...]) -> None:
    resource = resource_of(entity)
    for action in actions:
        if not access.to(resource, action).unrestricted:
            raise Forbidden(f"This needs the right to {action.lower()} every {resource}.")
