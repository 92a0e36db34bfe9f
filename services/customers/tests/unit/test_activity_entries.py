"""The rules that turn an event from anywhere in the suite into a timeline entry."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from customers.domain.activity_entries import changed_fields, customer_of, entry_for
from customers.domain.orders import average

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
CID = str(uuid.uuid4())


def test_changed_fields_leave_out_the_bookkeeping_and_are_unknown_without_an_earlier_state():
    before = {"name": "a", "email": None, "version": 1, "updated_at": "x"}
    after = {"name": "b", "email": None, "version": 2, "updated_at": "y", "tags": ["vip"]}
    assert changed_fields(before, after) == ["name", "tags"]
    assert changed_fields(None, after) is None


def test_an_assignment_concerns_a_customer_only_at_the_customer_level():
    assert customer_of("price_list_assignment.created", {"level": "customer", "target_id": CID}, None) == uuid.UUID(CID)
    assert customer_of("price_list_assignment.created", {"level": "customer_group", "target_id": CID}, None) is None
    assert customer_of("role.updated", {"customer_id": None}, None) is None


def test_a_deletion_is_timed_when_it_is_seen_and_a_change_by_the_resource():
    data = {"customer_id": CID, "updated_at": "2026-01-01T00:00:00Z", "street": "Main", "city": "Rome"}
    assert entry_for("customer_address.deleted", data, None, None, NOW).occurred_at == NOW
    changed = entry_for("customer_address.updated", data, None, {**data, "city": "Pisa"}, NOW)
    assert changed.occurred_at == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert (changed.summary, changed.details) == ("Address Main, Rome changed: city", {"changed_fields": ["city"]})


def test_a_note_names_its_author_as_the_actor():
    author = str(uuid.uuid4())
    entry = entry_for("customer_note.created", {"customer_id": CID, "author_id": author, "author_name": "Kim"},
                      None, None, NOW)
    assert (entry.actor_id, entry.summary) == (uuid.UUID(author), "Note added by Kim")


def test_the_average_order_size_is_to_the_cent_and_none_without_orders():
    from decimal import Decimal

    assert average(Decimal("100"), 3) == Decimal("33.33")
    assert average(Decimal("0"), 0) is None


def test_two_changes_of_one_order_merge_into_the_placements_amount_and_the_earliest_moments():
    from customers.domain.orders import merged

    later = dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)
    cancel = {"order_id": "o", "total": 1, "placed_at": None, "cancelled_at": later, "refunded_at": None}
    placement = {"order_id": "o", "total": 70, "placed_at": NOW, "cancelled_at": None, "refunded_at": None}
    assert merged(cancel, placement) == {"order_id": "o", "total": 70, "placed_at": NOW, "cancelled_at": later,
                                         "refunded_at": None}
    assert merged(placement, cancel)["total"] == 70


@pytest.mark.parametrize(("event_type", "data", "changed", "line"), [
    ("customer_user.updated", {"email": "a@b.c", "role_ids": []}, ["role_ids"], "Roles of user a@b.c changed"),
    ("customer_task.updated", {"title": "Call back", "status": "done"}, ["status"], "Task Call back done"),
    ("customer_contact.created", {"first_name": "Jane", "last_name": "Doe"}, None, "Contact Jane Doe added"),
    ("payment_term_assignment.deleted", {"payment_term_id": "pt"}, None, "Payment term pt unassigned"),
    ("balance.changed", {"ledger": "on_account", "credit_limit": "500.00", "currency": "EUR", "entry": None}, None,
     "On account: credit limit set to 500.00 EUR"),
    ("order.refunded", {"order_id": "o-1", "total": "9.99", "currency": "USD"}, None, "Order o-1 refunded: 9.99 USD"),
    ("customer.moved", {"parent_id": None}, None, "Moved to the top of the hierarchy"),
])
def test_each_kind_of_event_reads_as_one_line(event_type, data, changed, line):
    from customers.domain.activity_summaries import summary_of

    assert summary_of(event_type, data, changed) == line


def test_the_timeline_follows_events_on_a_queue_apart_from_who_may_call_us():
    """A burst of order events must never delay a disabled user's refusal (the principals' queue)."""
    from customers.service import SERVICE

    assert SERVICE.follows.queue != SERVICE.consumes.queue
    assert not any(event.startswith("order.") for event in SERVICE.consumes.handlers)
    assert {"order.placed", "order.cancelled", "order.refunded"} <= set(SERVICE.follows.handlers)
