"""`Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): a client that did not get
the answer to a write (a timeout, a dropped connection) sends it again with the same key and gets
the first answer back, marked `Idempotent-Replayed: true`, instead of a second write.

- Keys belong to the caller (the token's subject) and last KEY_HOURS (24 h). A key is 1 to 255
  printable ASCII characters (400 otherwise).
- The same key with another method, path or body: 422. While the first request is still being
  answered: 409 with Retry-After.
- Answers below 500 are kept and replayed; a 5xx, or an error before an answer, frees the key so
  that the retry runs.
- Exactness after a crash: the request's write marks its key in the write's own transaction
  (db/idempotency_keys.py). A key left unanswered by a crash is run again only if its write never
  committed; if it did, the retry gets 409 saying so (the answer was lost, the write was not),
  rather than a second write.
"""
from __future__ import annotations

import hashlib
import json
import random

from flask import Flask, Response, g, request
from sqlalchemy import Engine, text

from ..db.idempotency_keys import CURRENT_KEY
from ..errors import AppError, Unauthorized
from .problems import problem

HEADER = "Idempotency-Key"
KEY_HOURS = 24
ABANDONED_SECONDS = 60  # longer than any request may run (gunicorn's timeout is 30 s)
KEPT_HEADERS = ("Content-Type", "Location", "ETag")
UNKEPT_PREFIX = "/api/v1/auth/"

_CLAIM = text("""INSERT INTO idempotency_keys (owner, key, fingerprint, expires_at)
    VALUES (:owner, :key, :fingerprint, now() + make_interval(hours => :hours))
    ON CONFLICT (owner, key) DO NOTHING RETURNING key""")
_FIND = text("""SELECT fingerprint, status, headers, body, effect_committed, expires_at < now() AS expired,
    created_at < now() - make_interval(secs => :abandoned) AS abandoned
    FROM idempotency_keys WHERE owner = :owner AND key = :key""")
_FREE = text("DELETE FROM idempotency_keys WHERE owner = :owner AND key = :key")
_ANSWER = text("""UPDATE idempotency_keys SET status = :status, headers = CAST(:headers AS jsonb), body = :body
    WHERE owner = :owner AND key = :key""")
_EXPIRED = text("""DELETE FROM idempotency_keys WHERE ctid IN (
    SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT 1000)""")


def install_idempotency(app: Flask, engine: Engine, owner_of_request) -> None:
    """`owner_of_request()` names the caller (raising Unauthorized when it cannot): keys are theirs."""

    @app.before_request
    def _claim_or_replay():
        current = request._get_current_object()  # once, not through the proxy at every attribute
        if current.method != "POST":
            return None
        key = current.headers.get(HEADER)
        if key is None or not _applies_to(current.path):
            return None
        try:
            owner = owner_of_request()
        except AppError:
            return None  # unauthenticated: the route answers 401 itself, and nothing is kept
        if not (0 < len(key) <= 255 and key.isascii() and key.isprintable()):
            message = f"{HEADER} must be 1 to 255 printable ASCII characters."
            return problem(400, "Bad Request", message, {HEADER: [message]})
        return _claim(engine, owner, key, _fingerprint())

    @app.after_request
    def _keep_answer(response: Response) -> Response:
        if CURRENT_KEY.get() is None:  # set with the claim: most requests claim nothing
            return response
        claimed = g.pop("idempotency_claim", None)
        if claimed is not None:
            CURRENT_KEY.set(None)
            if response.status_code >= 500:
                _run(engine, _FREE, claimed)
            else:
                _keep(engine, claimed, response)
        return response

    @app.teardown_request
    def _free_on_error(error) -> None:
        if CURRENT_KEY.get() is None:
            return
        claimed = g.pop("idempotency_claim", None)
        if claimed is not None:  # no answer was made: the retry may run
            CURRENT_KEY.set(None)
            _run(engine, _FREE, claimed)


def _applies_to(path: str) -> bool:
    """Every POST under /api/v1 but signing in and token grants: a token is never stored to be replayed."""
    return path.startswith("/api/v1/") and not path.startswith(UNKEPT_PREFIX)


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{request.method} {request.full_path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _claim(engine: Engine, owner: str, key: str, fingerprint: str) -> Response | None:
    claimed = {"owner": owner, "key": key}
    with engine.begin() as db:
        if random.random() < 0.01:  # now and then, the expired keys go (no scheduler needed)
            db.execute(_EXPIRED)
        if db.execute(_CLAIM, {**claimed, "fingerprint": fingerprint, "hours": KEY_HOURS}).first() is None:
            earlier = db.execute(_FIND, {**claimed, "abandoned": ABANDONED_SECONDS}).one()
            answer = _answer_to_repeat(earlier, fingerprint)
            if answer is not None:
                return answer
            db.execute(_FREE, claimed)  # expired, or abandoned before its write: claimed afresh
            db.execute(_CLAIM, {**claimed, "fingerprint": fingerprint, "hours": KEY_HOURS})
    g.idempotency_claim = claimed
    CURRENT_KEY.set((owner, key))
    return None


def _answer_to_repeat(earlier, fingerprint: str) -> Response | None:
    """What a request with a key already used gets; None: run it (the earlier use does not count)."""
    if earlier.expired:
        return None
    if earlier.fingerprint != fingerprint:
        message = f"This {HEADER} was used for another request; use a new key for a different request."
        return problem(422, "Unprocessable Content", message, {HEADER: [message]})
    if earlier.status is not None:
        replayed = Response(earlier.body, status=earlier.status, headers=earlier.headers)
        replayed.headers["Idempotent-Replayed"] = "true"
        return replayed
    if earlier.abandoned and not earlier.effect_committed:
        return None  # its process died before writing anything
    if earlier.abandoned:
        return problem(409, "Conflict", "The first request with this key made its change, but its answer was "
                                        "lost; read the resource to see it.")
    return problem(409, "Conflict", "The first request with this key is still being answered; retry shortly.",
                   headers={"Retry-After": "1"})


def _keep(engine: Engine, claimed: dict, response: Response) -> None:
    if response.is_streamed:  # not ours to consume: the key is freed instead
        _run(engine, _FREE, claimed)
        return
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    _run(engine, _ANSWER, {**claimed, "status": response.status_code, "headers": json.dumps(headers),
                           "body": response.get_data()})


def _run(engine: Engine, statement, parameters: dict) -> None:
    with engine.begin() as db:
        db.execute(statement, parameters)


def principal_owner() -> str:
    """The caller's subject, by the service's own authentication (http/access.py)."""
    from .access import current_principal

    principal = current_principal()
    if principal is None:
        raise Unauthorized("Sign in first.")
    return f"{principal.kind}:{principal.subject}"
