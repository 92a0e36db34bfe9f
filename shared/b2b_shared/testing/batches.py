"""Sending an import batch (or asking for an export page) to a service the way the import service
does, for the owners' tests: a command event through the real consumer of the service's work queue
(`Consumer.process`), and its answer, `import_batch.applied` (`export_page.ready`), read from the
service's outbox."""
from __future__ import annotations

import uuid

from sqlalchemy import Engine, text

from ..messaging.envelope import CloudEvent, make_envelope, to_json
from ..messaging.export_pages import READY, page_requested
from ..messaging.import_batches import APPLIED, requested


def batch_sender(commands, engine: Engine, actor_id: str):
    """send(entity, *cells, mode=, actor_id=) -> each row's result in the answer; the rows are
    numbered from 2, as a spreadsheet numbers them under the header."""
    def send(entity: str, *rows: dict, mode: str = "import", actor_id: str | None = None,
             pending_keys: tuple[str, ...] = ()) -> list[dict]:
        job_id = str(uuid.uuid4())
        command = {"job_id": job_id, "batch": 1, "entity": entity, "mode": mode, "actor_id": actor_id or default,
                   "rows": [{"row": number, "cells": cells} for number, cells in enumerate(rows, start=2)],
                   "pending_keys": list(pending_keys)}
        envelope = make_envelope(requested(entity), "/b2b/import", job_id, command, None)
        assert commands.process(CloudEvent.from_json(to_json(envelope).encode())) == "applied"
        [answer] = outbox_data(engine, APPLIED, job_id)
        assert {k: answer[k] for k in ("job_id", "batch", "entity", "mode")} == {
            "job_id": job_id, "batch": 1, "entity": entity, "mode": mode}
        return answer["results"]
    default = actor_id
    return send


def page_asker(commands, engine: Engine, actor_id: str):
    """ask(entity, filters, cursor=, limit=, actor_id=) -> the `export_page.ready` answer (rows,
    next_cursor, or refused)."""
    def ask(entity: str, filters: dict | None = None, cursor: str | None = None, limit: int = 1000,
            actor_id: str | None = None) -> dict:
        job_id = str(uuid.uuid4())
        request = {"job_id": job_id, "page": 0, "entity": entity, "actor_id": actor_id or default,
                   "filters": filters or {}, "cursor": cursor, "limit": limit}
        envelope = make_envelope(page_requested(entity), "/b2b/import", job_id, request, None)
        assert commands.process(CloudEvent.from_json(to_json(envelope).encode())) == "applied"
        [answer] = outbox_data(engine, READY, job_id)
        return answer
    default = actor_id
    return ask


def pages_of(ask, entity: str, filters: dict | None = None, limit: int = 1000, **options) -> list[list[str]]:
    """Every row of an export, asked page by page as the import service asks: following next_cursor."""
    rows, cursor = [], None
    while True:
        answer = ask(entity, filters, cursor=cursor, limit=limit, **options)
        assert "refused" not in answer, answer["refused"]
        rows += answer["rows"]
        if not (cursor := answer["next_cursor"]):
            return rows


def outbox_data(engine: Engine, event_type: str, subject) -> list[dict]:
    """The data of the events of a type and subject in the service's outbox, oldest first."""
    with engine.connect() as connection:
        return [row.envelope["data"] for row in connection.execute(
            text("SELECT envelope FROM outbox WHERE event_type = :type AND subject = :subject ORDER BY seq"),
            {"type": event_type, "subject": str(subject)})]
