"""Authorization at every route, declared once per operation (docs/architecture.md, Identity and authorization).

    @blp.route("/<uuid:customer_id>")
    class CustomerItem(MethodView):
        @requires("customer", "VIEW", owner=path("customer_id"))   # outermost: 401/403 before parsing
        @blp.response(200, CustomerSchema)
        def get(self, customer_id): ...

`requires` authenticates the caller (401), finds its scope for the resource x action from the
suite's one policy (403 when it has none), and, by `owner`, either checks the owner named in the
path (404 when out of reach, so existence does not leak) or leaves it to the use case, which
calls `access().check(...)` on the record it loads or `access().condition(...)` for lists.
The declaration is also published in the OpenAPI document as `x-permission`, and
`install_access` refuses to start an app with an /api/v1 operation that declares nothing.
The 401 and 403 are decided before the body is parsed (`_refuse_before_parsing`): the decorator
runs only after the body guard, which parses JSON to find what the database cannot store.
"""
from __future__ import annotations

import copy
import functools
import uuid
from dataclasses import dataclass, field, replace

from flask import Flask, current_app, g, request
from sqlalchemy import ColumnElement, Connection, Engine

from ..auth.hierarchy import Hierarchy
from ..auth.policy import scope_for
from ..auth.principal import STAFF, Principal
from ..auth.principals import Authenticator
from ..auth.scope import ALL, CUSTOMER, REPS, USER, Owner, Scope
from ..errors import Forbidden, NotFound
from .body_guard import before_parsing

EXTENSION = "b2b.access"
DECLARATIONS = "b2b.access.declarations"  # (endpoint, method) -> what the operation declares
MARK = "_b2b_permission"

# Where an operation's owner comes from (published as x-permission.owner).
GLOBAL = "global"  # not owned by a customer: only callers whose scope is ALL
RECORD = "record"  # the use case loads the record and calls access().check(...)
LIST = "list"  # the use case filters with access().condition(...)


def path(name: str) -> str:
    """The owner customer's id is the path parameter `name`."""
    return f"path:{name}"


@dataclass(frozen=True)
class Guard:
    """What `install_access` wires into the app: who the caller is, and where owners live."""

    authenticator: Authenticator
    hierarchy: Hierarchy
    engine: Engine


@dataclass(frozen=True)
class OwnersAt:
    """Where an Access made outside a request finds owners: the service's hierarchy, read on a
    connection of its own (a consumer applying an import batch reads it in the batch's transaction)."""

    hierarchy: Hierarchy
    connection: Connection


@dataclass(frozen=True)
class Access:
    """The caller's right for this operation: its principal and the scope it reaches."""

    principal: Principal
    resource: str
    action: str
    scope: Scope
    # None in a request: the app's hierarchy and engine (install_access).
    owners: OwnersAt | None = field(default=None, compare=False)

    @property
    def unrestricted(self) -> bool:
        return self.scope.kind == ALL

    def reaches(self, customer_id: uuid.UUID | None, user_id: uuid.UUID | None = None) -> bool:
        if self.unrestricted:
            return True
        if self.scope.kind in (CUSTOMER, USER):  # decided by the ids alone: no lineage needed
            return self.scope.reaches(Owner(customer_id, user_id))
        with_reps = self.scope.kind == REPS
        if self.owners is not None:
            owner = self.owners.hierarchy.owner_of(self.owners.connection, customer_id, user_id, with_reps)
        else:
            guard = _guard()
            # Autocommit: one round trip for the one read, no BEGIN/ROLLBACK around it.
            with guard.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                owner = guard.hierarchy.owner_of(connection, customer_id, user_id, with_reps)
        return owner is not None and self.scope.reaches(owner)

    def check(self, customer_id: uuid.UUID | None, user_id: uuid.UUID | None = None,
              otherwise: Exception | None = None) -> None:
        """Raise `otherwise` (default 404) unless the record's owner is within reach."""
        if not self.reaches(customer_id, user_id):
            raise otherwise or NotFound(f"No such {self.resource.replace('_', ' ')}.")

    def condition(self, customer_column, user_column=None) -> ColumnElement[bool]:
        """A WHERE clause keeping only the rows this caller reaches."""
        hierarchy = self.owners.hierarchy if self.owners is not None else _guard().hierarchy
        return hierarchy.condition(self.scope, customer_column, user_column)

    def to(self, resource: str, action: str, staff_only: bool = False) -> "Access":
        """The same caller's right for another resource x action (403 when it has none)."""
        return replace(self, resource=resource, action=action,
                       scope=_scope_or_403(self.principal, resource, action, staff_only))


def install_access(app: Flask, guard: Guard) -> None:
    app.extensions[EXTENSION] = guard
    undeclared = sorted(rule.rule for rule in app.url_map.iter_rules()
                        if rule.rule.startswith("/api/v1") and not _declared(app, rule))
    if undeclared:
        raise RuntimeError(f"Operations without a declared permission (@requires or @public): {undeclared}")
    before_parsing(app, _refuse_before_parsing)
    api = app.extensions.get("b2b_api")
    if api is not None:
        api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer",
                                                           "bearerFormat": "JWT"})


def requires(resource: str, action: str, owner: str = LIST, staff_only: bool = False):
    declaration = {"resource": resource, "action": action, "owner": owner, "staff_only": staff_only}

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            state = g._get_current_object()  # once, not through the proxy at every use
            principal = _principal_in(state)
            scope = _scope_or_403(principal, resource, action, staff_only)
            state.access = granted = Access(principal, resource, action, scope)
            _check_owner(granted, owner, kwargs)
            return view(*args, **kwargs)
        return _document(guarded, declaration, security=[{"bearerAuth": []}])
    return decorate


def signed_in(view):
    """An operation about the caller itself (/me): any principal with a good token."""
    @functools.wraps(view)
    def own_view(*args, **kwargs):
        current_principal()
        return view(*args, **kwargs)
    return _document(own_view, "signed-in", security=[{"bearerAuth": []}])


def public(view):
    """An operation anyone may call (signing in, refreshing, the key set)."""
    @functools.wraps(view)
    def open_view(*args, **kwargs):
        return view(*args, **kwargs)
    return _document(open_view, "public", security=[])


def access() -> Access:
    """The caller's right for the operation being served (set by `requires`)."""
    return g.access


def current_principal() -> Principal:
    return _principal_in(g._get_current_object())


def _principal_in(state) -> Principal:
    """The caller, authenticated once per request and kept in `state` (Flask's `g`)."""
    principal = state.get("principal")
    if principal is None:
        principal = state.principal = _guard().authenticator.authenticate(request.headers.get("Authorization"))
    return principal


def _refuse_before_parsing() -> None:
    """401/403 for the operation being called, before its body is parsed. The route's `requires`
    decides again and finds the principal cached in `g`: nothing is looked up twice."""
    current = request._get_current_object()  # once, not through the proxy at every attribute
    declaration = _declaration_of(current.endpoint, current.method)
    if declaration is None or declaration == "public":
        return  # public operations, health, metrics, documents and unknown paths: the body guard decides
    principal = current_principal()
    if isinstance(declaration, dict):
        _scope_or_403(principal, declaration["resource"], declaration["action"], declaration["staff_only"])


def _declaration_of(endpoint: str | None, method: str):
    """What the operation declares (`requires`, `public`, `signed_in`), looked up once per operation."""
    if endpoint is None:
        return None  # no route matched (404, 405): keyed by nothing a client can vary without end
    app = current_app._get_current_object()
    known = app.extensions.setdefault(DECLARATIONS, {})
    key = (endpoint, method)
    if key not in known:
        known[key] = _declared_by(app, endpoint, method)
    return known[key]


def _declared_by(app: Flask, endpoint: str, method: str):
    view = app.view_functions.get(endpoint)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:  # a MethodView: each method declares its own (HEAD is served by get)
        view = getattr(view_class, method.lower(), None) or (getattr(view_class, "get", None)
                                                               if method == "HEAD" else None)
    return getattr(view, MARK, None)


def _scope_or_403(principal: Principal, resource: str, action: str, staff_only: bool) -> Scope:
    scope = scope_for(principal, resource, action, staff_only)
    if scope is None:
        raise Forbidden(f"Your roles do not allow {action} on {resource}.")
    return scope


def _check_owner(granted: Access, owner: str, kwargs: dict) -> None:
    staff_reading = granted.action == "VIEW" and granted.principal.kind == STAFF
    if owner == GLOBAL and not (granted.unrestricted or staff_reading):
        raise Forbidden(f"Only back-office administrators may {granted.action} {granted.resource}.")
    if owner.startswith("path:"):
        granted.check(kwargs[owner.removeprefix("path:")])


def _guard() -> Guard:
    return current_app.extensions[EXTENSION]


def _document(view, declaration, security: list):
    setattr(view, MARK, declaration)
    view._apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
    manual = view._apidoc.setdefault("manual_doc", {})
    manual.update({"x-permission": declaration, "security": security})
    return view


def _declared(app: Flask, rule) -> bool:
    view = app.view_functions[rule.endpoint]
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return hasattr(view, MARK)
    methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}
    return all(hasattr(getattr(view_class, method.lower(), None), MARK) for method in methods)
