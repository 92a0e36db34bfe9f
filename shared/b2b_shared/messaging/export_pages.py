"""Export pages: how the import service writes an export file of another service's data without
reading its database, on the same work queue as import batches.

The import service asks for one page, `export_page.<entity>.requested` {job_id, page, entity,
actor_id, filters, cursor, limit}; the owner answers `export_page.ready` {job_id, page, entity,
rows, next_cursor} through its outbox, with the rows as CSV cells in its export's columns
(neutralised). The import service appends them and asks for the next page until there is none.
One page at a time keeps both sides in constant memory whatever the size of the export, and a page
asked twice (a redelivery) is answered twice but appended once (the page number is the key).

The actor (the user who asked for the export) must be allowed to view every row of the entity,
without restriction, as the owner knows it now; otherwise the answer carries `refused`. An entity
marked `scoped` (customer users) is exported as its list shows it: the actor needs the right to view
it at any level, and a page holds only the rows within its reach. Every rule gets the actor's Access
(`within`) to filter by; for the others it reaches everything."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import MetaData

from ..auth.hierarchy import Hierarchy
from ..auth.policy import scope_for
from ..auth.principals import read_model_rows
from ..errors import AppError
from ..http.access import Access, OwnersAt
from .envelope import CloudEvent
from .import_batches import RowsFor, actor_may, any_level, every_row

READY = "export_page.ready"


def page_requested(entity: str) -> str:
    return f"export_page.{entity}.requested"


# (unit of work, filters as the list route takes them, cursor or None, limit, the actor's Access to
# view the entity) -> (rows of cells, next cursor)
PageRule = Callable[[Any, dict, str | None, int, Access], tuple[list[list[str]], str | None]]


@dataclass(frozen=True)
class Exported:
    rule: PageRule
    resource: str
    scoped: bool = False  # True: any level of VIEW will do, and the rule keeps to `within`


def page_handlers(entities: Mapping[str, Exported], metadata: MetaData, hierarchy: Hierarchy,
                  rows_for: RowsFor | None = None) -> dict:
    rows_for = rows_for or (lambda engine: read_model_rows(engine, hierarchy))
    return {page_requested(name): _handler(entity, metadata, hierarchy, rows_for) for name, entity in entities.items()}


def _handler(entity: Exported, metadata: MetaData, hierarchy: Hierarchy, rows_for: RowsFor):
    def handle(uow, event: CloudEvent) -> None:
        request = event.data
        answer = {"job_id": request["job_id"], "page": request["page"], "entity": request["entity"]}
        with uow:
            try:
                within = _viewing(uow, entity, hierarchy, request["actor_id"], rows_for)
                rows, next_cursor = entity.rule(uow, request.get("filters") or {}, request.get("cursor"),
                                                int(request["limit"]), within)
                answer.update(rows=rows, next_cursor=next_cursor)
            except AppError as refused:
                answer.update(rows=[], next_cursor=None, refused=_reason(refused))
            uow.emit(metadata, READY, request["job_id"], answer)
            uow.commit()
    return handle


def _viewing(uow, entity: Exported, hierarchy: Hierarchy, actor_id: str, rows_for: RowsFor) -> Access:
    """The actor's right to view the entity, as far as it reaches; owners read in this transaction."""
    actor = actor_may(uow, actor_id, entity.resource, ("VIEW",), rows_for, any_level if entity.scoped else every_row)
    return Access(actor, entity.resource, "VIEW", scope_for(actor, entity.resource, "VIEW"),
                  OwnersAt(hierarchy, uow.session.connection()))


def _reason(error: AppError) -> str:
    """The refusal as the job shows it: each message after the filter it is about."""
    return " ".join(_messages("", error.errors or {})) or error.detail


def _messages(field: str, messages) -> list[str]:
    if isinstance(messages, dict):  # a field's own fields or items: ids.1
        return [text for key, inner in messages.items() for text in _messages(_path(field, key), inner)]
    return [f"{field}: {message}" if field else str(message) for message in messages]


def _path(field: str, key) -> str:
    return f"{field}.{key}" if field else str(key)
