"""Export pages: how the import service writes an export file of another service's data without
reading its database, on the same work queue as import batches.

The import service asks for one page, `export_page.<entity>.requested` {job_id, page, entity,
actor_id, filters, cursor, limit}; the owner answers `export_page.ready` {job_id, page, entity,
rows, next_cursor} through its outbox, with the rows as CSV cells in its export's columns
(neutralised). The import service appends them and asks for the next page until there is none.
One page at a time keeps both sides in constant memory whatever the size of the export, and a page
asked twice (a redelivery) is answered twice but appended once (the page number is the key).

The actor (the user who asked for the export) must be allowed to view every row of the entity,
without restriction, as the owner knows it now; otherwise the answer carries `refused`."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import MetaData

from ..auth.hierarchy import Hierarchy
from ..auth.principals import read_model_rows
from ..errors import AppError
from .envelope import CloudEvent
from .import_batches import RowsFor, actor_may

READY = "export_page.ready"


def page_requested(entity: str) -> str:
    return f"export_page.{entity}.requested"


# (unit of work, filters as the list route takes them, cursor or None, limit) -> (rows of cells, next cursor)
PageRule = Callable[[Any, dict, str | None, int], tuple[list[list[str]], str | None]]


@dataclass(frozen=True)
class Exported:
    rule: PageRule
    resource: str


def page_handlers(entities: Mapping[str, Exported], metadata: MetaData, hierarchy: Hierarchy,
                  rows_for: RowsFor | None = None) -> dict:
    rows_for = rows_for or (lambda engine: read_model_rows(engine, hierarchy))
    return {page_requested(name): _handler(entity, metadata, rows_for) for name, entity in entities.items()}


def _handler(entity: Exported, metadata: MetaData, rows_for: RowsFor):
    def handle(uow, event: CloudEvent) -> None:
        request = event.data
        answer = {"job_id": request["job_id"], "page": request["page"], "entity": request["entity"]}
        with uow:
            try:
                actor_may(uow, request["actor_id"], entity.resource, ("VIEW",), rows_for)
                rows, next_cursor = entity.rule(uow, request.get("filters") or {}, request.get("cursor"),
                                                int(request["limit"]))
                answer.update(rows=rows, next_cursor=next_cursor)
            except AppError as refused:
                answer.update(rows=[], next_cursor=None, refused=_reason(refused))
            uow.emit(metadata, READY, request["job_id"], answer)
            uow.commit()
    return handle


def _reason(error: AppError) -> str:
    messages = [message for messages in (error.errors or {}).values() for message in messages]
    return " ".join(messages) or error.detail
