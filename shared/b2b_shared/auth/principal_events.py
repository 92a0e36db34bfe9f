"""Keeping the principal read model from users-roles' events: `customer_user.*`, `staff_user.*`
and `role.*` (tolerant readers: only the fields used here, anything else ignored).

A consuming service merges `PRINCIPAL_HANDLERS` into its own `HANDLERS`. Each upsert applies
only a newer version, so a late or repeated event changes nothing; a deletion is kept as a
tombstone so an older event cannot bring the principal back.
"""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import MetaData, Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..messaging.envelope import CloudEvent
from .principal_tables import principals_table, roles_table

_METADATA = MetaData()
PRINCIPALS, ROLES = principals_table(_METADATA), roles_table(_METADATA)


def _uuids(values) -> list[uuid.UUID]:
    return [uuid.UUID(str(value)) for value in values or ()]


def _moment(value) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


def _deleted(event: CloudEvent) -> bool:
    return event.type.endswith(".deleted") or event.data.get("deleted") is True


def principal_row(event: CloudEvent, kind: str) -> dict:
    data = event.data
    customer = data.get("customer_id")
    return {
        "id": uuid.UUID(str(data.get("id") or event.subject)),
        "kind": kind,
        "customer_id": uuid.UUID(str(customer)) if customer else None,
        "enabled": bool(data.get("enabled", True)) and not _deleted(event),
        "staff_roles": list(data.get("staff_roles") or ()),
        "role_ids": _uuids(data.get("role_ids")),
        "tokens_valid_after": _moment(data.get("tokens_valid_after")),
        "version": int(data["version"]),
        "deleted": _deleted(event),
    }


def role_row(event: CloudEvent) -> dict:
    data = event.data
    return {"id": uuid.UUID(str(data.get("id") or event.subject)), "name": str(data.get("name") or ""),
            "permissions": list(data.get("permissions") or ()), "version": int(data["version"]),
            "deleted": _deleted(event)}


def upsert_newer(session: Session, table: Table, row: dict) -> None:
    statement = insert(table).values(**row)
    changes = {name: statement.excluded[name] for name in row if name != "id"}
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.id], set_=changes, where=table.c.version < statement.excluded.version))


def customer_user_changed(session: Session, event: CloudEvent) -> None:
    upsert_newer(session, PRINCIPALS, principal_row(event, "customer_user"))


def staff_user_changed(session: Session, event: CloudEvent) -> None:
    upsert_newer(session, PRINCIPALS, principal_row(event, "staff"))


def role_changed(session: Session, event: CloudEvent) -> None:
    upsert_newer(session, ROLES, role_row(event))


# `.snapshot`: the current state, republished on request to rebuild this read model (messaging/republish.py).
PRINCIPAL_HANDLERS = {
    **{f"customer_user.{what}": customer_user_changed
       for what in ("created", "updated", "disabled", "deleted", "snapshot")},
    **{f"staff_user.{what}": staff_user_changed for what in ("created", "updated", "disabled", "deleted", "snapshot")},
    **{f"role.{what}": role_changed for what in ("created", "updated", "deleted", "snapshot")},
}
