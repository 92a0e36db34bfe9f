"""Our events reach b2b.events through the outbox and the real relay, carrying the resource
(never a password) with its version."""
from __future__ import annotations

import json
import threading
import time

import pika
import pytest
from b2b_shared.db.engine import make_engine
from b2b_shared.db.tables import outbox_table
from b2b_shared.messaging.broker import declare_events_exchange
from b2b_shared.messaging.relay import OutboxRelay
from users_roles.domain.model import Base


@pytest.fixture
def listen(config):
    """A queue of this test's own, bound to our event types on the session's exchange."""
    connection = pika.BlockingConnection(pika.URLParameters(config.amqp_url))
    channel = connection.channel()
    declare_events_exchange(channel, config.events_exchange)
    queue = channel.queue_declare("", exclusive=True).method.queue
    for key in ("customer_user.*", "role.*"):
        channel.queue_bind(queue, config.events_exchange, key)

    seen: list[dict] = []

    def events_about(subject: str, count: int, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(found := [e for e in seen if e["subject"] == subject]) < count and time.monotonic() < deadline:
            method, _, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                time.sleep(0.05)
            else:
                seen.append(json.loads(body))
        return found
    yield events_about
    connection.close()


@pytest.fixture
def relay(config):
    relay = OutboxRelay(make_engine(config.database_url, 2), outbox_table(Base.metadata), config.amqp_url,
                        config.events_exchange, config.outbox_channel, poll_seconds=0.2)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    yield relay
    relay.stopping.set()
    thread.join(timeout=5)


def test_user_and_role_changes_are_published_as_cloudevents(suite, listen, relay):
    customer = suite.customer()
    role = suite.role(customer, [{"resource": "balance", "action": "VIEW", "access_level": "USER"}])
    user = suite.user(customer, [role["id"]])
    url = f"/api/v1/customer-users/{user['id']}"
    suite.client.patch(url, json={"enabled": False}, headers={"If-Match": '"1"'})
    suite.client.delete(url, headers={"If-Match": '"2"'})
    events = listen(user["id"], 3)
    assert [e["type"] for e in events] == ["customer_user.created", "customer_user.disabled", "customer_user.deleted"]
    assert [e["data"]["version"] for e in events] == [1, 2, 3]
    assert events[0]["source"] == "/b2b/users-roles" and events[0]["data"]["role_ids"] == [role["id"]]
    assert events[2]["data"]["deleted"] is True
    assert not any("password" in key for e in events for key in e["data"])
    assert [e["type"] for e in listen(role["id"], 1)] == ["role.created"]
