"""Import batches of prices and price list assignments (messaging/import_rows.py), sent the way the
import service sends them: a command event through the consumer of pricing's work queue, answered
by `import_batch.applied` in pricing's outbox, in the transaction that applied the rows."""
from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.import_batches import batch_handlers
from b2b_shared.service import Consumes
from b2b_shared.testing.batches import batch_sender, outbox_data
from b2b_shared.testing.identity import user_id_of
from pricing.adapters.tables import METADATA
from pricing.app import HIERARCHY
from pricing.messaging.import_rows import ENTITIES
from pricing.service import SERVICE
from sqlalchemy import text


@pytest.fixture(scope="module")
def commands(config):
    return build_consumer(SERVICE, config, consumes=SERVICE.commands)


@pytest.fixture
def send(commands, db, admin_headers):
    """send(entity, *cells, mode=, actor_id=) -> each row's result in the answer, the rows numbered
    from 2 as a spreadsheet numbers them under the header."""
    return sender(commands, db, admin_headers)


def sender(commands, db, admin_headers):
    return batch_sender(commands, db, user_id_of(admin_headers))


def prices_of(db, list_id) -> dict[tuple, Decimal]:
    with db.connect() as connection:
        return {(r.sku, r.unit, r.currency, r.quantity): r.value for r in connection.execute(
            text("SELECT sku, unit, currency, quantity, value FROM prices WHERE price_list_id = :id"), {"id": list_id})}


def outcomes(results: list[dict]) -> list[str]:
    return [result["outcome"] for result in results]


def price(price_list: str, sku: str, value: str, quantity: str = "1", unit: str = "item", currency: str = "EUR"):
    return {"price_list": price_list, "sku": sku, "unit": unit, "currency": currency, "quantity": quantity,
            "value": value}


@pytest.fixture
def retail(api, unique) -> dict:
    return api.price_list(name=f"Retail {unique}", currencies=("EUR", "USD"))


# prices


def test_new_prices_are_created_and_each_row_answers_with_its_price_lists_id(send, db, retail):
    results = send("prices", price(retail["name"], "A", "10.50"), price(retail["name"], "A", "9.75", quantity="10"),
                   price(retail["name"], "B", "3", currency="USD", unit="box"))
    assert results == [{"row": n, "outcome": "created", "id": retail["id"], "changes": None} for n in (2, 3, 4)]
    assert prices_of(db, retail["id"]) == {("A", "item", "EUR", 1): Decimal("10.50"),
                                           ("A", "item", "EUR", 10): Decimal("9.75"),
                                           ("B", "box", "USD", 1): Decimal("3")}


def test_a_changed_value_is_an_update_that_names_the_value_column(send, db, retail):
    send("prices", price(retail["name"], "A", "10.50"), price(retail["name"], "B", "4"))
    results = send("prices", price(retail["name"], "A", "11.00"), price(retail["name"], "B", "4.00"))
    assert [(r["outcome"], r["changes"]) for r in results] == [("updated", {"value": "11.00"}), ("unchanged", None)]
    assert prices_of(db, retail["id"])[("A", "item", "EUR", 1)] == Decimal("11.00")


def test_the_same_batch_again_leaves_every_price_unchanged_and_records_no_event(send, db, retail):
    rows = [price(retail["name"], "A", "10.50"), price(retail["name"], "A", "9", quantity="5")]
    send("prices", *rows)
    events_before = outbox_data(db, "price_list.prices_changed", retail["id"])
    assert outcomes(send("prices", *rows)) == ["unchanged", "unchanged"]
    assert outbox_data(db, "price_list.prices_changed", retail["id"]) == events_before


def test_empty_unit_and_quantity_take_the_apis_defaults_and_the_same_tier_written_otherwise_is_one_price(
        send, db, retail):
    assert outcomes(send("prices", price(retail["name"], "A", "5", quantity="", unit=""))) == ["created"]
    assert outcomes(send("prices", price(retail["name"], "A", "5.0", quantity="1.000"))) == ["unchanged"]
    assert prices_of(db, retail["id"]) == {("A", "item", "EUR", 1): Decimal("5")}


def test_a_bad_row_is_reported_by_column_and_the_good_rows_beside_it_are_applied(send, db, retail, unique):
    results = send("prices",
                   price(retail["name"], "GOOD-1", "1.00"),
                   price(f"Nowhere {unique}", "X", "1"),
                   price(retail["name"], "X", "1", currency="GBP"),
                   price(retail["name"], "X", "twelve"),
                   price(retail["name"], "X", "-1"),
                   price(retail["name"], "", "1", currency="EURO", quantity="-2"),
                   price(retail["name"], "GOOD-2", "2.00"))
    assert outcomes(results) == ["created", "failed", "failed", "failed", "failed", "failed", "created"]
    assert results[1]["errors"] == {"price_list": ["No price list has this name."]}
    assert results[2]["errors"] == {"currency": ["This price list is kept in EUR, USD only."]}
    assert list(results[3]["errors"]) == ["value"]
    assert results[4]["errors"] == {"value": ["Must be zero or more."]}
    assert set(results[5]["errors"]) == {"sku", "currency", "quantity"}  # every problem of the row at once
    assert [r["row"] for r in results] == [2, 3, 4, 5, 6, 7, 8]
    assert set(prices_of(db, retail["id"])) == {("GOOD-1", "item", "EUR", 1), ("GOOD-2", "item", "EUR", 1)}


def test_a_name_that_several_price_lists_share_fails_the_row(send, api, unique):
    for _ in range(2):
        api.price_list(name=f"Twin {unique}")
    [result] = send("prices", price(f"Twin {unique}", "A", "1"))
    assert result["outcome"] == "failed" and list(result["errors"]) == ["price_list"]
    assert "Several price lists" in result["errors"]["price_list"][0]


def test_a_cell_neutralised_against_formulas_is_restored_before_it_is_read(send, db, retail):
    assert outcomes(send("prices", price(retail["name"], "'-A1", "1"))) == ["created"]
    assert set(prices_of(db, retail["id"])) == {("-A1", "item", "EUR", 1)}


@pytest.mark.parametrize("mode", ["validate", "dry_run"])
def test_validate_and_dry_run_answer_each_rows_outcome_but_write_nothing(send, db, retail, mode):
    send("prices", price(retail["name"], "A", "1"))
    events_before = outbox_data(db, "price_list.prices_changed", retail["id"])
    results = send("prices", price(retail["name"], "A", "2"), price(retail["name"], "B", "1"),
                   price(retail["name"], "C", "x"), mode=mode)
    assert outcomes(results) == ["updated", "created", "failed"]
    assert prices_of(db, retail["id"]) == {("A", "item", "EUR", 1): Decimal("1")}
    assert outbox_data(db, "price_list.prices_changed", retail["id"]) == events_before


def test_a_batch_records_one_prices_changed_event_per_list_with_its_counts(send, db, api, retail, unique):
    other = api.price_list(name=f"Other {unique}")
    send("prices", price(retail["name"], "A", "1"))
    send("prices", price(retail["name"], "A", "2"), price(retail["name"], "B", "1"), price(retail["name"], "C", "x"),
         price(other["name"], "A", "1"), price(retail["name"], "D", "1"), price(retail["name"], "B", "1"))
    assert outbox_data(db, "price_list.prices_changed", retail["id"])[-1] == {
        "price_list_id": retail["id"], "received": 4, "created": 2, "updated": 1, "unchanged": 1, "deleted": 0}
    assert outbox_data(db, "price_list.prices_changed", other["id"]) == [{
        "price_list_id": other["id"], "received": 1, "created": 1, "updated": 0, "unchanged": 0, "deleted": 0}]
    assert len(outbox_data(db, "price_list.prices_changed", retail["id"])) == 2  # one per batch


def test_without_the_per_list_count_each_row_that_changes_a_price_records_its_own_event(config, db, admin_headers,
                                                                                          retail):
    queue = "pricing.import-batches-plain"
    plain = build_consumer(SERVICE, config, queue, Consumes(queue, batch_handlers(ENTITIES, METADATA, HIERARCHY),
                                                              SERVICE.commands.unit_of_work))
    send = sender(plain, db, admin_headers)
    send("prices", price(retail["name"], "A", "1"))
    assert outcomes(send("prices", price(retail["name"], "A", "2"), price(retail["name"], "A", "2"),
                         price(retail["name"], "B", "1"))) == ["updated", "unchanged", "created"]
    assert [(e["created"], e["updated"]) for e in outbox_data(db, "price_list.prices_changed", retail["id"])] == [
        (1, 0), (0, 1), (1, 0)]


@pytest.mark.parametrize("role", ["sales_representative", "support", None])
def test_an_actor_who_is_not_an_administrator_gets_every_row_failed(send, db, people, retail, role):
    actor = user_id_of(people.staff(role)) if role else str(uuid.uuid4())  # None: unknown to pricing
    results = send("prices", price(retail["name"], "A", "1"), price(retail["name"], "B", "1"), actor_id=actor)
    assert outcomes(results) == ["failed", "failed"]
    assert all(list(result["errors"]) == [""] for result in results)
    assert prices_of(db, retail["id"]) == {}


# price list assignments


def assignment(price_list: str, level: str, target_id="", priority: str = "", merge_allowed: str = "") -> dict:
    return {"price_list": price_list, "level": level, "target_id": str(target_id), "priority": priority,
            "merge_allowed": merge_allowed}


def assignment_in_db(db, assignment_id) -> dict:
    with db.connect() as connection:
        return dict(connection.execute(text(
            "SELECT price_list_id, level, target_id, priority, merge_allowed, version FROM price_list_assignments "
            "WHERE id = :id"), {"id": assignment_id}).mappings().one())


def test_assignments_are_created_at_each_level_with_the_apis_defaults(send, db, retail, customer_id, group_id):
    results = send("price_list_assignments",
                   assignment(retail["name"], "customer", customer_id, priority="5", merge_allowed="false"),
                   assignment(retail["name"], "customer_group", group_id))
    assert outcomes(results) == ["created", "created"]
    assert assignment_in_db(db, results[0]["id"]) == {
        "price_list_id": uuid.UUID(retail["id"]), "level": "customer", "target_id": customer_id, "priority": 5,
        "merge_allowed": False, "version": 1}
    assert {k: v for k, v in assignment_in_db(db, results[1]["id"]).items() if k in ("priority", "merge_allowed")} \
        == {"priority": 0, "merge_allowed": True}
    assert [e["id"] for e in outbox_data(db, "price_list_assignment.created", results[0]["id"])] == [results[0]["id"]]


def test_a_default_level_assignment_has_no_target(send, client, db, retail):
    [created, refused] = send("price_list_assignments", assignment(retail["name"], "default", priority="1000"),
                              assignment(retail["name"], "default", uuid.uuid4()))
    try:
        assert created["outcome"] == "created"
        assert assignment_in_db(db, created["id"])["target_id"] is None
        assert refused["outcome"] == "failed"
        assert refused["errors"] == {"target_id": ["Leave it empty for the default level."]}
    finally:  # the default level is every customer's: leave it as the session's other tests expect it
        client.delete(f"/api/v1/price-list-assignments/{created['id']}", headers={"If-Match": '"1"'})


def test_a_changed_priority_or_merge_allowed_is_an_update_and_the_same_row_again_is_unchanged(
        send, db, retail, customer_id):
    row = assignment(retail["name"], "customer", customer_id, priority="5", merge_allowed="true")
    [created] = send("price_list_assignments", row)
    [updated] = send("price_list_assignments", {**row, "priority": "7", "merge_allowed": "FALSE"})
    assert (updated["outcome"], updated["id"], updated["changes"]) == (
        "updated", created["id"], {"priority": "7", "merge_allowed": "FALSE"})
    assert assignment_in_db(db, created["id"])["priority"] == 7
    assert assignment_in_db(db, created["id"])["merge_allowed"] is False
    events = len(outbox_data(db, "price_list_assignment.updated", created["id"]))
    [again] = send("price_list_assignments", {**row, "priority": "7", "merge_allowed": "false"})
    assert (again["outcome"], again["id"]) == ("unchanged", created["id"])
    assert assignment_in_db(db, created["id"])["version"] == 2
    assert len(outbox_data(db, "price_list_assignment.updated", created["id"])) == events


def test_a_bad_assignment_row_is_reported_by_column_and_the_good_ones_are_applied(send, db, retail, unique,
                                                                                 known_customer):
    good = known_customer()
    results = send("price_list_assignments",
                   assignment(retail["name"], "customer", good),
                   assignment(retail["name"], "customer_group", uuid.uuid4()),
                   assignment(f"Nowhere {unique}", "customer", uuid.uuid4()),
                   assignment(retail["name"], "region", uuid.uuid4()),
                   assignment(retail["name"], "customer", "not-a-uuid"),
                   assignment(retail["name"], "customer"),
                   assignment(retail["name"], "customer", uuid.uuid4(), priority="high", merge_allowed="perhaps"))
    assert outcomes(results) == ["created", "failed", "failed", "failed", "failed", "failed", "failed"]
    assert results[1]["errors"] == {"target_id": ["No such customer group."]}  # pricing knows no such group
    assert results[2]["errors"] == {"price_list": ["No price list has this name."]}
    assert list(results[3]["errors"]) == ["level"]
    assert list(results[4]["errors"]) == ["target_id"]
    assert results[5]["errors"] == {"target_id": ["The customer's id (a UUID)."]}
    assert set(results[6]["errors"]) == {"priority", "merge_allowed"}
    with db.connect() as connection:
        assert connection.execute(text("SELECT target_id FROM price_list_assignments WHERE price_list_id = :id"),
                                  {"id": retail["id"]}).scalars().all() == [good]


@pytest.mark.parametrize("mode", ["validate", "dry_run"])
def test_validating_assignments_writes_nothing(send, db, retail, customer_id, mode):
    results = send("price_list_assignments", assignment(retail["name"], "customer", customer_id), mode=mode)
    assert outcomes(results) == ["created"]
    with db.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM price_list_assignments WHERE price_list_id = :id"),
                                  {"id": retail["id"]}).scalar() == 0
    assert outbox_data(db, "price_list_assignment.created", results[0]["id"]) == []


def test_an_actor_who_is_not_an_administrator_assigns_nothing(send, db, people, retail, customer_id):
    actor = user_id_of(people.staff("sales_representative"))
    [result] = send("price_list_assignments", assignment(retail["name"], "customer", customer_id), actor_id=actor)
    assert result["outcome"] == "failed" and list(result["errors"]) == [""]
