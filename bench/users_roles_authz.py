"""POST /api/v1/authz/check latency at the service (Flask test client, in process) with 100,000
customers in the read model; target p99 < 5 ms. Also times a subtree move in the read model.

  POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/users_roles_authz.py
"""
from __future__ import annotations

import io
import random
import sys
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).parent))
from b2b_shared.config import sqlalchemy_url  # noqa: E402
from b2b_shared.db.engine import make_engine, make_session_factory  # noqa: E402
from b2b_shared.messaging.envelope import CloudEvent  # noqa: E402
from users_roles.app import create_app  # noqa: E402
from users_roles.messaging.handlers import customer_changed  # noqa: E402
from users_roles.service import SERVICE  # noqa: E402
from users_roles_common import administrator_client, report, scratch_config  # noqa: E402

CUSTOMERS, TREES, CHECKS = 100_000, 2_000, 5_000


def build_forest() -> tuple[list[tuple], list[list[uuid.UUID]]]:
    """TREES trees of CUSTOMERS/TREES customers each, parents picked at random within the tree."""
    rows, trees = [], []
    for _ in range(TREES):
        tree: list[tuple[uuid.UUID, list[uuid.UUID]]] = []
        for index in range(CUSTOMERS // TREES):
            customer_id = uuid.uuid4()
            parent_path = random.choice(tree[max(0, index - 8):])[1] if tree else []
            path = [*parent_path, customer_id]
            tree.append((customer_id, path))
            rows.append((customer_id, parent_path[-1] if parent_path else None, path))
        trees.append([customer_id for customer_id, _ in tree])
    return rows, trees


def load(database_url: str, rows) -> None:
    buffer = io.StringIO()
    null = "\\N"
    for customer_id, parent, path in rows:
        buffer.write(f"{customer_id}\t{parent or null}\tactive\t1\t{{{','.join(map(str, path))}}}\tnow()\n")
    with psycopg.connect(sqlalchemy_url(database_url).replace("+psycopg", "")) as db:
        with db.cursor().copy("COPY customer_read_model (id, parent_id, status, version, path, updated_at) "
                              "FROM STDIN") as copy:
            copy.write(buffer.getvalue().replace("now()", "2026-01-01T00:00:00Z"))
        db.execute("ANALYZE customer_read_model")


def main() -> None:
    with scratch_config() as config:
        rows, trees = build_forest()
        load(config.database_url, rows)
        client = administrator_client(create_app(config))
        users = []
        for tree in random.sample(trees, 20):
            role = client.post("/api/v1/roles", json={"label": f"R{uuid.uuid4().hex[:6]}", "customer_id": str(tree[0]),
                               "permissions": [{"resource": "customer", "action": "VIEW", "access_level": "CORPORATE"}]})
            user = client.post("/api/v1/customer-users", json={
                "customer_id": str(tree[0]), "email": f"{uuid.uuid4().hex[:8]}@example.com",
                "password": "bench password 123", "first_name": "B", "last_name": "U",
                "role_ids": [role.json["id"]]}).json
            users.append((user, tree))
        timings = []
        for index in range(CHECKS + 200):
            user, tree = random.choice(users)
            owner = random.choice(tree) if index % 2 else random.choice(rows)[0]
            body = {"user_id": user["id"], "resource": "customer", "action": "VIEW", "owner_customer_id": str(owner)}
            started = time.perf_counter()
            response = client.post("/api/v1/authz/check", json=body)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200
            if index >= 200:  # warm-up: pools, caches
                timings.append(elapsed)
        print(f"read model: {CUSTOMERS} customers in {TREES} trees")
        report("authz check (Flask test client)", timings)
        time_moves(config, trees)


def time_moves(config, trees) -> None:
    """customer.moved of a tree's root under another tree: rewrites its whole subtree's paths."""
    session_factory = make_session_factory(make_engine(config.database_url, 1))
    timings = []
    for index, tree in enumerate(random.sample(trees, 50)):
        target = random.choice(trees)[0]
        if target == tree[0]:
            continue
        event = CloudEvent(id=str(uuid.uuid4()), type="customer.moved", source="bench", subject=str(tree[0]),
                           data={"id": str(tree[0]), "parent_id": str(target), "status": "active", "version": 2})
        started = time.perf_counter()
        with session_factory() as session, session.begin():
            customer_changed(SERVICE.consumes.unit_of_work(config, session), event)
        timings.append(time.perf_counter() - started)
    report(f"customer.moved of a {CUSTOMERS // TREES}-customer subtree", timings)


if __name__ == "__main__":
    main()
