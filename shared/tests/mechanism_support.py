"""A throwaway service for testing the mechanism: one `things` table plus the outbox and inbox."""
from __future__ import annotations

import threading
import uuid

from b2b_shared.auth.principal_tables import add_principal_tables
from b2b_shared.db.events import RecordsEvents
from b2b_shared.db.tables import add_messaging_tables
from sqlalchemy import ARRAY, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


add_messaging_tables(Base.metadata)
add_principal_tables(Base.metadata)


class Thing(RecordsEvents, Base):
    __tablename__ = "things"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}


class Company(Base):
    """A customer hierarchy as a service keeps it: lineage root..self, status, sales reps."""

    __tablename__ = "companies"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    lineage: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    status: Mapped[str] = mapped_column(String(20), default="active")
    sales_rep_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), default=list)


class Listener:
    def __init__(self, connection, channel, queue):
        self.connection, self.channel, self.queue = connection, channel, queue

    def receive(self, count: int, timeout: float = 10.0) -> list[dict]:
        import json
        import time

        bodies, deadline = [], time.monotonic() + timeout
        while len(bodies) < count and time.monotonic() < deadline:
            method, _props, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                self.connection.sleep(0.02)
                continue
            bodies.append(json.loads(body))
        return bodies


def start(loop) -> threading.Thread:
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    return thread


def wait_for(condition, timeout: float = 10.0) -> bool:
    """Polls `condition` until it holds (True) or `timeout` seconds pass (False)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def message_count(amqp_url: str, queue: str) -> int:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()
