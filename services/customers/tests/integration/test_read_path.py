"""A read is one round trip: a safe method's unit of work runs without a transaction (no BEGIN and no
ROLLBACK around its statement; b2b_shared.http.resources.uow), and a change keeps its transaction."""
from __future__ import annotations

import contextlib

import psycopg


@contextlib.contextmanager
def statements():
    """(statement, whether its connection was in autocommit) for every statement psycopg sent
    meanwhile, through SQLAlchemy or straight (b2b_shared.db.reads)."""
    seen: list[tuple[str, bool]] = []
    execute = psycopg.Cursor.execute

    def recorded(cursor, query, *args, **kwargs):
        seen.append((str(query), cursor.connection.autocommit))
        return execute(cursor, query, *args, **kwargs)

    psycopg.Cursor.execute = recorded
    try:
        yield seen
    finally:
        psycopg.Cursor.execute = execute


def reading_customers(seen) -> list[bool]:
    return [autocommit for statement, autocommit in seen if "FROM customers" in statement]


def test_reading_a_customer_is_one_statement_outside_any_transaction(client):
    created = client.post("/api/v1/customers", json={"name": "Read Once GmbH"}).json
    with statements() as seen:
        assert client.get(f"/api/v1/customers/{created['id']}").json["name"] == "Read Once GmbH"
    assert reading_customers(seen) == [True]
    assert all(autocommit for _, autocommit in seen)  # the caller's look-up, when not cached, too


def test_a_page_of_customers_is_one_statement_outside_any_transaction(client):
    with statements() as seen:
        assert client.get("/api/v1/customers?limit=5").status_code == 200
    assert reading_customers(seen) == [True]


def test_a_change_and_its_event_are_written_in_one_transaction(client):
    with statements() as seen:
        assert client.post("/api/v1/customers", json={"name": "Written Together AG"}).status_code == 201
    writes = [autocommit for statement, autocommit in seen if statement.startswith("INSERT")]
    assert len(writes) >= 2 and not any(writes)  # the customer and its outbox row
