"""Import jobs against the real PostgreSQL: uploading, who sees what, staging by workers (one killed
halfway, two at once), answers counted once, cancelling."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from functools import partial

import pytest
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.db.tables import outbox_table
from b2b_shared.testing.identity import client_as
from importer.adapters.tables import batches
from importer.adapters.unit_of_work import ImportUnitOfWork
from importer.app import create_app
from importer.domain.model import Base
from importer.messaging.published import SERIALIZERS
from importer.services.answers import record_answer
from importer.services.staging import stage_next
from sqlalchemy import func, select, text

OUTBOX = outbox_table(Base.metadata)


@pytest.fixture(scope="module")
def engine(database_url):
    engine = make_engine(database_url, 4)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine, config):
    return partial(ImportUnitOfWork, make_session_factory(engine), config, SERIALIZERS)


def csv_of(rows: int, levels: int = 1) -> bytes:
    lines = ["external_id,name,parent_external_id"]
    for n in range(rows):
        parent = f"K{n - 1}" if levels > 1 and n % levels else ""
        lines.append(f"K{n},Customer {n},{parent}")
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(client, content: bytes, mode: str = "import", entity: str = "customers"):
    return client.post("/api/v1/import-jobs", data={"entity": entity, "mode": mode,
                                                    "file": (io.BytesIO(content), "c.csv")},
                       content_type="multipart/form-data")


def staged_commands(engine, job_id: str) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(OUTBOX).where(
            OUTBOX.c.subject == job_id, OUTBOX.c.event_type.like("import_batch.%")))


def batch_count(engine, job_id: str) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(batches).where(batches.c.job_id == uuid.UUID(job_id)))


def drain(uow) -> None:
    while stage_next(uow(), 500, 1_000_000):
        pass


def test_an_upload_is_kept_as_a_queued_job_with_its_location(client):
    response = upload(client, csv_of(3))
    assert response.status_code == 202 and response.json["status"] == "queued"
    assert response.headers["Location"] == f"/api/v1/import-jobs/{response.json['id']}"


def test_an_upload_over_the_limit_is_413_before_it_is_kept(config, admin_headers):
    small = client_as(create_app(config.with_(max_upload_bytes=1000)), admin_headers)
    assert upload(small, csv_of(200)).status_code == 413


def test_a_mode_or_entity_that_does_not_exist_is_a_field_error(client):
    response = upload(client, csv_of(1), mode="maybe", entity="planets")
    assert response.status_code == 422 and set(response.json["errors"]) == {"mode", "entity"}


def test_a_sales_representative_may_not_import_and_a_stranger_sees_no_job(client, app, people):
    job = upload(client, csv_of(1)).json
    representative = client_as(app, people.staff("sales_representative"))
    assert upload(representative, csv_of(1)).status_code == 403
    assert representative.get(f"/api/v1/import-jobs/{job['id']}").status_code == 404
    assert job["id"] not in {j["id"] for j in representative.get("/api/v1/import-jobs").json["items"]}


def test_a_worker_killed_while_staging_leaves_the_job_queued_and_the_next_stages_it_once(
        client, engine, uow, database_url, amqp_url):
    drain(uow)  # jobs of earlier tests out of the way
    job = upload(client, csv_of(60_000)).json
    worker = subprocess.Popen([sys.executable, "-m", "b2b_shared.entrypoints", "worker", "import"],
                              env={**os.environ, "IMPORT_DATABASE_URL": database_url, "AMQP_URL": amqp_url},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_held(engine, job["id"])  # the worker has claimed it and is staging
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert (job_status(engine, job["id"]), batch_count(engine, job["id"]), staged_commands(engine, job["id"])) \
        == ("queued", 0, 0)
    drain(uow)
    assert (batch_count(engine, job["id"]), staged_commands(engine, job["id"])) == (120, 120)


def test_two_workers_at_once_stage_every_job_exactly_once(client, engine, uow):
    drain(uow)
    jobs = [upload(client, csv_of(2_000)).json["id"] for _ in range(6)]
    workers = [threading.Thread(target=drain, args=(uow,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [(batch_count(engine, job), staged_commands(engine, job)) for job in jobs] == [(4, 4)] * 6


def test_an_answer_delivered_twice_is_counted_once_and_the_last_completes_the_job(client, engine, uow):
    drain(uow)
    job = upload(client, csv_of(3)).json
    drain(uow)
    answer = {"job_id": job["id"], "batch": 0, "entity": "customers", "mode": "import",
              "results": [{"row": 2, "outcome": "created", "id": str(uuid.uuid4())},
                          {"row": 3, "outcome": "unchanged"},
                          {"row": 4, "outcome": "failed", "errors": {"name": ["Too long."]}}]}
    record_answer(uow(), answer)
    record_answer(uow(), answer)
    done = client.get(f"/api/v1/import-jobs/{job['id']}").json
    assert (done["status"], done["created"], done["unchanged"], done["failed"], done["progress"]) == \
        ("completed_with_errors", 1, 1, 1, 100.0)
    report = client.get(f"/api/v1/import-jobs/{job['id']}/errors").get_data(as_text=True).splitlines()
    assert report == ["row,column,message,value", "4,name,Too long.,Customer 2"]


def test_a_cancelled_job_sends_no_further_level_and_counts_what_was_applied(client, engine, uow):
    drain(uow)
    job = upload(client, csv_of(4, levels=2)).json  # K0 <- K1, K2 <- K3: two levels
    drain(uow)
    assert staged_commands(engine, job["id"]) == 1
    assert client.post(f"/api/v1/import-jobs/{job['id']}/cancel").json["status"] == "cancelled"
    record_answer(uow(), {"job_id": job["id"], "batch": 0, "entity": "customers", "mode": "import",
                          "results": [{"row": 2, "outcome": "created"}, {"row": 4, "outcome": "created"}]})
    done = client.get(f"/api/v1/import-jobs/{job['id']}").json
    assert (done["status"], done["created"], staged_commands(engine, job["id"])) == ("cancelled", 2, 1)
    assert client.post(f"/api/v1/import-jobs/{job['id']}/cancel").status_code == 409


def job_status(engine, job_id: str) -> str:
    with engine.connect() as db:
        return db.scalar(text("SELECT status FROM import_jobs WHERE id = :id"), {"id": job_id})


def wait_until_held(engine, job_id: str, timeout: float = 30.0) -> None:
    """Until another transaction holds the job's row: SKIP LOCKED then passes it over."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.begin() as db:
            free = db.scalar(text("SELECT id FROM import_jobs WHERE id = :id FOR UPDATE SKIP LOCKED"), {"id": job_id})
        if free is None:
            return
        time.sleep(0.02)
    raise AssertionError("no worker claimed the job")
