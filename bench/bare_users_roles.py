"""The bare ceiling of users-roles' two hottest reads (bench/hot_reads_cpu.py), as bench/bare_reads.py
is the customers service's: the statement the service sends (copied as it reaches psycopg), on a
connection kept per thread in autocommit, and the same JSON. The decision and the effective
permissions are worked out in a few lines of Python: what is left of the service's rules
(users_roles/domain) when nothing else is asked of them. No authentication, no schema, no ETag,
no logging, no metrics, no tracing.

    BARE_DATABASE_URL=postgresql://... gunicorn -c deploy/gunicorn.conf.py bench.bare_users_roles:app
"""
from __future__ import annotations

import json
import uuid

from bare_reads import kept_connection
from flask import Flask, Response, request

app = Flask(__name__)

# users_roles/adapters/authz_queries.py, as SQLAlchemy hands it to psycopg.
SUBJECT = """
    SELECT u.kind, u.customer_id, u.enabled, r.id, r.name, r.permissions,
           (SELECT c.path FROM customer_read_model c WHERE c.id = %(owner)s::UUID) AS owner_path
      FROM users u
      LEFT JOIN user_roles ur ON ur.user_id = u.id
      LEFT JOIN roles r ON r.id = ur.role_id
     WHERE u.id = %(user)s::UUID
"""
LEVELS = ("NONE", "USER", "DEPARTMENT", "CORPORATE")
RANK = {name: rank for rank, name in enumerate(LEVELS)}
RESOURCES = ("customer", "customer_address", "customer_user", "role", "price_list", "payment_term", "balance",
             "import_job")
ACTIONS = ("VIEW", "CREATE", "EDIT", "DELETE", "ASSIGN")


def _json(body: dict) -> Response:
    return Response(json.dumps(body), mimetype="application/json")


def _subject(user_id: uuid.UUID, owner: uuid.UUID | None) -> list[tuple]:
    return kept_connection().execute(SUBJECT, {"user": user_id, "owner": owner}).fetchall()


def _reaches(level: int, body: dict, customer_id, owner: uuid.UUID | None, lineage) -> bool:
    own = body.get("owner_user_id") is not None and body["owner_user_id"] == body["user_id"]
    same_customer = owner == customer_id
    return {0: False, 1: own, 2: own or same_customer,
            3: own or same_customer or customer_id in lineage}[level]


@app.post("/api/v1/authz/check")
def check():
    body = json.loads(request.get_data())
    owner = uuid.UUID(body["owner_customer_id"]) if body.get("owner_customer_id") else None
    rows = _subject(uuid.UUID(body["user_id"]), owner)
    if not rows:
        return Response(status=404)
    kind, customer_id, enabled = rows[0][:3]
    if kind == "staff" or not enabled:
        allowed = kind == "staff" and enabled
        return _json({"allowed": allowed, "access_level": "CORPORATE" if allowed else "NONE"})
    level = max((RANK[p["access_level"]] for row in rows if row[3] is not None for p in row[5]
                 if p["resource"] == body["resource"] and p["action"] == body["action"]), default=0)
    lineage = rows[0][6] or ((owner,) if owner else ())
    return _json({"allowed": _reaches(level, body, customer_id, owner, lineage), "access_level": LEVELS[level]})


@app.get("/api/v1/customer-users/<uuid:user_id>/permissions")
def permissions(user_id: uuid.UUID):
    rows = _subject(user_id, None)
    if not rows or rows[0][0] != "customer_user":
        return Response(status=404)
    top: dict[tuple[str, str], tuple[int, str]] = {}  # the first role with the highest level
    for row in rows:
        for p in row[5] if row[3] is not None else ():
            key, rank = (p["resource"], p["action"]), RANK[p["access_level"]]
            if rank > top.get(key, (0, None))[0]:
                top[key] = (rank, row[4])
    items = [{"resource": resource, "action": action, "access_level": LEVELS[top.get((resource, action), (0,))[0]],
              "granted_by": top.get((resource, action), (0, None))[1]} for resource in RESOURCES for action in ACTIONS]
    return _json({"user_id": str(user_id), "items": items})
