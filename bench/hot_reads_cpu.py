"""CPU per request of the hottest reads of users-roles and pricing, each against its own bare
ceiling (issue 12), measured as bench/read_path_cpu.py measures the customers service's reads (its
meters, its report: CPU of the gunicorn workers and of the database's backends, from /proc):

- users-roles: POST /api/v1/authz/check (a customer user with three roles, on a random customer of
  100,000 in the read model, as bench/users_roles_authz.py) and GET
  /api/v1/customer-users/{id}/permissions, beside bench/bare_users_roles.py;
- pricing: POST /api/v1/prices/resolve of 100 random items, 6 lists in the chain, 1,000,000 prices
  (bench/pricing_resolve.py's data), beside bench/bare_pricing.py.

The caller is a back-office administrator. Every app runs under gunicorn with
deploy/gunicorn.conf.py. The load is a fixed number of requests from a few Python clients on kept
connections, the same bodies for the bare app and the service, in interleaved rounds; not wrk,
whose one request cannot vary the bodies, and whose speed would not matter: the figure is CPU per
request. Before measuring, the bare apps' answers are checked to be the services'.

    POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/hot_reads_cpu.py
    BENCH_PRICES=100000 BENCH_REQUESTS=300 ... bench/hot_reads_cpu.py   # a quick look
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gateway_rps import CpuMeter, free_port, gunicorn
from pricing_resolve import body as resolve_body
from pricing_resolve import prepare as prepare_prices
from pricing_scratch import admin, scratch_app
from read_path_cpu import DatabaseMeter, measure, report
from users_roles.app import create_app as create_users_roles_app
from users_roles_authz import build_forest
from users_roles_authz import load as load_forest
from users_roles_common import administrator_client, administrator_headers, scratch_config

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 1500))  # per round and app; a resolve costs more: a third of it
PRICES = int(os.environ.get("BENCH_PRICES", 1_000_000))
CLIENTS = 4
BENCH = os.path.dirname(os.path.abspath(__file__))
# A customer user's roles, as the back office would set them up.
ROLES = (
    [{"resource": "customer", "action": "VIEW", "access_level": "CORPORATE"},
     {"resource": "customer_address", "action": "VIEW", "access_level": "CORPORATE"},
     {"resource": "price_list", "action": "VIEW", "access_level": "CORPORATE"}],
    [{"resource": "customer_user", "action": action, "access_level": "DEPARTMENT"}
     for action in ("VIEW", "CREATE", "EDIT", "DELETE")],
    [{"resource": "customer", "action": "EDIT", "access_level": "DEPARTMENT"},
     {"resource": "balance", "action": "VIEW", "access_level": "USER"},
     {"resource": "import_job", "action": "CREATE", "access_level": "USER"}],
)
CHECKED = (("customer", "VIEW"), ("customer_user", "EDIT"), ("price_list", "VIEW"), ("balance", "VIEW"))


@dataclass(frozen=True)
class Read:
    name: str
    method: str
    requests: list[tuple[str, bytes | None]]  # (path, body), sent in turn
    count: int  # per round


def sending(port: int, read: Read, headers: dict) -> Callable[[], tuple[float, float]]:
    """`read.count` requests over CLIENTS connections; returns (requests answered, seconds)."""
    def load() -> tuple[float, float]:
        failures: list[str] = []
        clients = [threading.Thread(target=_client, args=(port, read, headers, range(n, read.count, CLIENTS), failures))
                   for n in range(CLIENTS)]
        started = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        if failures:
            raise RuntimeError(f"{read.name} on port {port}: {failures[0]}")
        return read.count, time.perf_counter() - started
    return load


def _client(port: int, read: Read, headers: dict, indexes: range, failures: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    with_body = {**headers, "Content-Type": "application/json"}
    for index in indexes:
        path, body = read.requests[index % len(read.requests)]
        connection.request(read.method, path, body, headers if body is None else with_body)
        response = connection.getresponse()
        answer = response.read()
        if response.status != 200:
            failures.append(f"{response.status} {answer[:300]!r}")
            return
    connection.close()


def answers(port: int, read: Read, headers: dict, how_many: int = 20) -> list:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    found = []
    for path, body in read.requests[:how_many]:
        connection.request(read.method, path, body, {**headers, "Content-Type": "application/json"})
        response = connection.getresponse()
        found.append((response.status, json.loads(response.read() or b"null")))
    connection.close()
    return found


@contextlib.contextmanager
def serving(app: str, env: dict) -> Iterator[tuple[int, CpuMeter]]:
    """The app under gunicorn on a port of its own: (port, its workers' CPU meter)."""
    port = free_port()
    process = gunicorn(app, port, {**env, "PYTHONPATH": os.pathsep.join(filter(None, (BENCH, env.get("PYTHONPATH"))))})
    try:
        _wait_listening(port)
        yield port, CpuMeter(process.pid)
    finally:
        process.terminate()
        process.wait()


def _wait_listening(port: int) -> None:
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def side_by_side(reads: list[Read], bare: tuple[int, CpuMeter], service: tuple[int, CpuMeter], url: str,
                 headers: dict, figures: dict) -> None:
    """Checks the bare app answers as the service does, warms both, then measures both in turn."""
    targets = {"bare": bare, "service": service}
    for read in reads:
        expected, got = answers(service[0], read, headers), answers(bare[0], read, headers)
        if expected != got:
            sys.exit(f"{read.name}: the bare app answers otherwise than the service\n{expected[:2]}\n{got[:2]}")
        for port, _ in targets.values():
            sending(port, read, headers)()  # warm: pools filled, statements prepared, caches full
    database = DatabaseMeter(url)
    for _ in range(ROUNDS):
        for read in reads:
            for target, (port, meter) in targets.items():
                figures.setdefault((read.name, target), []).append(measure(sending(port, read, headers), meter, database))


def users_roles_reads(config) -> tuple[object, list[Read]]:
    """Seeds users-roles' scratch database: (the app on it, the reads to send)."""
    rows, trees = build_forest()
    load_forest(config.database_url, rows)
    app = create_users_roles_app(config)
    client = administrator_client(app)
    users = []
    for tree in random.sample(trees, 20):
        role_ids = [client.post("/api/v1/roles", json={"label": f"R{uuid.uuid4().hex[:6]}", "customer_id": str(tree[0]),
                                                       "permissions": permissions}).json["id"] for permissions in ROLES]
        user = client.post("/api/v1/customer-users", json={
            "customer_id": str(tree[0]), "email": f"{uuid.uuid4().hex[:8]}@example.com",
            "password": "bench password 123", "first_name": "B", "last_name": "U", "role_ids": role_ids}).json
        users.append((user, tree))
    checks = []
    for index in range(200):
        user, tree = random.choice(users)
        owner = random.choice(tree) if index % 2 else random.choice(rows)[0]  # within its reach, or not
        resource, action = random.choice(CHECKED)
        checks.append(("/api/v1/authz/check", json.dumps({"user_id": user["id"], "resource": resource, "action": action,
                                                           "owner_customer_id": str(owner)}).encode()))
    permissions = [(f"/api/v1/customer-users/{user['id']}/permissions", None) for user, _ in users]
    return app, [Read("authz", "POST", checks, REQUESTS), Read("permissions", "GET", permissions, REQUESTS)]


def pricing_reads(app, url: str, people) -> list[Read]:
    """Seeds pricing's scratch database: the reads to send."""
    skus, _ = prepare_prices(url, admin(app, people), PRICES)
    bodies = [("/api/v1/prices/resolve", json.dumps(resolve_body(skus)).encode()) for _ in range(200)]
    return [Read("resolve", "POST", bodies, REQUESTS // 3)]


def users_roles(figures: dict) -> None:
    with scratch_config() as config:
        app, reads = users_roles_reads(config)
        env = {**os.environ, "USERS_ROLES_DATABASE_URL": config.database_url, "BARE_DATABASE_URL": config.database_url,
               "LOG_LEVEL": "WARNING"}
        with serving("b2b_shared.entrypoints:web('users-roles')", env) as service, \
                serving("bare_users_roles:app", env) as bare:
            side_by_side(reads, bare, service, config.database_url, administrator_headers(app), figures)


def pricing(figures: dict) -> None:
    with scratch_app() as (app, url, people):
        reads = pricing_reads(app, url, people)
        headers = people.staff("administrator")  # tokens last 10 minutes: made after the load
        env = {**os.environ, "PRICING_DATABASE_URL": url, "BARE_DATABASE_URL": url, "LOG_LEVEL": "WARNING",
               "JWKS_URL": app.extensions["pricing.config"].jwks_url, "PRICING_STRATEGY": "merge_by_priority"}
        with serving("b2b_shared.entrypoints:web('pricing')", env) as service, serving("bare_pricing:app", env) as bare:
            side_by_side(reads, bare, service, url, headers, figures)


def main() -> None:
    figures: dict = {}
    users_roles(figures)
    pricing(figures)
    report(f"{CLIENTS} Python clients, {ROUNDS} interleaved rounds of {REQUESTS} requests (resolve: {REQUESTS // 3})",
           figures, {"authz": None, "permissions": None, "resolve": None})


if __name__ == "__main__":
    sys.exit(main())
