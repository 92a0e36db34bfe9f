"""CloudEvents 1.0 structured JSON envelope (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md)."""
from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from dataclasses import dataclass
from typing import Any

CONTENT_TYPE = "application/cloudevents+json"


def _json_default(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return rfc3339(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)  # money travels as a decimal string, never a float
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def to_json(value: Any) -> str:
    return json.dumps(value, default=_json_default, separators=(",", ":"))


def make_envelope(event_type: str, source: str, subject: str, data: dict, request_id: str | None) -> dict:
    """An envelope whose data holds JSON's own types only (ids and times as strings)."""
    return {**new_envelope(event_type, source, subject, data, request_id), "data": json.loads(to_json(data))}


def new_envelope(event_type: str, source: str, subject: str, data: dict, request_id: str | None) -> dict:
    """An envelope around `data` as given (ids, times, decimals as Python's): for to_json only, which
    writes them as make_envelope's would read (the outbox serialises each envelope once, outbox_writes.py)."""
    envelope = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "type": event_type,
        "time": rfc3339(dt.datetime.now(dt.timezone.utc)),
        "subject": subject,
        "datacontenttype": "application/json",
        "data": data,
    }
    if request_id:
        envelope["requestid"] = request_id  # CloudEvents extension attribute: lowercase alphanumerics only
    return envelope


@dataclass(frozen=True)
class CloudEvent:
    """A received event, read tolerantly: unknown attributes are ignored."""

    id: str
    type: str
    source: str
    subject: str | None
    data: dict
    request_id: str | None = None
    traceparent: str | None = None  # CloudEvents distributed tracing extension

    @classmethod
    def from_json(cls, body: bytes) -> "CloudEvent":
        raw = json.loads(body)
        if not isinstance(raw, dict) or raw.get("specversion") != "1.0":
            raise ValueError("not a CloudEvents 1.0 structured message")
        return cls(
            id=str(raw["id"]),
            type=str(raw["type"]),
            source=str(raw["source"]),
            subject=raw.get("subject"),
            data=raw.get("data") or {},
            request_id=raw.get("requestid"),
            traceparent=raw.get("traceparent"),
        )
