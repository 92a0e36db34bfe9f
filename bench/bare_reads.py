"""The bare ceiling of bench/read_ceiling.py: a Flask app that does what the customers service's two
hottest reads do at their core, and nothing else: one SQL statement on a psycopg connection kept
open per thread (autocommit, so no BEGIN or ROLLBACK), the same columns, the same JSON fields.
No authentication, no authorization, no ETag, no logging, no metrics: what is left when all of
those cost nothing.

    BARE_DATABASE_URL=postgresql://... BARE_COLUMNS=id,name,... BARE_ORDER='name, id' BARE_WHERE="status = 'active'" \
        gunicorn -c deploy/gunicorn.conf.py bench.bare_reads:app
"""
from __future__ import annotations

import json
import os
import threading
import uuid

import psycopg
from flask import Flask, Response

app = Flask(__name__)
_URL = os.environ.get("BARE_DATABASE_URL", "")
_COLUMNS = os.environ.get("BARE_COLUMNS", "id,name").split(",")
_ORDER = os.environ.get("BARE_ORDER", "name, id")
_WHERE = os.environ.get("BARE_WHERE", "true")  # the page's filter
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM customers"
_local = threading.local()


def kept_connection() -> psycopg.Connection:
    """This thread's connection to BARE_DATABASE_URL, opened once (the other bare apps use it too)."""
    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = _local.connection = psycopg.connect(_URL, autocommit=True)
    return connection


def _as_json(row: tuple) -> dict:
    return dict(zip(_COLUMNS, row, strict=True))


@app.get("/api/v1/customers/<uuid:customer_id>")
def one(customer_id: uuid.UUID):
    row = kept_connection().execute(f"{_SELECT} WHERE id = %s", (customer_id,)).fetchone()
    if row is None:
        return Response(status=404)
    return Response(json.dumps(_as_json(row), default=str), mimetype="application/json")


@app.get("/api/v1/customers")
def page():
    rows = kept_connection().execute(f"{_SELECT} WHERE {_WHERE} ORDER BY {_ORDER} LIMIT 51").fetchall()
    body = {"items": [_as_json(row) for row in rows[:50]], "next_cursor": "x" if len(rows) > 50 else None}
    return Response(json.dumps(body, default=str), mimetype="application/json")
