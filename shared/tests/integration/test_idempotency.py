"""Idempotency-Key against the real database (http/idempotency.py): a retried write is answered
from the first answer, never written twice, under concurrency and after a crash too."""
from __future__ import annotations

import threading
import uuid

import pytest
from b2b_shared.db.idempotency_keys import idempotency_keys_table
from b2b_shared.http.app import create_base_app
from b2b_shared.http.idempotency import install_idempotency
from flask import request
from flask_smorest import Blueprint
from mechanism_support import Base, Thing
from sqlalchemy import func, insert, select, text

KEYS = idempotency_keys_table(Base.metadata)


@pytest.fixture
def app(uow_factory, engine):
    blueprint = Blueprint("things", __name__, url_prefix="/api/v1/things")
    failures = {"left": 0}

    @blueprint.route("", methods=["POST"])
    def create():
        if failures["left"]:
            failures["left"] -= 1
            return {"detail": "the database went away"}, 503
        with uow_factory() as uow:
            thing = Thing(id=uuid.uuid4(), name=request.get_json()["name"])
            uow.session.add(thing)
            thing.record("thing.created")
            uow.commit()
        return {"id": str(thing.id), "name": thing.name}, 201, {"Location": f"/api/v1/things/{thing.id}"}

    app = create_base_app("idempotent.app", "Idempotent API", [blueprint], {})
    install_idempotency(app, engine, owner_of_request=lambda: request.headers.get("X-Caller", "alice"))
    app.extensions["failures"] = failures
    return app


def named(engine, name: str) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(Thing).where(Thing.name == name))


def post(app, name: str, key: str, caller: str = "alice"):
    return app.test_client().post("/api/v1/things", json={"name": name},
                                  headers={"Idempotency-Key": key, "X-Caller": caller})


def test_a_retry_with_the_same_key_gets_the_first_answer_and_writes_nothing(app, engine, unique):
    with engine.begin() as db:
        db.execute(KEYS.delete().where(KEYS.c.key == "k-1"))
    first, again = post(app, unique, "k-1"), post(app, unique, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert named(engine, unique) == 1
    with engine.connect() as db:  # the write marked its key in its own transaction
        assert db.scalar(select(KEYS.c.effect_committed).where(KEYS.c.owner == "alice", KEYS.c.key == "k-1"))


def test_the_same_key_with_another_body_is_refused(app, engine, unique):
    post(app, unique, "k-2")
    response = post(app, f"{unique}-other", "k-2")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert list(response.json["errors"]) == ["Idempotency-Key"]
    assert named(engine, f"{unique}-other") == 0


def test_keys_belong_to_their_caller(app, engine, unique):
    assert post(app, unique, "shared-key", caller="alice").status_code == 201
    assert post(app, unique, "shared-key", caller="mallory").headers.get("Idempotent-Replayed") is None
    assert named(engine, unique) == 2  # mallory's request ran as its own; alice's answer was not shown


def test_concurrent_requests_with_one_key_write_once(app, engine, unique):
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(post(app, unique, "k-race").status_code))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert named(engine, unique) == 1
    assert set(answers) <= {201, 409}  # the first answer, replayed, or "still being answered"


def test_a_server_error_is_not_kept_so_the_retry_runs(app, engine, unique):
    app.extensions["failures"]["left"] = 1
    assert post(app, unique, "k-5xx").status_code == 503
    assert post(app, unique, "k-5xx").status_code == 201
    assert named(engine, unique) == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there"])
def test_a_malformed_key_is_a_bad_request(app, key, unique):
    assert post(app, unique, key).status_code == 400


def abandoned(engine, key: str, fingerprint_of_app: str | None, effect_committed: bool, expired: bool = False):
    """A key as a crash leaves it: claimed long ago, never answered."""
    with engine.begin() as db:
        db.execute(insert(KEYS).values(
            owner="alice", key=key, fingerprint=fingerprint_of_app or "", effect_committed=effect_committed,
            created_at=text("now() - interval '10 minutes'"),
            expires_at=text("now() - interval '1 second'" if expired else "now() + interval '1 day'")))


def fingerprint(app, name: str) -> str:
    """The fingerprint the first request had: taken from a throwaway key's row."""
    key = f"probe-{uuid.uuid4().hex}"
    post(app, name, key)
    with app.extensions["engine"].connect() as db:
        return db.scalar(select(KEYS.c.fingerprint).where(KEYS.c.key == key))


@pytest.fixture
def probe(app, engine):
    app.extensions["engine"] = engine
    return lambda name: fingerprint(app, name)


def test_after_a_crash_a_key_whose_write_never_committed_runs_again(app, engine, unique, probe):
    key = f"crashed-{unique}"
    abandoned(engine, key, probe(unique), effect_committed=False)
    before = named(engine, unique)
    assert post(app, unique, key).status_code == 201
    assert named(engine, unique) == before + 1


def test_after_a_crash_a_key_whose_write_committed_is_never_run_twice(app, engine, unique, probe):
    key = f"crashed-{unique}"
    abandoned(engine, key, probe(unique), effect_committed=True)
    before = named(engine, unique)
    response = post(app, unique, key)
    assert response.status_code == 409 and "lost" in response.json["detail"]
    assert named(engine, unique) == before


def test_an_expired_key_is_a_new_key(app, engine, unique):
    abandoned(engine, "old-key", "whatever", effect_committed=True, expired=True)
    assert post(app, unique, "old-key").status_code == 201


def test_a_key_on_an_unauthenticated_or_sign_in_request_is_ignored(engine, unique):
    blueprint = Blueprint("auth", __name__, url_prefix="/api/v1/auth")

    @blueprint.route("/token", methods=["POST"])
    def token():
        return {"access_token": unique}, 200

    app = create_base_app("signin.app", "Sign-in API", [blueprint], {})
    install_idempotency(app, engine, owner_of_request=lambda: "alice")
    response = app.test_client().post("/api/v1/auth/token", json={}, headers={"Idempotency-Key": "caf\u00e9"})
    assert response.status_code == 200 and "Idempotent-Replayed" not in response.headers
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(KEYS).where(KEYS.c.key == "caf\u00e9")) == 0
