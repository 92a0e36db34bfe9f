"""`b2b-service replay <service> [--limit N]` (b2b_shared.entrypoints) runs this.

Moves dead-lettered messages from `<queue>.dead-letter` back to `<queue>` once their cause is
fixed (a handler bug deployed, a missing reference created). Each one is republished to the queue
through the default exchange with its body and properties unchanged (its `x-death` history
included; the quorum queue counts deliveries afresh), and acked from the dead-letter queue only
after the broker confirmed the republish: a crash in between leaves a copy in both, never in
neither, and the consumer's inbox applies it once.
"""
from __future__ import annotations

from pika.adapters.blocking_connection import BlockingChannel

from .broker import connect, dead_letter_queue


def replay(amqp_url: str, queue: str, limit: int | None = None) -> int:
    """Moves at most `limit` (default: all) messages; returns how many it moved."""
    connection = connect(amqp_url, f"replay-{queue}")
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        return _move(channel, dead_letter_queue(queue), queue, _how_many(channel, queue, limit))
    finally:
        connection.close()


def _how_many(channel: BlockingChannel, queue: str, limit: int | None) -> int:
    """What the dead-letter queue holds now: a message that fails again and comes back while we
    replay is left for the next run instead of going round for ever."""
    channel.queue_declare(queue, passive=True)  # the queue must exist, or the republish has nowhere to go
    waiting = channel.queue_declare(dead_letter_queue(queue), passive=True).method.message_count
    return waiting if limit is None else min(waiting, limit)


def _move(channel: BlockingChannel, source: str, target: str, count: int) -> int:
    moved = 0
    while moved < count:
        method, properties, body = channel.basic_get(source, auto_ack=False)
        if method is None:
            break
        # mandatory + confirms: returns only once the broker has the message on `target`, raises otherwise.
        channel.basic_publish("", target, body, properties, mandatory=True)
        channel.basic_ack(method.delivery_tag)
        moved += 1
    return moved
