"""The bare ceiling of bench/gateway_rps.py: the least a gateway on this stack can do, and nothing else.

A Flask app under gunicorn with the gateway's own settings (deploy/gunicorn-gateway.conf.py: gevent
workers), relaying every GET to one upstream through a kept urllib3 connection pool: the status, the
body and the content type. No token verified, no rate limit counted, no request id, no logging, no
metrics, no header filtering: what the real gateway would cost if all of those cost nothing. Its
ratio to the direct rate is the most any gateway built on Flask and gunicorn can reach on this machine.

    BARE_UPSTREAM=http://127.0.0.1:8001 gunicorn -c deploy/gunicorn-gateway.conf.py bench.bare_proxy:app
"""
from __future__ import annotations

import os

import urllib3
from flask import Flask, Response, request

app = Flask(__name__)
_upstream = urllib3.connection_from_url(os.environ.get("BARE_UPSTREAM", "http://127.0.0.1:8001"), maxsize=32,
                                        block=False, retries=False)


@app.get("/<path:path>")
def relay(path: str):
    headers = {"Authorization": request.headers.get("Authorization", "")}
    query = request.query_string.decode()
    answer = _upstream.request("GET", f"/{path}?{query}" if query else f"/{path}", headers=headers)
    return Response(answer.data, status=answer.status, content_type=answer.headers.get("Content-Type"))
