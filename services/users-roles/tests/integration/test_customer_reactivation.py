"""A customer made active again re-enables exactly the users its deactivation disabled
(`disabled_with_customer`), never the ones an administrator disabled by hand, and never after the
customer was deleted; against the real database, through the consumer's processing (inbox,
versions, outbox) and the API.

Decided and proven here: a user an administrator enables by hand while its customer is inactive
stays enabled (the administrator decided; it still cannot sign in until the customer is active),
later events of the still-inactive customer leave it so, and the reactivation has nothing to do
for it; the next deactivation disables it like any other."""
from __future__ import annotations

import json
import uuid

import pytest
from b2b_shared.auth.principal_events import principal_row
from b2b_shared.db.tables import outbox_table
from b2b_shared.messaging.envelope import CloudEvent
from sqlalchemy import select
from users_roles.domain.model import Base

OUTBOX = outbox_table(Base.metadata)
PASSWORD = "correct horse battery"  # conftest's


def events_of(engine, user: dict) -> list[dict]:
    """The user's outbox rows, oldest first: [{"type", "data", "envelope"}]."""
    with engine.connect() as db:
        rows = db.execute(select(OUTBOX.c.event_type, OUTBOX.c.envelope)
                          .where(OUTBOX.c.subject == user["id"]).order_by(OUTBOX.c.seq)).all()
    return [{"type": row.event_type, "data": row.envelope["data"], "envelope": row.envelope} for row in rows]


def types_of(engine, user: dict) -> list[str]:
    return [e["type"] for e in events_of(engine, user)]


def user_of(suite, user) -> dict:
    response = suite.client.get(f"/api/v1/customer-users/{user['id']}")
    assert response.status_code == 200, response.json
    return response.json


def by_hand(suite, user, enabled: bool) -> dict:
    """An administrator enables or disables the user through the API (If-Match of the moment)."""
    url = f"/api/v1/customer-users/{user['id']}"
    etag = suite.client.get(url).headers["ETag"]
    response = suite.client.patch(url, json={"enabled": enabled}, headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    return response.json


def enabled(suite, *users) -> list[bool]:
    return [user_of(suite, user)["enabled"] for user in users]


def test_reactivation_re_enables_exactly_the_users_the_deactivation_disabled(suite, engine):
    customer = suite.customer()
    first, second = suite.user(customer), suite.user(customer)
    before = suite.user(customer)  # disabled by hand before the deactivation
    during = suite.user(customer)  # disabled by hand while the customer is inactive
    other_customer = suite.customer()
    bystander = suite.user(other_customer)
    by_hand(suite, before, enabled=False)

    suite.change("customer.updated", customer, status="inactive")
    assert enabled(suite, first, second, before, during, bystander) == [False, False, False, False, True]
    assert user_of(suite, first)["disabled_with_customer"] is not None
    assert user_of(suite, before)["disabled_with_customer"] is None  # the administrator's, not the customer's
    assert suite.sign_in(first["email"]).status_code == 401

    disabled_again = by_hand(suite, during, enabled=False)  # already disabled: now by hand as well
    assert disabled_again["enabled"] is False and disabled_again["disabled_with_customer"] is None
    assert types_of(engine, during)[-1] == "customer_user.updated"

    suite.change("customer.updated", customer, status="active")
    assert enabled(suite, first, second, before, during, bystander) == [True, True, False, False, True]
    assert user_of(suite, first)["disabled_with_customer"] is None
    assert suite.sign_in(first["email"]).status_code == 200
    assert suite.sign_in(second["email"]).status_code == 200
    assert suite.sign_in(before["email"]).status_code == 401
    assert suite.sign_in(during["email"]).status_code == 401
    assert types_of(engine, before) == ["customer_user.created", "customer_user.disabled"]


def test_the_re_enabling_publishes_what_an_enabling_by_hand_publishes(suite, engine):
    customer = suite.customer()
    by_customer, by_admin = suite.user(customer), suite.user(customer)
    by_hand(suite, by_admin, enabled=False)
    by_hand(suite, by_admin, enabled=True)  # the enabling by hand, for comparison

    suite.change("customer.updated", customer, status="inactive")
    suite.change("customer.updated", customer, status="active")

    events = events_of(engine, by_customer)
    assert [e["type"] for e in events] == ["customer_user.created", "customer_user.disabled", "customer_user.updated"]
    assert types_of(engine, by_admin)[:3] == ["customer_user.created", "customer_user.disabled",
                                              "customer_user.updated"]
    disabled, re_enabled = events[1]["data"], events[2]["data"]
    assert (disabled["enabled"], re_enabled["enabled"]) == (False, True)
    assert disabled["disabled_with_customer"] is not None and re_enabled["disabled_with_customer"] is None
    assert [e["data"]["version"] for e in events] == [1, 2, 3]
    assert re_enabled == {**user_of(suite, by_customer), "tokens_valid_after": re_enabled["tokens_valid_after"]}
    # The tokens stay cut off at the disabling: the re-enabling does not move the cut-off back.
    assert re_enabled["tokens_valid_after"] == disabled["tokens_valid_after"] is not None
    # Other services' principal read models follow: the event reads as an enabled principal, newer.
    principal = principal_row(CloudEvent.from_json(json.dumps(events[2]["envelope"]).encode()), "customer_user")
    assert principal["enabled"] is True and principal["version"] == 3 and not principal["deleted"]


def test_refresh_tokens_revoked_by_the_deactivation_stay_revoked(suite):
    customer = suite.customer()
    user = suite.user(customer)
    refresh_token = suite.sign_in(user["email"]).json["refresh_token"]
    suite.change("customer.updated", customer, status="inactive")
    suite.change("customer.updated", customer, status="active")
    assert suite.client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}).status_code == 401
    assert suite.sign_in(user["email"]).status_code == 200  # signing in again works


def test_a_user_enabled_by_hand_during_the_inactivity_stays_enabled(suite, engine):
    customer = suite.customer()
    kept, other = suite.user(customer), suite.user(customer)
    suite.change("customer.updated", customer, status="inactive")
    enabled_by_hand = by_hand(suite, kept, enabled=True)
    assert enabled_by_hand["enabled"] is True and enabled_by_hand["disabled_with_customer"] is None
    assert suite.sign_in(kept["email"]).status_code == 401  # the customer is still inactive

    # Another change of the still-inactive customer (a move, a rename) changes no user.
    suite.change("customer.moved", customer, parent=suite.customer(), status="inactive")
    assert enabled(suite, kept, other) == [True, False]

    suite.change("customer.updated", customer, status="active")
    assert enabled(suite, kept, other) == [True, True]
    assert types_of(engine, kept) == ["customer_user.created", "customer_user.disabled", "customer_user.updated"]
    assert suite.sign_in(kept["email"]).status_code == 200

    # The next deactivation disables it like any other user, and the next reactivation re-enables it.
    suite.change("customer.updated", customer, status="inactive")
    assert enabled(suite, kept, other) == [False, False]
    suite.change("customer.updated", customer, status="active")
    assert enabled(suite, kept, other) == [True, True]


def test_a_user_disabled_and_enabled_again_by_hand_during_the_inactivity_stays_enabled(suite):
    customer = suite.customer()
    user = suite.user(customer)
    suite.change("customer.updated", customer, status="inactive")
    by_hand(suite, user, enabled=False)
    by_hand(suite, user, enabled=True)
    suite.change("customer.updated", customer, status="active")
    assert enabled(suite, user) == [True]


def test_changing_other_fields_by_hand_keeps_the_mark(suite):
    customer = suite.customer()
    user = suite.user(customer)
    suite.change("customer.updated", customer, status="inactive")
    url = f"/api/v1/customer-users/{user['id']}"
    etag = suite.client.get(url).headers["ETag"]
    response = suite.client.patch(url, json={"first_name": "Renamed"}, headers={"If-Match": etag})
    assert response.status_code == 200 and response.json["disabled_with_customer"] is not None
    suite.change("customer.updated", customer, status="active")
    assert user_of(suite, user)["enabled"] is True and user_of(suite, user)["first_name"] == "Renamed"


@pytest.mark.parametrize("inactive_first", [True, False], ids=["inactive-then-deleted", "deleted"])
def test_a_deleted_customer_never_re_enables(suite, engine, inactive_first):
    customer = suite.customer()
    user, enabled_by_hand = suite.user(customer), suite.user(customer)
    if inactive_first:
        suite.change("customer.updated", customer, status="inactive")
        by_hand(suite, enabled_by_hand, enabled=True)
    suite.change("customer.deleted", customer, deleted=True)
    assert enabled(suite, user, enabled_by_hand) == [False, False]  # deletion disables every user
    assert [user_of(suite, u)["disabled_with_customer"] for u in (user, enabled_by_hand)] == [None, None]
    # Even an "active" state with a newer version (customers never sends one) re-enables no one.
    suite.change("customer.snapshot", customer, status="active")
    assert enabled(suite, user, enabled_by_hand) == [False, False]
    assert suite.sign_in(user["email"]).status_code == 401


def test_replayed_and_old_events_change_nothing(suite, consumer, event, engine):
    customer = suite.customer()  # version 1
    user, disabled_by_hand = suite.user(customer), suite.user(customer)
    by_hand(suite, disabled_by_hand, enabled=False)
    deactivated = event("customer.updated", customer, 2, status="inactive")
    reactivated = event("customer.updated", customer, 3, status="active")
    assert consumer.process(deactivated) == "applied"
    assert consumer.process(reactivated) == "applied"
    state = [user_of(suite, u) for u in (user, disabled_by_hand)]
    outbox = [events_of(engine, u) for u in (user, disabled_by_hand)]
    assert [s["enabled"] for s in state] == [True, False]

    # The same deliveries again (the inbox drops them), the same versions under new event ids,
    # and older versions arriving late: nothing moves, no event is published.
    for replay in (deactivated, reactivated):
        assert consumer.process(replay) == "duplicate"
    for version, status in ((2, "inactive"), (3, "active"), (3, "inactive"), (1, "inactive")):
        consumer.process(event("customer.updated", customer, version, status=status))
    consumer.process(event("customer.snapshot", customer, 3, status="inactive"))

    assert [user_of(suite, u) for u in (user, disabled_by_hand)] == state
    assert [events_of(engine, u) for u in (user, disabled_by_hand)] == outbox


def test_a_late_deactivation_after_the_reactivation_is_ignored(suite, consumer, event):
    """Versions 2 (inactive) and 3 (active) delivered in the wrong order: 3 wins, 2 is stale, and
    no user is disabled."""
    customer = suite.customer()
    user = suite.user(customer)
    assert consumer.process(event("customer.updated", customer, 3, status="active")) == "applied"
    consumer.process(event("customer.updated", customer, 2, status="inactive"))
    assert enabled(suite, user) == [True]
    assert user_of(suite, user)["version"] == 1


def test_the_reactivation_of_one_customer_leaves_another_customers_users_alone(suite):
    parent = suite.customer()
    child = suite.customer(parent)
    parents_user, childs_user = suite.user(parent), suite.user(child)
    suite.change("customer.updated", child, parent=parent, status="inactive")
    suite.change("customer.updated", parent, status="inactive")
    suite.change("customer.updated", parent, status="active")
    assert enabled(suite, parents_user, childs_user) == [True, False]
    suite.change("customer.updated", child, parent=parent, status="active")
    assert enabled(suite, parents_user, childs_user) == [True, True]


def test_the_mark_is_read_only(suite):
    customer = suite.customer()
    body = {"customer_id": str(customer), "email": f"u-{uuid.uuid4().hex[:10]}@example.com",
            "password": PASSWORD, "first_name": "A", "last_name": "B",
            "disabled_with_customer": "2026-01-01T00:00:00Z"}
    assert suite.client.post("/api/v1/customer-users", json=body).status_code == 422
    user = suite.user(customer)
    url = f"/api/v1/customer-users/{user['id']}"
    response = suite.client.patch(url, json={"disabled_with_customer": "2026-01-01T00:00:00Z"},
                                  headers={"If-Match": '"1"'})
    assert response.status_code == 422
