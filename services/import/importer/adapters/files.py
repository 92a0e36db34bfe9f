"""An upload kept in the database a mebibyte at a time, and read back as a stream: neither the web
process that keeps it nor the worker that stages it ever holds a second copy, and the worker holds
only the chunk it is reading (a whole bytea value would arrive hex-encoded, twice its size)."""
from __future__ import annotations

import io
import uuid

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from .tables import files

CHUNK_BYTES = 1 << 20


def keep(session: Session, job_id: uuid.UUID, content: bytes) -> None:
    view = memoryview(content)
    for number, start in enumerate(range(0, max(len(content), 1), CHUNK_BYTES)):
        session.execute(insert(files).values(job_id=job_id, chunk=number, content=bytes(view[start:start + CHUNK_BYTES])))


class StoredFile(io.RawIOBase):
    """The kept file as a readable binary stream, fetched a chunk at a time as it is read."""

    def __init__(self, session: Session, job_id: uuid.UUID):
        self._session, self._job_id = session, job_id
        self._chunk, self._buffer = 0, memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        if not self._buffer:
            content = self._session.scalar(select(files.c.content).where(
                files.c.job_id == self._job_id, files.c.chunk == self._chunk))
            if content is None:
                return 0
            self._chunk, self._buffer = self._chunk + 1, memoryview(content)
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size
