"""Import batches of customers and groups (messaging/import_rows.py), sent the way the import service
sends them: through the consumer of the customers work queue, answered in the customers outbox."""
from __future__ import annotations

import pytest
from b2b_shared.db.engine import make_engine
from b2b_shared.entrypoints import build_consumer
from b2b_shared.testing.batches import batch_sender, outbox_data
from b2b_shared.testing.identity import user_id_of
from b2b_shared.testing.statements import statements_sent
from customers.service import SERVICE
from sqlalchemy import event
from sqlalchemy.pool import Pool


@pytest.fixture(scope="module")
def engine(database_url):
    engine = make_engine(database_url, 2)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def send(config, engine, admin_headers):
    return batch_sender(build_consumer(SERVICE, config, consumes=SERVICE.commands), engine, user_id_of(admin_headers))


def customer(key: str, **cells) -> dict:
    return {"external_id": key, "name": f"Customer {key}", **cells}


def outcomes(results: list[dict]) -> list[str]:
    return [result["outcome"] for result in results]


def test_good_rows_are_created_together_and_a_bad_ones_problems_are_named_by_column(send, client, unique):
    results = send("customers", customer(f"{unique}-a"), customer(f"{unique}-b", parent_external_id=f"{unique}-a"),
                   customer(f"{unique}-c", email="nope", phone="12", group_code="no-such-group"))
    assert outcomes(results) == ["created", "created", "failed"]
    assert set(results[2]["errors"]) == {"email", "phone", "group_code"}
    listed = {c["external_id"]: c for c in client.get(f"/api/v1/customers?q={unique}").json["items"]}
    assert listed[f"{unique}-b"]["parent_id"] == listed[f"{unique}-a"]["id"] and f"{unique}-c" not in listed


def test_every_created_customer_has_its_event_in_the_same_transaction(send, engine, unique):
    [created] = send("customers", customer(f"{unique}-e"))
    assert [event["external_id"] for event in outbox_data(engine, "customer.created", created["id"])] == [f"{unique}-e"]


def test_a_row_a_use_case_refuses_after_reading_it_goes_row_by_row_and_the_others_are_still_applied(send, unique):
    """Moving a customer under its own child is refused by the hierarchy rule (a 409 in the API): the
    batch falls back to a savepoint per row, and the good rows still land."""
    send("customers", customer(f"{unique}-top"))
    send("customers", customer(f"{unique}-sub", parent_external_id=f"{unique}-top"))
    results = send("customers", customer(f"{unique}-top", parent_external_id=f"{unique}-sub"),
                   customer(f"{unique}-new"))
    assert outcomes(results) == ["failed", "created"]
    assert "cycle" in " ".join(m for ms in results[0]["errors"].values() for m in ms).lower()


def test_validate_writes_nothing_and_a_second_identical_import_is_unchanged(send, client, unique):
    rows = (customer(f"{unique}-v", tags="vip;west"),)
    assert outcomes(send("customers", *rows, mode="validate")) == ["created"]
    assert client.get(f"/api/v1/customers?q={unique}-v").json["items"] == []
    assert outcomes(send("customers", *rows)) == ["created"]
    assert outcomes(send("customers", *rows)) == ["unchanged"]


def test_in_a_dry_run_a_parent_defined_earlier_in_the_file_is_taken_to_exist(send, unique):
    rows = (customer(f"{unique}-child", parent_external_id=f"{unique}-later"),)
    assert outcomes(send("customers", *rows, mode="dry_run", pending_keys=(f"{unique}-later",))) == ["created"]
    assert outcomes(send("customers", *rows, mode="dry_run")) == ["failed"]


def test_a_group_is_created_then_updated_by_its_code(send, unique):
    assert outcomes(send("customer_groups", {"code": unique, "name": "First"})) == ["created"]
    [updated] = send("customer_groups", {"code": unique, "name": "Second"})
    assert (updated["outcome"], updated["changes"]) == ("updated", {"name": "Second"})


def test_an_actor_who_is_not_an_administrator_gets_every_row_refused(send, people, unique):
    representative = user_id_of(people.staff("sales_representative"))
    results = send("customers", customer(f"{unique}-x"), actor_id=representative)
    assert outcomes(results) == ["failed"]


@pytest.mark.parametrize("mode", ["import", "validate"])
def test_a_batch_of_children_costs_the_same_few_statements_whatever_its_size(send, unique, mode):
    """Children of known parents: the parents and their lineage come in the batch's one preload, not
    a query (and an autoflush of the rows so far) per row; validate writes no events it will roll back."""
    sizes = {}
    for size in (2, 20):
        parents = [customer(f"{unique}-{mode}-{size}-p{n}") for n in range(size)]
        send("customers", *parents)
        children = [customer(f"{unique}-{mode}-{size}-c{n}", parent_external_id=parent["external_id"])
                    for n, parent in enumerate(parents)]
        with statements_sent() as sent:
            assert set(outcomes(send("customers", *children, mode=mode))) == {"created"}
        sizes[size] = len(sent)
        # the answer only, in validate: the rows' own events would be rolled back with them
        assert len([s for s in sent if s.startswith("INSERT INTO outbox")]) == (2 if mode == "import" else 1)
    assert sizes[20] == sizes[2], sizes


def test_an_imported_child_has_its_parents_lineage(send, client, unique):
    send("customers", customer(f"{unique}-root"))
    send("customers", customer(f"{unique}-mid", parent_external_id=f"{unique}-root"))
    [leaf] = send("customers", customer(f"{unique}-leaf", parent_external_id=f"{unique}-mid"))
    ancestors = client.get(f"/api/v1/customers/{leaf['id']}/ancestors").json["items"]
    assert [a["external_id"] for a in ancestors] == [f"{unique}-root", f"{unique}-mid"]


def test_customers_without_an_external_id_keep_their_events_when_a_batch_commits_once(send, engine, unique):
    """A batch is flushed along the way and committed once: a created customer the session then holds
    only weakly must still have its event written (nothing else in the batch refers to it)."""
    rows = [{"name": f"Anonymous {unique} {n}"} for n in range(300)]
    results = send("customers", *rows)
    assert outcomes(results) == ["created"] * 300
    for result in results:
        assert len(outbox_data(engine, "customer.created", result["id"])) == 1


def test_batches_after_the_first_open_no_database_connection(send, unique):
    """The batch's transaction and the actor's look-up each keep their connection between batches
    (b2b_shared/entrypoints.py build_consumer): no new PostgreSQL backend per batch."""
    send("customers", customer(f"{unique}-first"))
    opened = []

    def connected(*args) -> None:
        opened.append(args)

    event.listen(Pool, "connect", connected)
    try:
        for n in range(3):
            assert outcomes(send("customers", customer(f"{unique}-{n}"))) == ["created"]
    finally:
        event.remove(Pool, "connect", connected)
    assert opened == []


def test_a_row_is_unchanged_when_its_phone_and_tags_differ_only_as_typed(send, unique):
    """The value rules normalise the cells before they are compared (import_rows.py RULES_BEYOND_SCHEMA:
    tags here, phone and VAT id in the schema)."""
    key = f"{unique}-typed"
    assert outcomes(send("customers", customer(key, phone="+49 30 1234567", vat_id="DE 136,695,976",
                                               tags="VIP; West"))) == ["created"]
    again = customer(key, phone="+49301234567", vat_id="DE136695976", tags="west;vip")
    assert outcomes(send("customers", again)) == ["unchanged"]


def test_a_bad_phone_vat_id_and_email_are_reported_together(send, unique):
    [result] = send("customers", customer(f"{unique}-bad", phone="12", vat_id="DE000", email="nope"))
    assert set(result["errors"]) == {"phone", "vat_id", "email"}
