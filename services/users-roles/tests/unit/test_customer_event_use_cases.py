"""Applying customer events against the fake unit of work: the read model takes each newer
version, and a customer's status change carries its users along."""
from __future__ import annotations

import uuid

from users_roles.domain import events
from users_roles.domain.model import CustomerUser
from users_roles.messaging.consumed import CustomerChange
from users_roles.services.customer_events import apply_customer


def user_of(uow, customer, enabled=True) -> CustomerUser:
    return uow.given(CustomerUser(id=uuid.uuid4(), customer_id=customer.id, email=f"{uuid.uuid4().hex[:8]}@acme.example",
                                  first_name="Jane", last_name="Doe", enabled=enabled, password_hash="x", roles=[]))


def change(customer, status: str, version: int = 2, parent_id=None) -> CustomerChange:
    return CustomerChange(customer.id, parent_id, status, version)


def test_a_new_customer_enters_the_read_model_under_its_parent(uow):
    parent = uow.given_customer()
    customer_id = uuid.uuid4()
    assert apply_customer(uow, CustomerChange(customer_id, parent.id, "active", 1)) == "applied"
    assert uow.customers.get(customer_id).path == [parent.id, customer_id] and uow.commits == 1


def test_an_old_or_repeated_version_changes_nothing(uow):
    customer = uow.given_customer()
    user = user_of(uow, customer)
    assert apply_customer(uow, change(customer, "inactive", version=1)) == "stale"
    assert customer.status == "active" and user.enabled and uow.commits == 0


def test_a_customer_made_inactive_disables_and_marks_its_enabled_users(uow):
    customer = uow.given_customer()
    enabled, disabled = user_of(uow, customer), user_of(uow, customer, enabled=False)
    apply_customer(uow, change(customer, "inactive"))
    assert not enabled.enabled and enabled.disabled_with_customer is not None and enabled.tokens_valid_after
    assert disabled.disabled_with_customer is None  # an administrator's decision: not the customer's
    assert uow.refresh_tokens.revoked_users == [enabled.id] and uow.event_types == [events.CUSTOMER_USER_DISABLED]


def test_a_customer_active_again_re_enables_exactly_the_users_it_disabled(uow):
    customer = uow.given_customer()
    marked, by_hand = user_of(uow, customer), user_of(uow, customer, enabled=False)
    apply_customer(uow, change(customer, "inactive"))
    apply_customer(uow, change(customer, "active", version=3))
    assert marked.enabled and marked.disabled_with_customer is None
    assert not by_hand.enabled
    assert uow.event_types == [events.CUSTOMER_USER_DISABLED, events.CUSTOMER_USER_UPDATED]


def test_a_later_event_of_a_still_inactive_customer_leaves_its_users_alone(uow):
    customer = uow.given_customer()
    user = user_of(uow, customer)
    apply_customer(uow, change(customer, "inactive"))
    user.update(enabled=True)  # an administrator enables it by hand meanwhile
    user.pop_events()
    apply_customer(uow, change(customer, "inactive", version=3))
    assert user.enabled and uow.event_types == [events.CUSTOMER_USER_DISABLED]


def test_a_deleted_customer_disables_its_users_and_nothing_re_enables_them(uow):
    customer = uow.given_customer()
    enabled, marked = user_of(uow, customer), user_of(uow, customer)
    apply_customer(uow, change(customer, "inactive"))
    enabled.update(enabled=True)
    apply_customer(uow, change(customer, "deleted", version=3))
    apply_customer(uow, change(customer, "active", version=4))
    assert not enabled.enabled and not marked.enabled
    assert enabled.disabled_with_customer is None and marked.disabled_with_customer is None
