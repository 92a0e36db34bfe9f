"""The customer read model follows customer.* events: through the real broker and consumer,
and through `Consumer.process` for idempotency and versions."""
from __future__ import annotations

import threading
import time
import uuid

import pika
import pytest
from b2b_shared.db.tables import outbox_table
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.broker import declare_events_exchange
from b2b_shared.messaging.envelope import make_envelope, to_json
from sqlalchemy import select
from users_roles.domain.model import Base
from users_roles.domain.records import CustomerView
from users_roles.service import SERVICE


def read(engine, customer_id) -> CustomerView | None:
    with engine.connect() as db:
        row = db.execute(select(CustomerView.__table__).where(CustomerView.id == customer_id)).first()
    return row


def eventually(probe, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := probe():
            return result
        time.sleep(0.05)
    raise AssertionError("the read model did not catch up in time")


def has_consumer(amqp_url: str, queue: str) -> bool:
    with pika.BlockingConnection(pika.URLParameters(amqp_url)) as connection:
        try:
            return bool(connection.channel().queue_declare(queue, passive=True).method.consumer_count)
        except pika.exceptions.ChannelClosedByBroker:
            return False  # not declared yet


@pytest.fixture(scope="module")
def running_consumer(config):
    """The real consumer loop in a thread, on a queue of this session's own (a developer's
    consumer on the same broker must not take our messages)."""
    queue = f"users-roles.customer-events.test-{uuid.uuid4().hex[:8]}"
    consumer = build_consumer(SERVICE, config, queue)
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    eventually(lambda: has_consumer(config.amqp_url, queue))
    yield consumer
    consumer.stop()
    thread.join(timeout=5)
    with pika.BlockingConnection(pika.URLParameters(config.amqp_url)) as connection:
        channel = connection.channel()
        channel.queue_delete(queue)
        channel.queue_delete(f"{queue}.dead-letter")


@pytest.fixture
def publish(config, running_consumer):
    connection = pika.BlockingConnection(pika.URLParameters(config.amqp_url))
    channel = connection.channel()
    declare_events_exchange(channel, config.events_exchange)

    def send(event_type: str, customer_id, version: int, parent=None, status="active", deleted=False):
        data = {"id": str(customer_id), "name": "Acme", "parent_id": str(parent) if parent else None,
                "status": status, "version": version, **({"deleted": True} if deleted else {})}
        envelope = make_envelope(event_type, "/b2b/customers", str(customer_id), data, None)
        channel.basic_publish(config.events_exchange, event_type, to_json(envelope).encode())
    yield send
    connection.close()


def test_the_read_model_follows_creates_moves_and_deletes_through_the_broker(engine, publish):
    root, other_root, child = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    grandchild = uuid.uuid4()
    publish("customer.created", root, 1)
    publish("customer.created", other_root, 1)
    publish("customer.created", child, 1, parent=root)
    publish("customer.created", grandchild, 1, parent=child)
    assert eventually(lambda: read(engine, grandchild)).path == [root, child, grandchild]
    publish("customer.moved", child, 2, parent=other_root)
    # The whole subtree takes the new lineage.
    assert eventually(lambda: (r := read(engine, grandchild)) and r.path[0] == other_root and r).path == [
        other_root, child, grandchild]
    publish("customer.deleted", grandchild, 2, parent=child, deleted=True)
    assert eventually(lambda: (r := read(engine, grandchild)) and r.status == "deleted" and r)


def test_a_move_changes_corporate_answers_within_a_second(client, suite, publish):
    root = suite.customer()
    subsidiary = suite.customer()  # a root for now
    role = suite.role(root, [{"resource": "customer", "action": "VIEW", "access_level": "CORPORATE"}])
    user = suite.user(root, [role["id"]])
    body = {"user_id": user["id"], "resource": "customer", "action": "VIEW", "owner_customer_id": str(subsidiary)}
    assert client.post("/api/v1/authz/check", json=body).json["allowed"] is False
    publish("customer.moved", subsidiary, 2, parent=root)
    started = time.monotonic()
    eventually(lambda: client.post("/api/v1/authz/check", json=body).json["allowed"], timeout=1.0)
    assert time.monotonic() - started < 1.0


def test_the_same_event_delivered_twice_has_one_effect(consumer, event, engine):
    customer_id = uuid.uuid4()
    created = event("customer.created", customer_id, 1)
    assert consumer.process(created) == "applied"
    assert consumer.process(created) == "duplicate"
    assert read(engine, customer_id).version == 1


def test_an_older_version_is_ignored(consumer, event, engine):
    customer_id, parent = uuid.uuid4(), uuid.uuid4()
    consumer.process(event("customer.created", parent, 1))
    consumer.process(event("customer.created", customer_id, 1))
    consumer.process(event("customer.moved", customer_id, 3, parent_id=parent))
    consumer.process(event("customer.updated", customer_id, 2, status="inactive"))  # late, stale
    record = read(engine, customer_id)
    assert (record.version, record.status, record.path) == (3, "active", [parent, customer_id])


def test_a_customer_made_inactive_disables_its_users_and_says_so(suite, engine):
    customer = suite.customer()
    user = suite.user(customer)
    suite.change("customer.updated", customer, status="inactive")
    assert suite.client.get(f"/api/v1/customer-users/{user['id']}").json["enabled"] is False
    assert suite.sign_in(user["email"]).status_code == 401
    outbox = outbox_table(Base.metadata)
    with engine.connect() as db:
        types = db.scalars(select(outbox.c.event_type).where(outbox.c.subject == user["id"])).all()
    assert types == ["customer_user.created", "customer_user.disabled"]


def test_a_deleted_customer_disables_its_users(suite):
    customer = suite.customer()
    user = suite.user(customer)
    suite.change("customer.deleted", customer, deleted=True)
    assert suite.client.get(f"/api/v1/customer-users/{user['id']}").json["enabled"] is False


def test_a_customer_made_active_again_re_enables_the_users_it_disabled_through_the_broker(suite, publish):
    """The whole path: customers' events through the real broker and consumer loop. More cases
    (users disabled by hand, deletion, replays) in test_customer_reactivation.py."""
    customer = suite.customer()  # version 1
    user, disabled_by_hand = suite.user(customer), suite.user(customer)
    url = f"/api/v1/customer-users/{disabled_by_hand['id']}"
    assert suite.client.patch(url, json={"enabled": False}, headers={"If-Match": '"1"'}).status_code == 200

    def enabled(who) -> bool:
        return suite.client.get(f"/api/v1/customer-users/{who['id']}").json["enabled"]

    publish("customer.updated", customer, 2, status="inactive")
    eventually(lambda: not enabled(user))
    publish("customer.updated", customer, 3, status="active")
    eventually(lambda: enabled(user))
    assert suite.sign_in(user["email"]).status_code == 200
    assert enabled(disabled_by_hand) is False
