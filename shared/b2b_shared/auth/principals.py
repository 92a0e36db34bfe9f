"""From a verified token to a Principal: what the service knows of the token's subject decides.

A token alone is not enough: a disabled, deleted or password-reset user, a changed role and a
customer made inactive must change the answer within seconds, not at token expiry. So every
service looks the subject up (its principal read model, kept from users-roles' events; users-roles
itself reads its own tables) and caches the row for a moment (`ROW_SECONDS`, well inside the 5 s
the design allows).
"""
from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import TLRUCache, TTLCache
from sqlalchemy import Engine, bindparam, text
from sqlalchemy.dialects.postgresql import UUID

from .hierarchy import Hierarchy
from .jwt import InvalidToken, TokenVerifier, bearer_token
from .levels import merge_permissions
from .principal import CUSTOMER_USER, SERVICE, STAFF, Principal

ROW_SECONDS = 2.0


@dataclass(frozen=True)
class PrincipalRow:
    kind: str
    customer_id: uuid.UUID | None
    enabled: bool
    staff_roles: tuple[str, ...]
    tokens_valid_after: dt.datetime | None
    customer_status: str | None
    roles: tuple[tuple[str, list[dict]], ...]  # (role name, permissions)
    deleted: bool = False


RowSource = Callable[[uuid.UUID], "PrincipalRow | None"]


def principal_from(claims: dict, row: PrincipalRow | None) -> Principal:
    """The principal a token stands for now, or InvalidToken (401) saying why not."""
    if row is None or row.deleted:
        raise InvalidToken("The token's user is not known here (deleted, or not yet propagated).")
    if row.kind != claims.get("kind"):
        raise InvalidToken("The token's kind does not match its user.")
    if not row.enabled:
        raise InvalidToken("The account is disabled.")
    if row.tokens_valid_after and int(claims["iat"]) < int(row.tokens_valid_after.timestamp()):
        raise InvalidToken("The token was revoked (password change or sign-out everywhere); sign in again.")
    if row.kind == CUSTOMER_USER and row.customer_status != "active":
        raise InvalidToken("The user's customer account is not active.")
    return Principal(kind=row.kind, subject=claims["sub"], customer_id=row.customer_id,
                     staff_roles=frozenset(row.staff_roles), roles=tuple(name for name, _ in row.roles),
                     permissions=merge_permissions(permissions for _, permissions in row.roles))


def service_principal(claims: dict) -> Principal:
    """A process acting as itself (client-credentials grant): only what its token's scope names."""
    return Principal(kind=SERVICE, subject=claims["sub"], scopes=frozenset(str(claims.get("scope", "")).split()))


class Authenticator:
    """`Authorization` header -> Principal. 401 (InvalidToken) for anything short of a good token
    whose subject may act now."""

    def __init__(self, verifier: TokenVerifier, rows: RowSource, row_seconds: float = ROW_SECONDS):
        self._verifier = verifier
        self._rows = rows
        self._row_seconds = row_seconds
        self._cache: TTLCache = TTLCache(maxsize=50_000, ttl=row_seconds)  # subject -> (row, kept until)
        # token -> (principal, kept until): what a token stands for, kept as long as the row it was
        # made from (and never past the token's expiry), so that a caller's next requests cost one
        # look-up instead of the token's claims, the row and a new Principal (issue 12).
        # A changed row still changes the answer within `row_seconds`.
        self._principals: TLRUCache = TLRUCache(maxsize=20_000, ttu=_kept_until, timer=time.monotonic)
        self._lock = threading.Lock()

    def authenticate(self, authorization: str | None) -> Principal:
        token = bearer_token(authorization)
        if token is None:
            raise InvalidToken("This needs an access token: `Authorization: Bearer <token>`.")
        with self._lock:
            known = self._principals.get(token)
        if known is not None:
            return known[0]
        known = self._principal_for(token)
        with self._lock:
            self._principals[token] = known
        return known[0]

    def _principal_for(self, token: str) -> tuple[Principal, float]:
        claims = self._verifier.verify(token)
        expires = time.monotonic() + (claims["exp"] - time.time())
        if claims.get("kind") == SERVICE:
            return service_principal(claims), expires
        if claims.get("kind") not in (CUSTOMER_USER, STAFF):
            raise InvalidToken("The token names no known kind of caller.")
        try:
            subject = uuid.UUID(str(claims["sub"]))
        except ValueError:
            raise InvalidToken("The token's subject is not a user id.") from None
        row, row_until = self._row(subject)
        return principal_from(claims, row), min(row_until, expires)

    def _row(self, subject: uuid.UUID) -> tuple[PrincipalRow | None, float]:
        with self._lock:
            if subject in self._cache:
                return self._cache[subject]
        kept = self._rows(subject), time.monotonic() + self._row_seconds
        with self._lock:
            self._cache[subject] = kept
        return kept


def _kept_until(_token: str, kept: tuple[Principal, float], _now: float) -> float:
    return kept[1]


def read_model_rows(engine: Engine, hierarchy: Hierarchy) -> RowSource:
    """Rows from the principal read model (principal_tables.py), with the customer's status from
    the service's hierarchy, in one round trip on an autocommit connection."""
    statement = text(f"""
        SELECT p.kind, p.customer_id, p.enabled, p.staff_roles, p.tokens_valid_after, h.{hierarchy.status},
               COALESCE((SELECT jsonb_agg(jsonb_build_array(r.name, r.permissions) ORDER BY r.name)
                           FROM authz_roles r WHERE r.id = ANY(p.role_ids) AND NOT r.deleted), '[]'::jsonb),
               p.deleted
          FROM authz_principals p LEFT JOIN {hierarchy.table} h ON h.{hierarchy.id} = p.customer_id
         WHERE p.id = :id""").bindparams(bindparam("id", type_=UUID(as_uuid=True)))

    def rows(subject: uuid.UUID) -> PrincipalRow | None:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            row = connection.execute(statement, {"id": subject}).first()
        if row is None:
            return None
        return PrincipalRow(row[0], row[1], row[2], tuple(row[3] or ()), row[4], row[5],
                            tuple((name, permissions) for name, permissions in row[6]), row[7])
    return rows
