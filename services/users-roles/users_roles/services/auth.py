"""Login, refresh-token rotation, revocation and password change.

- One answer for an unknown email, a wrong password and a disabled user (401), and about the
  same time for each: an unknown email is verified against a dummy argon2id hash.
- Per-account back-off (domain/throttle.py) keyed by the email, known or not: 429 + Retry-After.
- A refresh token works once. Presenting a used one means it was stolen or replayed: the
  whole family is revoked (OAuth 2.0 Security BCP, refresh token rotation).
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import partial

from b2b_shared.errors import TooManyRequests, Unauthorized
from b2b_shared.validation import normalise

from ..adapters.passwords import Passwords
from ..adapters.tokens import AccessTokens, new_refresh_secret, secret_matches, split_refresh_token
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain import values
from ..domain.model import User
from ..domain.records import RefreshToken
from ..domain.throttle import ACCOUNT_CEILING, account_lock_seconds, lock_seconds, retry_after, source_key

WRONG = "The email or password is wrong, or the account is disabled."


@dataclass(frozen=True)
class Auth:
    """What the auth use cases need besides a unit of work (built once in app.py)."""

    passwords: Passwords
    access: AccessTokens
    refresh_seconds: int
    account_ceiling: int = ACCOUNT_CEILING


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def may_sign_in(uow: UsersRolesUnitOfWork, user: User | None) -> bool:
    if user is None or not user.enabled:
        return False
    if user.kind == "customer_user":
        customer = uow.customers.get(user.customer_id)
        return customer is not None and customer.status == "active"
    return True


def _check_throttle(uow: UsersRolesUnitOfWork, keys: tuple[str, ...], moment: dt.datetime) -> None:
    for key in keys:
        throttle = uow.throttles.get(key)
        wait = retry_after(throttle.locked_until if throttle else None, moment)
        if wait:
            raise TooManyRequests("Too many failed sign-ins for this account; try again later.", wait)


def _fail(uow: UsersRolesUnitOfWork, auth: Auth, email: str, source: str, moment: dt.datetime) -> None:
    """One more failure for this account from this address, and for the account overall."""
    account = partial(account_lock_seconds, ceiling=auth.account_ceiling)
    with uow:
        for key, schedule in ((source_key(email, source), lock_seconds), (email, account)):
            seconds = schedule(uow.throttles.record_failure(key))
            if seconds:
                uow.throttles.lock(key, moment + dt.timedelta(seconds=seconds))
        uow.commit()


def _issue(uow: UsersRolesUnitOfWork, auth: Auth, user: User, family_id: uuid.UUID, moment: dt.datetime) -> dict:
    secret, secret_hash = new_refresh_secret()
    token = RefreshToken(id=uuid.uuid4(), family_id=family_id, user_id=user.id, secret_hash=secret_hash,
                         expires_at=moment + dt.timedelta(seconds=auth.refresh_seconds))
    uow.refresh_tokens.add(token)
    roles = [r.name for r in user.roles] if user.kind == "customer_user" else list(user.staff_roles or [])
    return {"access_token": auth.access.issue(user, roles, moment), "token_type": "Bearer",
            "expires_in": auth.access.lifetime_seconds, "refresh_token": f"{token.id}.{secret}"}


def sign_in(uow: UsersRolesUnitOfWork, auth: Auth, email: str, password: str, source: str = "unknown") -> dict:
    key, moment = email.strip().lower(), now()
    keys = (source_key(key, source), key)
    with uow:
        _check_throttle(uow, keys, moment)
        user = uow.users.by_email(key)
        allowed = may_sign_in(uow, user)
        password_hash = user.password_hash if user else None
    verified = auth.passwords.verify(password_hash, password) if user else auth.passwords.verify_dummy(password)
    if not (verified and allowed):
        _fail(uow, auth, key, source, moment)
        raise Unauthorized(WRONG)
    rehashed = auth.passwords.hash(password) if auth.passwords.needs_rehash(password_hash) else None
    with uow:
        user = uow.users.get(user.id)
        for throttle_key in keys:
            uow.throttles.clear(throttle_key)
        uow.users.record_sign_in(user.id, moment, rehashed)  # not a change of the user: no new version
        tokens = _issue(uow, auth, user, uuid.uuid4(), moment)
        uow.commit()
        return tokens


def refresh(uow: UsersRolesUnitOfWork, auth: Auth, presented: str) -> dict:
    parsed, moment = split_refresh_token(presented), now()
    with uow:
        token = uow.refresh_tokens.get_for_update(parsed[0]) if parsed else None
        if token is None or not secret_matches(parsed[1], token.secret_hash):
            raise Unauthorized("Unknown refresh token.")
        if token.revoked_at is not None or token.expires_at <= moment:
            raise Unauthorized("The refresh token has expired or was revoked.")
        user = uow.users.get(token.user_id)
        if token.used_at is not None or not may_sign_in(uow, user):
            uow.refresh_tokens.revoke_family(token.family_id, moment)
            uow.commit()
            raise Unauthorized("The refresh token was already used or the account is disabled; sign in again.")
        token.used_at = moment
        tokens = _issue(uow, auth, user, token.family_id, moment)
        uow.commit()
        return tokens


def revoke(uow: UsersRolesUnitOfWork, presented: str) -> None:
    """Revokes the token's whole family; says nothing about tokens it does not know (RFC 7009)."""
    parsed = split_refresh_token(presented)
    with uow:
        token = uow.refresh_tokens.get_for_update(parsed[0]) if parsed else None
        if token is not None and secret_matches(parsed[1], token.secret_hash):
            uow.refresh_tokens.revoke_family(token.family_id, now())
            uow.commit()


def change_own_password(uow: UsersRolesUnitOfWork, auth: Auth, user_id: uuid.UUID, old: str, new: str) -> None:
    """With the old password; a wrong one counts as a failed sign-in. Signs out everywhere."""
    normalise({"new_password": new}, {"new_password": values.password})
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise Unauthorized("Sign in again.")
        email, password_hash = user.email.lower(), user.password_hash
        _check_throttle(uow, (email,), now())
    if not auth.passwords.verify(password_hash, old):
        _fail(uow, auth, email, f"user:{user_id}", now())
        raise Unauthorized("The old password is wrong.")
    new_hash = auth.passwords.hash(new)
    with uow:
        user = uow.users.get(user_id, for_update=True)
        user.set_password_hash(new_hash)
        uow.refresh_tokens.revoke_user(user.id, now())
        uow.commit()
