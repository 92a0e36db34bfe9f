"""A web process after its database dropped its connections (a restart, a network cut), without a
ping at every checkout (db/engine.py, make_web_engine): a read is retried once on a fresh connection
and the caller never sees the outage that is over; a write that met a dead connection answers 503
with Retry-After (it may have reached the server), and the next one works; while the database is
out of reach, every request answers 503, never 500. The customers service stands for every service;
its database is reached through a TCP proxy the test cuts (the machine's PostgreSQL keeps running)."""
from __future__ import annotations

import pytest
from b2b_shared.db.engine import make_engine
from b2b_shared.testing.identity import Identities, SigningKeys, client_as
from b2b_shared.testing.servers import migrated_database
from b2b_shared.testing.tcp_proxy import TcpProxy
from customers.service import SERVICE as CUSTOMERS


@pytest.fixture(scope="module")
def database(postgres_url):
    with migrated_database(postgres_url, CUSTOMERS.name, CUSTOMERS.migrations) as url:
        yield url


@pytest.fixture
def proxy(database):
    proxy = TcpProxy.to_server_of(database, 5432)
    yield proxy
    proxy.close()


@pytest.fixture
def client(database, proxy, amqp_url):
    proxied = proxy.url_through(database)
    keys = SigningKeys()
    engine = make_engine(database, 1)
    headers = Identities(keys, engine).staff("administrator")
    engine.dispose()
    config = CUSTOMERS.load_config().with_(database_url=proxied, amqp_url=amqp_url, jwks_url=keys.jwks_url)
    return client_as(CUSTOMERS.create_app(config), headers)


def created(client) -> str:
    response = client.post("/api/v1/customers", json={"name": "Outage GmbH"})
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_a_read_after_the_database_dropped_its_connections_is_answered(client, proxy):
    customer_id = created(client)
    proxy.cut()  # every pooled connection is now dead
    proxy.restore()
    response = client.get(f"/api/v1/customers/{customer_id}")
    assert response.status_code == 200, response.json
    assert response.json["id"] == customer_id


def test_a_write_that_met_a_dropped_connection_is_503_with_retry_after_and_the_next_works(client, proxy):
    created(client)
    proxy.cut()
    proxy.restore()
    refused = client.post("/api/v1/customers", json={"name": "Met a dead connection"})
    assert refused.status_code == 503
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert refused.headers["Retry-After"] == "2"
    assert client.post("/api/v1/customers", json={"name": "Next one"}).status_code == 201


def test_while_the_database_is_out_of_reach_requests_answer_503_not_500(client, proxy):
    customer_id = created(client)
    proxy.cut()
    assert client.get(f"/api/v1/customers/{customer_id}").status_code == 503
    assert client.post("/api/v1/customers", json={"name": "No database"}).status_code == 503
    proxy.restore()
    assert client.get(f"/api/v1/customers/{customer_id}").status_code == 200
