"""Publisher-confirm bookkeeping for the outbox relay: which rows are in flight, by delivery tag.

On a channel in confirm mode RabbitMQ numbers the published messages 1, 2, 3... and later acks
or nacks them, several at once when `multiple` is set; a mandatory message that no queue took
comes back as basic.return before its ack (https://www.rabbitmq.com/docs/confirms#publisher-confirms).
No I/O here: the relay pipeline feeds it frames and drains what is settled.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutboxRow:
    seq: int
    chunk: int  # the claim (advisory lock) the row was published under
    event_id: str
    event_type: str
    request_id: str | None
    body: bytes
    traceparent: str | None = None  # the W3C trace context of the request that wrote the event


@dataclass
class Settled:
    """What the broker answered since the last drain, for the relay to write down."""

    routed: list[OutboxRow] = field(default_factory=list)
    unroutable: list[OutboxRow] = field(default_factory=list)  # acked, but no queue was bound
    nacked: list[OutboxRow] = field(default_factory=list)  # stays unsent: claimed and published again
    finished_chunks: list[int] = field(default_factory=list)  # nothing of them is in flight any more

    @property
    def sent(self) -> list[OutboxRow]:
        return self.routed + self.unroutable


class InFlight:
    """Rows published and not yet written down as settled. Its length is the relay's window."""

    def __init__(self) -> None:
        self._by_tag: OrderedDict[int, OutboxRow] = OrderedDict()  # tags only grow: oldest first
        self._last_tag = 0
        self._returned: set[str] = set()
        self._rows_per_chunk: Counter[int] = Counter()
        self._settled = Settled()

    def __len__(self) -> int:
        settled = self._settled
        return len(self._by_tag) + len(settled.routed) + len(settled.unroutable) + len(settled.nacked)

    def published(self, row: OutboxRow) -> None:
        self._last_tag += 1
        self._by_tag[self._last_tag] = row
        self._rows_per_chunk[row.chunk] += 1

    def returned(self, event_id: str) -> None:
        self._returned.add(event_id)

    def confirmed(self, delivery_tag: int, multiple: bool, ack: bool) -> None:
        for row in self._pop(delivery_tag, multiple):
            self._settle(row, ack)

    def drain_settled(self) -> Settled:
        settled, self._settled = self._settled, Settled()
        for row in settled.routed + settled.unroutable + settled.nacked:
            self._rows_per_chunk[row.chunk] -= 1
            if not self._rows_per_chunk[row.chunk]:
                del self._rows_per_chunk[row.chunk]
                settled.finished_chunks.append(row.chunk)
        return settled

    def _pop(self, delivery_tag: int, multiple: bool) -> list[OutboxRow]:
        if not multiple:
            row = self._by_tag.pop(delivery_tag, None)
            return [row] if row else []
        rows = []
        while self._by_tag and next(iter(self._by_tag)) <= delivery_tag:
            rows.append(self._by_tag.popitem(last=False)[1])
        return rows

    def _settle(self, row: OutboxRow, ack: bool) -> None:
        was_returned = row.event_id in self._returned
        self._returned.discard(row.event_id)
        if not ack:
            self._settled.nacked.append(row)
        elif was_returned:
            self._settled.unroutable.append(row)
        else:
            self._settled.routed.append(row)
