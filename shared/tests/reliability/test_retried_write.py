"""A write retried with the same Idempotency-Key after a timeout (issue 8's reliability suite): the
client gives up while the server is still writing (as a gateway's 504 leaves it), retries at once
and again later; the write happens once and the late retry gets its answer."""
from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests
from b2b_shared.http.app import create_base_app
from b2b_shared.http.idempotency import install_idempotency
from flask import request
from flask_smorest import Blueprint
from mechanism_support import Thing
from sqlalchemy import func, select
from werkzeug.serving import make_server

pytestmark = pytest.mark.reliability
SLOW_SECONDS = 1.5


@pytest.fixture
def slow_service(uow_factory, engine):
    blueprint = Blueprint("slow", __name__, url_prefix="/api/v1/slow-things")

    @blueprint.route("", methods=["POST"])
    def create():
        with uow_factory() as uow:
            thing = Thing(id=uuid.uuid4(), name=request.get_json()["name"])
            uow.session.add(thing)
            thing.record("thing.created")
            time.sleep(SLOW_SECONDS)  # slower than the client waits
            uow.commit()
        return {"id": str(thing.id)}, 201

    app = create_base_app("slow.app", "Slow API", [blueprint], {})
    install_idempotency(app, engine, owner_of_request=lambda: "alice")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/api/v1/slow-things"
    server.shutdown()


def test_a_write_retried_after_a_timeout_is_made_once_and_answered_later(slow_service, engine, unique):
    body, headers = {"name": unique}, {"Idempotency-Key": f"retry-{unique}"}
    with pytest.raises(requests.Timeout):
        requests.post(slow_service, json=body, headers=headers, timeout=0.5)
    at_once = requests.post(slow_service, json=body, headers=headers, timeout=10)
    assert at_once.status_code == 409 and at_once.headers["Retry-After"] == "1"  # the first is still writing
    time.sleep(SLOW_SECONDS)
    later = requests.post(slow_service, json=body, headers=headers, timeout=10)
    assert (later.status_code, later.headers["Idempotent-Replayed"]) == (201, "true")
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(Thing).where(Thing.name == unique)) == 1
