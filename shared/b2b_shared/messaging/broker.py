"""RabbitMQ connection and the topology every service agrees on.

- `b2b.events`: one durable topic exchange; routing key = event type.
- `b2b.dead-letter`: a durable direct exchange; a queue's poison messages go to `<queue>.dead-letter`.
"""
from __future__ import annotations

import pika
from pika.adapters.blocking_connection import BlockingChannel

DEAD_LETTER_EXCHANGE = "b2b.dead-letter"


def connect(amqp_url: str, name: str, heartbeat: int = 30) -> pika.BlockingConnection:
    params = pika.URLParameters(amqp_url)
    params.heartbeat = heartbeat
    params.blocked_connection_timeout = 60
    params.connection_attempts = 1
    params.client_properties = {"connection_name": name}
    return pika.BlockingConnection(params)


def dead_letter_queue(queue: str) -> str:
    """Where the broker moves `queue`'s poison messages; `python -m b2b_shared.messaging.replay` moves them back."""
    return f"{queue}.dead-letter"


def declare_events_exchange(channel: BlockingChannel, exchange: str) -> None:
    channel.exchange_declare(exchange=exchange, exchange_type="topic", durable=True)


def declare_consumer_queue(
    channel: BlockingChannel, exchange: str, queue: str, routing_keys: list[str], delivery_limit: int
) -> None:
    """A quorum queue whose broker-side delivery limit dead-letters a message that keeps failing
    (https://www.rabbitmq.com/docs/quorum-queues#poison-message-handling)."""
    declare_events_exchange(channel, exchange)
    channel.exchange_declare(exchange=DEAD_LETTER_EXCHANGE, exchange_type="direct", durable=True)
    channel.queue_declare(queue=dead_letter_queue(queue), durable=True, arguments={"x-queue-type": "quorum"})
    channel.queue_bind(queue=dead_letter_queue(queue), exchange=DEAD_LETTER_EXCHANGE, routing_key=queue)
    channel.queue_declare(
        queue=queue,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": delivery_limit,
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key": queue,
        },
    )
    for routing_key in routing_keys:
        channel.queue_bind(queue=queue, exchange=exchange, routing_key=routing_key)
