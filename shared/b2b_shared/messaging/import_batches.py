"""Import batches: what the import service asks of an owning service in bulk, and the answer.

DESIGN: commands that one service asks of another in bulk travel as messages on work queues;
results come back as events. The import service writes a batch as the event
`import_batch.<entity>.requested` into its outbox; the owner binds the entities it owns on its
command queue (Service.commands) and applies each batch here, in the consumer's transaction:

- each row in a savepoint of its own, through the owner's row rule (the same use-case rules as its
  HTTP API), so that a bad row is reported and never blocks the good ones;
- in `validate` and `dry_run` modes everything is rolled back at the end: nothing is written, and
  no event but the answer is published;
- the answer, `import_batch.applied`, goes into the owner's outbox in the same transaction as the
  rows' effects and their own events, so a batch is applied once (the inbox) and answered once.

The actor (the user who started the job) is checked here against the owner's principal read model:
nothing is trusted for coming from inside, and a user disabled since the upload writes nothing.
Most entities need the right to create and edit every row, unrestricted. An entity marked `scoped`
(customer users) is decided row by row instead, as its HTTP API decides: the actor needs the right
beyond its own records (a customer's administrator: DEPARTMENT or CORPORATE), and the rule refuses
each row it does not reach, like one naming nothing (`BatchContext.access`).
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..auth.hierarchy import Hierarchy
from ..auth.jwt import InvalidToken
from ..auth.policy import scope_for
from ..auth.principal import Principal
from ..auth.principals import RowSource, principal_from, read_model_rows
from ..auth.scope import ALL, Scope
from ..errors import AppError
from ..http.access import Access, OwnersAt
from .envelope import CloudEvent

APPLIED = "import_batch.applied"
MODES = ("validate", "dry_run", "import")
WRITES = "import"  # the one mode that keeps what it did


def requested(entity: str) -> str:
    """The routing key (event type) of a batch of `entity` rows."""
    return f"import_batch.{entity}.requested"


class RowFailed(AppError):
    """A row's own problem, by CSV column: reported, never fatal to the batch."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("The row has invalid cells.", errors)


@dataclass(frozen=True)
class BatchContext:
    job_id: str
    entity: str
    mode: str
    actor: Principal
    # In validate and dry_run nothing is written, so a row whose parent is defined earlier in the same
    # file cannot find it: these keys (external ids) are taken to exist.
    pending_keys: frozenset[str] = field(default_factory=frozenset)
    hierarchy: Hierarchy | None = None  # the owner's, where `access` looks a row's owner up

    @property
    def writes(self) -> bool:
        return self.mode == WRITES

    def access(self, uow, resource: str, action: str) -> Access:
        """The actor's right to `action` a row, for the owner's use cases to check the row against as
        its HTTP API would; owners are read in the batch's own transaction. A right the actor lacks
        fails the row."""
        scope = scope_for(self.actor, resource, action)
        if scope is None:
            raise RowFailed({"": [f"The import's user may not {action.lower()} {resource}."]})
        return Access(self.actor, resource, action, scope, OwnersAt(self.hierarchy, uow.session.connection()))


@dataclass(frozen=True)
class RowResult:
    outcome: str  # created | updated | unchanged
    id: str | None = None
    changes: dict[str, Any] | None = None  # column -> new value, for updates


# (the service's unit of work joined to the consumer's transaction, the row's cells, the batch) -> result
RowRule = Callable[[Any, dict[str, str], BatchContext], RowResult]


@dataclass(frozen=True)
class Entity:
    rule: RowRule
    resource: str  # the permission the actor needs on every row: CREATE and EDIT, unrestricted
    # True: decided row by row within the actor's reach (the rule checks context.access(...)); the
    # actor needs CREATE and EDIT beyond its own records only, not unrestricted.
    scoped: bool = False
    # Loads what the batch's rows name in a few queries, so that the rule finds it in the session
    # instead of asking the database row by row: (unit of work, rows, batch) -> None.
    preload: Callable[[Any, list[dict], BatchContext], None] | None = None
    # True when the rule raises RowFailed only before it changes anything: the batch is then applied
    # with one flush and one outbox write (_apply_together), and row-by-row savepoints are only the
    # fallback when something fails later (a use case's rule, a unique index).
    fails_before_changing: bool = False


# Where the owner looks the actor up: `rows_for(engine)` -> the service's principal row source. Every
# service but users-roles keeps the principal read model (the default); users-roles reads its own tables.
RowsFor = Callable[[Any], RowSource]


def batch_handlers(entities: Mapping[str, Entity], metadata: MetaData, hierarchy: Hierarchy,
                   rows_for: RowsFor | None = None) -> dict:
    """The command queue's handlers: one per entity the service owns."""
    rows_for = rows_for or (lambda engine: read_model_rows(engine, hierarchy))
    return {requested(name): _handler(entity, metadata, hierarchy, rows_for) for name, entity in entities.items()}


def _handler(entity: Entity, metadata: MetaData, hierarchy: Hierarchy, rows_for: RowsFor):
    def handle(uow, event: CloudEvent) -> None:
        command = event.data
        with uow:
            results = _apply_all(uow, entity, command, hierarchy, rows_for)
            uow.emit(metadata, APPLIED, command["job_id"], {
                "job_id": command["job_id"], "batch": command["batch"], "entity": command["entity"],
                "mode": command["mode"], "results": results})
            uow.commit()
    return handle


def _apply_all(uow, entity: Entity, command: dict, hierarchy: Hierarchy, rows_for: RowsFor) -> list[dict]:
    try:
        actor = actor_may(uow, command["actor_id"], entity.resource, ("CREATE", "EDIT"), rows_for,
                          beyond_own_records if entity.scoped else every_row)
    except AppError as refused:
        return [_failed(row["row"], {"": [refused.detail]}) for row in command["rows"]]
    context = BatchContext(command["job_id"], command["entity"], command["mode"], actor,
                           frozenset(command.get("pending_keys") or ()), hierarchy)
    everything = uow.session.begin_nested()
    results = _apply_together(uow, entity, command["rows"], context) if entity.fails_before_changing else None
    if results is None:  # row by row, each in a savepoint of its own
        everything.rollback()
        uow.discard_events()
        everything = uow.session.begin_nested()
        _preload(uow, entity, command["rows"], context)
        results = [_apply_row(uow, entity.rule, row, context) for row in command["rows"]]
    if context.writes:
        everything.commit()
    else:
        everything.rollback()
        uow.discard_events()
    return results


def _preload(uow, entity: Entity, rows: list[dict], context: BatchContext) -> None:
    if entity.preload:
        entity.preload(uow, rows, context)


def _apply_together(uow, entity: Entity, rows: list[dict], context: BatchContext) -> list[dict] | None:
    """Every row in the batch's one savepoint, flushed once; None when anything but a row's own
    RowFailed went wrong, for the caller to roll back and go row by row."""
    try:
        _preload(uow, entity, rows, context)
        results = []
        with uow.deferred_commits(keep_events=context.writes):
            for row in rows:
                try:
                    results.append(_applied(row, entity.rule(uow, row["cells"], context)))
                except RowFailed as error:  # raised before the rule changed anything
                    results.append(_failed(row["row"], error.errors or {"": [error.detail]}))
        return results
    except (AppError, SQLAlchemyError):
        return None


def _apply_row(uow, rule: RowRule, row: dict, context: BatchContext) -> dict:
    savepoint = uow.session.begin_nested()
    try:
        result = rule(uow, row["cells"], context)
        uow.commit()  # joined: flushes, and writes the row's own events into the outbox, inside the savepoint
        savepoint.commit()
    except (AppError, IntegrityError) as error:
        savepoint.rollback()
        uow.discard_events()
        return _failed(row["row"], _errors_of(error))
    return _applied(row, result)


def _applied(row: dict, result: RowResult) -> dict:
    return {"row": row["row"], "outcome": result.outcome, "id": result.id, "changes": result.changes}


def _errors_of(error: Exception) -> dict[str, list[str]]:
    if isinstance(error, AppError):
        return error.errors or {"": [error.detail]}
    return {"": ["The row conflicts with data stored meanwhile; import it again."]}  # an unmapped constraint


def _failed(row: int, errors: dict[str, list[str]]) -> dict:
    return {"row": row, "outcome": "failed", "errors": errors}


# How far the actor's right must reach, (its scope) -> enough: every row (the default), other
# people's records besides its own (a scoped import: its rows are then decided one by one), or any.
Reach = Callable[[Scope], bool]


def every_row(scope: Scope) -> bool:
    return scope.kind == ALL


def beyond_own_records(scope: Scope) -> bool:
    return scope.beyond_own_records


def any_level(scope: Scope) -> bool:
    return True


REFUSALS = {every_row: "every {resource}", beyond_own_records: "{resource} records but its own",
            any_level: "{resource}"}


def actor_may(uow, actor_id: str, resource: str, actions: tuple[str, ...], rows_for: RowsFor,
              reach: Reach = every_row) -> Principal:
    """The job's user as the owner knows it now; refused (RowFailed) unless its right to do `actions`
    to `resource` reaches as far as `reach` asks."""
    row = rows_for(uow.session.get_bind())(uuid.UUID(actor_id))
    try:
        principal = principal_from({"kind": row.kind if row else None, "sub": actor_id,
                                    "iat": dt.datetime.now(dt.timezone.utc).timestamp()}, row)
    except InvalidToken as error:
        raise RowFailed({"": [f"The import's user may not act: {error}"]}) from error
    for action in actions:
        scope = scope_for(principal, resource, action)
        if scope is None or not reach(scope):
            what = REFUSALS.get(reach, "{resource}").format(resource=resource)
            raise RowFailed({"": [f"The import's user may not {action.lower()} {what}."]})
    return principal
