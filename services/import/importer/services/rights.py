"""Who may start a job (docs/authorization.md). Most entities are the back office's: importing needs
the right to create and edit every row, exporting to view every row, without restriction (a
back-office administrator). A scoped entity (customer users: Template.scoped) follows its own API
instead: importing needs CREATE and EDIT beyond one's own records (a customer's administrator, at
DEPARTMENT or CORPORATE level), exporting VIEW at any level; the owner then decides each row within
the user's reach. The owning service checks all of it again when it does the work."""
from __future__ import annotations

from b2b_shared.errors import Forbidden
from b2b_shared.http.access import Access

from ..domain.templates import template_for


def check_may_import(access: Access, entity: str) -> None:
    for action in ("CREATE", "EDIT"):
        _check(access, entity, action, scoped_needs_others=True)


def check_may_export(access: Access, entity: str) -> None:
    _check(access, entity, "VIEW", scoped_needs_others=False)


def _check(access: Access, entity: str, action: str, scoped_needs_others: bool) -> None:
    template = template_for(entity)
    granted = access.to(template.resource, action)  # 403 when the user has no such right at all
    if not template.scoped and not granted.unrestricted:
        raise Forbidden(f"This needs the right to {action.lower()} every {template.resource}.")
    if template.scoped and scoped_needs_others and not granted.scope.beyond_own_records:
        raise Forbidden(f"This needs the right to {action.lower()} other users' {template.resource} records "
                        "(a customer's administrator).")
