"""Sending an import batch to a service the way the import service does, for the owners' tests: a
command event through the real consumer of the service's work queue (`Consumer.process`), and its
answer, `import_batch.applied`, read from the service's outbox."""
from __future__ import annotations

import uuid

from sqlalchemy import Engine, text

from ..messaging.envelope import CloudEvent, make_envelope, to_json
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


def outbox_data(engine: Engine, event_type: str, subject) -> list[dict]:
    """The data of the events of a type and subject in the service's outbox, oldest first."""
    with engine.connect() as connection:
        return [row.envelope["data"] for row in connection.execute(
            text("SELECT envelope FROM outbox WHERE event_type = :type AND subject = :subject ORDER BY seq"),
            {"type": event_type, "subject": str(subject)})]
