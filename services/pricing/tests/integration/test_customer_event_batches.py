"""customer.* events applied as the consumer applies a backlog: many in one transaction, read in one
locked statement and upserted in one (b2b_shared/messaging/batches.py), with the same rules as one
by one: the newest version wins, a child before its parent, a move takes the subtree along."""
from __future__ import annotations

import uuid

from b2b_shared.testing.statements import new_customers, statements_per_batch
from sqlalchemy import text


def row_of(db, customer_id):
    with db.connect() as connection:
        return connection.execute(text("SELECT version, group_id, lineage, deleted, tax_code FROM customer_read_model "
                                       "WHERE id = :id"), {"id": customer_id}).first()


def test_a_batch_of_new_customers_costs_the_same_few_statements_whatever_its_size(consumer, event_of, customer_id):
    sizes = statements_per_batch(consumer, lambda size: new_customers(event_of, size, customer_id))
    assert sizes[40] == sizes[2], sizes


def test_in_one_batch_the_newest_version_wins_and_lineages_are_as_one_by_one(consumer, event_of, db):
    root, other, parent, child, below = (uuid.uuid4() for _ in range(5))
    group = uuid.uuid4()
    assert consumer.process_all([
        event_of("customer.created", child, 1, parent_id=parent),
        event_of("customer.created", root, 1),
        event_of("customer.created", parent, 1, parent_id=root),
        event_of("customer.created", other, 1),
        event_of("customer.updated", child, 3, parent_id=parent, group_id=group),
        event_of("customer.updated", child, 2, parent_id=parent),  # late: changes nothing
        event_of("customer.moved", parent, 2, parent_id=other),
        event_of("customer.created", below, 1, parent_id=child),
    ]) == ["applied"] * 8
    assert row_of(db, below).lineage == [other, parent, child, below]
    assert (row_of(db, child).version, row_of(db, child).group_id) == (3, group)


def test_a_snapshot_at_the_same_version_refreshes_and_a_deletion_stays_a_tombstone(consumer, event_of, db):
    customer = uuid.uuid4()
    consumer.process_all([event_of("customer.created", customer, 1),
                          event_of("customer.snapshot", customer, 1, tax_code="VAT-7")])
    assert row_of(db, customer).tax_code == "VAT-7"
    consumer.process_all([event_of("customer.deleted", customer, 2, deleted=True),
                          event_of("customer.updated", customer, 1)])
    row = row_of(db, customer)
    assert (row.version, row.deleted) == (2, True)


def test_a_parent_arriving_in_a_later_batch_completes_the_lineage_of_the_children_that_came_first(
        consumer, event_of, db):
    root, parent, child = (uuid.uuid4() for _ in range(3))
    consumer.process_all([event_of("customer.created", child, 1, parent_id=parent)])
    assert row_of(db, child).lineage == [parent, child]
    consumer.process_all([event_of("customer.created", root, 1),
                          event_of("customer.created", parent, 1, parent_id=root)])
    assert row_of(db, child).lineage == [root, parent, child]
