"""The customer read model from customer.* events: exactly once, newest version wins, a real
message through RabbitMQ reaches it, and each row keeps its lineage (root..self) and sales
representatives for authorization."""
from __future__ import annotations

import json
import threading
import time
import uuid

import pika
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.envelope import CloudEvent, make_envelope
from pricing.service import SERVICE
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


def lineage(db, customer_id) -> list:
    with db.connect() as connection:
        return connection.execute(text("SELECT lineage FROM customer_read_model WHERE id = :id"),
                                  {"id": customer_id}).scalar_one()


def test_a_customers_lineage_is_its_ancestors_then_itself(tell, db):
    root, middle, leaf = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    tell("customer.created", root, 1)
    tell("customer.created", middle, 1, parent_id=root)
    tell("customer.created", leaf, 1, parent_id=middle)
    assert lineage(db, leaf) == [root, middle, leaf]


def test_a_move_rewrites_the_lineage_of_the_whole_subtree(tell, db):
    old_root, new_root, moved, below = (uuid.uuid4() for _ in range(4))
    for customer in (old_root, new_root):
        tell("customer.created", customer, 1)
    tell("customer.created", moved, 1, parent_id=old_root)
    tell("customer.created", below, 1, parent_id=moved)
    tell("customer.moved", moved, 2, parent_id=new_root)
    assert lineage(db, below) == [new_root, moved, below]
    tell("customer.moved", moved, 3)  # made a root
    assert lineage(db, below) == [moved, below]


def test_a_customer_arriving_before_its_parent_is_completed_when_the_parent_arrives(tell, db):
    root, parent, child = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    tell("customer.created", child, 1, parent_id=parent)
    assert lineage(db, child) == [parent, child]
    tell("customer.created", root, 1)
    tell("customer.created", parent, 1, parent_id=root)
    assert lineage(db, child) == [root, parent, child]


def test_sales_representatives_are_kept_and_a_deleted_customer_is_not_active(tell, db, customer_id):
    rep = uuid.uuid4()
    tell("customer.created", customer_id, 1, sales_rep_ids=[str(rep)])
    tell("customer.deleted", customer_id, 2, deleted=True, sales_rep_ids=[str(rep)])
    with db.connect() as connection:
        row = connection.execute(text("SELECT status, sales_rep_ids FROM customer_read_model WHERE id = :id"),
                                 {"id": customer_id}).first()
    assert (row.status, row.sales_rep_ids) == ("deleted", [rep])


def test_users_roles_events_keep_the_principal_read_model_on_the_same_consumer(consumer, db):
    user_id = uuid.uuid4()
    data = {"id": str(user_id), "customer_id": str(uuid.uuid4()), "enabled": True, "role_ids": [], "version": 1}
    envelope = make_envelope("customer_user.created", "/b2b/users-roles", str(user_id), data, None)
    assert consumer.process(CloudEvent.from_json(json.dumps(envelope).encode())) == "applied"
    with db.connect() as connection:
        kind = connection.execute(text("SELECT kind FROM authz_principals WHERE id = :id"), {"id": user_id}).scalar()
    assert kind == "customer_user"


def test_a_move_arriving_through_rabbitmq_updates_the_parent(config, db, event_of, unique):
    customer_id = uuid.uuid4()  # unknown until the event arrives
    # A queue of the test's own: the real `pricing.customer-events` stays untouched on a shared broker.
    queue = f"pricing.customer-events.test-{unique}"
    consumer = build_consumer(SERVICE, config, queue)
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
