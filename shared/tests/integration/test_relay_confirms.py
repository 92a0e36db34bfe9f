"""The relay's confirm bookkeeping on its own (no I/O; it lives here beside the relay's other tests)."""
from __future__ import annotations

from b2b_shared.messaging.confirms import InFlight, OutboxRow


def row(seq: int, chunk: int = 0) -> OutboxRow:
    return OutboxRow(seq, chunk, f"event-{seq}", "thing.created", None, b"{}")


def published(*rows: OutboxRow) -> InFlight:
    in_flight = InFlight()
    for each in rows:
        in_flight.published(each)
    return in_flight


def test_a_multiple_ack_settles_every_message_up_to_its_delivery_tag():
    in_flight = published(row(10), row(11), row(12))
    in_flight.confirmed(2, multiple=True, ack=True)
    assert [r.seq for r in in_flight.drain_settled().routed] == [10, 11]
    assert len(in_flight) == 1


def test_a_nacked_message_is_settled_as_not_sent():
    in_flight = published(row(10), row(11))
    in_flight.confirmed(1, multiple=False, ack=False)
    in_flight.confirmed(2, multiple=False, ack=True)
    settled = in_flight.drain_settled()
    assert [r.seq for r in settled.nacked] == [10]
    assert [r.seq for r in settled.sent] == [11]


def test_a_returned_message_is_sent_but_counted_as_unroutable():
    in_flight = published(row(10), row(11))
    in_flight.returned("event-10")
    in_flight.confirmed(2, multiple=True, ack=True)
    settled = in_flight.drain_settled()
    assert [r.seq for r in settled.unroutable] == [10]
    assert [r.seq for r in settled.routed] == [11]


def test_a_chunk_is_finished_only_when_none_of_its_rows_is_in_flight():
    in_flight = published(row(10, chunk=0), row(64, chunk=1), row(65, chunk=1))
    in_flight.confirmed(2, multiple=True, ack=True)
    assert in_flight.drain_settled().finished_chunks == [0]
    in_flight.confirmed(3, multiple=False, ack=True)
    assert in_flight.drain_settled().finished_chunks == [1]
    assert len(in_flight) == 0


def test_settled_rows_count_against_the_window_until_drained():
    in_flight = published(row(10), row(11))
    in_flight.confirmed(2, multiple=True, ack=True)
    assert len(in_flight) == 2
    in_flight.drain_settled()
    assert len(in_flight) == 0
