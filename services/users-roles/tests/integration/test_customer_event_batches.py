"""customer.* events applied as the consumer applies a backlog: many in one transaction, read in one
locked statement and written in one flush (b2b_shared/messaging/batches.py), with the same rules
as one by one: versions, children before parents, moves, and users following their customer."""
from __future__ import annotations

import uuid

from b2b_shared.testing.statements import new_customers, statements_per_batch
from sqlalchemy import select
from users_roles.domain.records import CustomerView


def path_of(engine, customer_id) -> list[uuid.UUID]:
    with engine.connect() as db:
        return db.scalar(select(CustomerView.path).where(CustomerView.id == customer_id))


def test_a_batch_of_new_customers_costs_the_same_few_statements_whatever_its_size(consumer, event):
    def batch_of(size: int) -> list:
        known_parent = uuid.uuid4()
        consumer.process(event("customer.created", known_parent, 1))
        return new_customers(event, size, known_parent)
    sizes = statements_per_batch(consumer, batch_of)
    assert sizes[40] == sizes[2] <= 6, sizes


def test_in_one_batch_children_before_parents_a_move_and_a_stale_version_end_as_one_by_one(consumer, event, engine):
    root, other, parent, child, grandchild, below = (uuid.uuid4() for _ in range(6))
    outcomes = consumer.process_all([
        event("customer.created", child, 1, parent_id=parent),
        event("customer.created", grandchild, 1, parent_id=child),
        event("customer.created", root, 1),
        event("customer.created", parent, 1, parent_id=root),
        event("customer.created", other, 1),
        event("customer.updated", child, 1, parent_id=parent, status="inactive"),  # a repeat of version 1
        event("customer.moved", parent, 2, parent_id=other),
        event("customer.created", below, 1, parent_id=grandchild),
    ])
    assert outcomes == ["applied"] * 8
    assert path_of(engine, below) == [other, parent, child, grandchild, below]
    with engine.connect() as db:
        assert db.execute(select(CustomerView.status, CustomerView.version).where(CustomerView.id == child)).one() == (
            "active", 1)


def test_a_customer_made_inactive_and_active_again_in_one_batch_leaves_its_users_enabled(suite, consumer, event):
    customer = suite.customer()
    user = suite.user(customer)
    consumer.process_all([event("customer.updated", customer, 2, status="inactive"),
                          event("customer.updated", customer, 3, status="active")])
    shown = suite.client.get(f"/api/v1/customer-users/{user['id']}").json
    assert shown["enabled"] is True
    consumer.process_all([event("customer.updated", customer, 4, status="inactive"),
                          event("customer.updated", customer, 5, status="inactive")])
    assert suite.client.get(f"/api/v1/customer-users/{user['id']}").json["enabled"] is False


def test_a_parent_arriving_in_a_later_batch_completes_the_paths_of_the_children_that_came_first(
        consumer, event, engine):
    root, parent, child = (uuid.uuid4() for _ in range(3))
    consumer.process_all([event("customer.created", child, 1, parent_id=parent)])
    assert path_of(engine, child) == [parent, child]
    consumer.process_all([event("customer.created", root, 1), event("customer.created", parent, 1, parent_id=root)])
    assert path_of(engine, child) == [root, parent, child]
