"""The customer read model from customer.* events: exactly once, newest version wins, and a
real message through RabbitMQ reaches it."""
from __future__ import annotations

import json
import threading
import time
import uuid

import pika
from pricing.entrypoints.consumer import make_consumer
from sqlalchemy import text


def read_model(db, customer_id):
    with db.connect() as connection:
        return connection.execute(text("SELECT group_id, parent_id, version, deleted FROM customer_read_model "
                                        "WHERE id = :id"), {"id": customer_id}).first()


def test_an_event_processed_twice_is_applied_once(consumer, event_of, customer_id):
    event = event_of("customer.created", customer_id, 1)
    assert consumer.process(event) == "applied"
    assert consumer.process(event) == "duplicate"


def test_an_older_version_arriving_late_does_not_overwrite_a_newer_one(tell, db, customer_id):
    new_group = uuid.uuid4()
    tell("customer.updated", customer_id, 3, group_id=new_group)
    tell("customer.created", customer_id, 1, group_id=uuid.uuid4())
    tell("customer.updated", customer_id, 2, group_id=uuid.uuid4())
    row = read_model(db, customer_id)
    assert (row.group_id, row.version) == (new_group, 3)


def test_a_deletion_is_a_tombstone_that_an_older_update_cannot_revive(tell, db, customer_id):
    tell("customer.created", customer_id, 1)
    tell("customer.deleted", customer_id, 3, deleted=True)
    tell("customer.updated", customer_id, 2)
    assert read_model(db, customer_id).deleted is True


def test_a_move_arriving_through_rabbitmq_updates_the_parent(config, db, event_of, customer_id, unique):
    # A queue of the test's own: the real `pricing.customer-events` stays untouched on a shared broker.
    queue = f"pricing.customer-events.test-{unique}"
    consumer = make_consumer(config, queue)
    worker = threading.Thread(target=consumer.run, daemon=True)
    worker.start()
    try:
        parent = uuid.uuid4()
        envelope = event_of("customer.moved", customer_id, 2, parent_id=parent)
        body = {"specversion": "1.0", "id": envelope.id, "source": envelope.source, "type": envelope.type,
                "subject": envelope.subject, "data": envelope.data}
        deadline = time.monotonic() + 15
        while read_model(db, customer_id) is None and time.monotonic() < deadline:
            _publish(config, "customer.moved", body)  # again until the queue exists and is bound
            time.sleep(0.5)
        assert read_model(db, customer_id).parent_id == parent
    finally:
        consumer.stop()
        worker.join(timeout=10)
        _delete_queues(config, queue, f"{queue}.dead-letter")


def _delete_queues(config, *queues: str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(config.amqp_url))
    try:
        channel = connection.channel()
        for queue in queues:
            channel.queue_delete(queue)
    finally:
        connection.close()


def _publish(config, routing_key: str, body: dict) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(config.amqp_url))
    try:
        channel = connection.channel()
        channel.exchange_declare(exchange=config.events_exchange, exchange_type="topic", durable=True)
        channel.basic_publish(config.events_exchange, routing_key, json.dumps(body).encode())
    finally:
        connection.close()
