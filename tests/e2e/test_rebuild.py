"""Rebuilding read models: after rows are lost, stale or wrongly alive in pricing's and users-roles'
customer read models, `b2b-service republish customers` makes both equal to the customers table
again, row by row (README, "When events go wrong")."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
from b2b_shared.config import sqlalchemy_url
from sqlalchemy import create_engine, text
from suite_runner import ROOT

pytestmark = pytest.mark.e2e

OWNER = "SELECT id, parent_id, group_id, status, version, sales_rep_ids, lineage FROM customers"
PRICING = ("SELECT id, parent_id, group_id, status, version, sales_rep_ids, lineage, deleted"
           " FROM customer_read_model")
USERS_ROLES = "SELECT id, parent_id, status, version, sales_rep_ids, path FROM customer_read_model"


def database(suite, service: str):
    return create_engine(sqlalchemy_url(suite.env[f"{service}_DATABASE_URL"]))


def rows(engine, query: str) -> dict:
    with engine.connect() as db:
        return {row.id: row for row in db.execute(text(query))}


def differences(owner, pricing, users_roles) -> list[str]:
    """Every way the read models differ from the owner's table (empty: equal)."""
    live, found = rows(owner, OWNER), []
    priced, users = rows(pricing, PRICING), rows(users_roles, USERS_ROLES)
    for id_, c in live.items():
        p, u = priced.get(id_), users.get(id_)
        if p is None or (p.parent_id, p.group_id, p.status, p.version, sorted(p.sales_rep_ids), p.lineage,
                         p.deleted) != (c.parent_id, c.group_id, c.status, c.version, sorted(c.sales_rep_ids),
                                        c.lineage, False):
            found.append(f"pricing {id_}: {p} != {c}")
        if u is None or (u.parent_id, u.status, u.version, sorted(u.sales_rep_ids), u.path) != (
                c.parent_id, c.status, c.version, sorted(c.sales_rep_ids), c.lineage):
            found.append(f"users-roles {id_}: {u} != {c}")
    found += [f"pricing keeps deleted {id_} alive" for id_, p in priced.items() if id_ not in live and not p.deleted]
    found += [f"users-roles keeps deleted {id_} {u.status}" for id_, u in users.items()
              if id_ not in live and u.status != "deleted"]
    return found


def eventually_equal(owner, pricing, users_roles, timeout: float = 30.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while (found := differences(owner, pricing, users_roles)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def post(admin, path: str, body: dict) -> dict:
    response = admin.post(path, json=body, timeout=5)
    assert response.status_code == 201, response.text
    return response.json()


def test_republishing_the_customers_rebuilds_both_read_models_row_by_row(suite, admin, unique):
    parent = post(admin, "/api/v1/customers", {"name": f"Parent {unique}"})
    child = post(admin, "/api/v1/customers", {"name": f"Child {unique}", "parent_id": parent["id"]})
    paused = post(admin, "/api/v1/customers", {"name": f"Paused {unique}"})
    gone = post(admin, "/api/v1/customers", {"name": f"Gone {unique}"})
    assert admin.patch(f"/api/v1/customers/{paused['id']}", json={"status": "inactive"},
                       headers={"If-Match": '"1"'}, timeout=5).status_code == 200
    assert admin.delete(f"/api/v1/customers/{gone['id']}", headers={"If-Match": '"1"'}, timeout=5).status_code == 204
    owner, pricing, users_roles = (database(suite, name) for name in ("CUSTOMERS", "PRICING", "USERS_ROLES"))
    assert eventually_equal(owner, pricing, users_roles) == []

    # What a lost or dead-lettered event leaves behind: rows missing, stale, or a deleted customer alive.
    with pricing.begin() as db:
        db.execute(text("DELETE FROM customer_read_model WHERE id = :id"), {"id": child["id"]})
        db.execute(text("UPDATE customer_read_model SET status = 'active', version = 1 WHERE id = :id"),
                   {"id": paused["id"]})
        db.execute(text("UPDATE customer_read_model SET status = 'active', deleted = false, version = 1"
                        " WHERE id = :id"), {"id": gone["id"]})
    with users_roles.begin() as db:
        db.execute(text("DELETE FROM customer_read_model WHERE id IN (:parent, :child)"),
                   {"parent": parent["id"], "child": child["id"]})
        db.execute(text("UPDATE customer_read_model SET status = 'active', version = 1 WHERE id = :id"),
                   {"id": gone["id"]})
    assert len(differences(owner, pricing, users_roles)) >= 5

    done = subprocess.run([sys.executable, "-m", "b2b_shared.entrypoints", "republish", "customers"], env=suite.env,
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "snapshot event(s) of customer" in done.stdout
    assert eventually_equal(owner, pricing, users_roles) == []
