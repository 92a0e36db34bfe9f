"""Refresh-token families and login throttles."""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..domain.records import LoginThrottle, RefreshToken


class RefreshTokens:
    def __init__(self, session: Session):
        self.session = session

    def add(self, token: RefreshToken) -> None:
        self.session.add(token)

    def get_for_update(self, token_id: uuid.UUID) -> RefreshToken | None:
        # The row lock makes "use once" hold under concurrent refreshes with the same token.
        return self.session.get(RefreshToken, token_id, with_for_update=True)

    def revoke_family(self, family_id: uuid.UUID, now: dt.datetime) -> None:
        self.session.execute(update(RefreshToken).where(RefreshToken.family_id == family_id,
                                                        RefreshToken.revoked_at.is_(None)).values(revoked_at=now))

    def revoke_user(self, user_id: uuid.UUID, now: dt.datetime) -> None:
        self.session.execute(update(RefreshToken).where(RefreshToken.user_id == user_id,
                                                        RefreshToken.revoked_at.is_(None)).values(revoked_at=now))


class Throttles:
    def __init__(self, session: Session):
        self.session = session

    def get(self, email: str) -> LoginThrottle | None:
        return self.session.get(LoginThrottle, email)

    def record_failure(self, email: str) -> int:
        """Counts one more failure atomically; returns the new count."""
        stmt = insert(LoginThrottle).values(email=email, failures=1).on_conflict_do_update(
            index_elements=[LoginThrottle.email], set_={"failures": LoginThrottle.failures + 1}
        ).returning(LoginThrottle.failures)
        return self.session.scalar(stmt)

    def lock(self, email: str, until: dt.datetime) -> None:
        self.session.execute(update(LoginThrottle).where(LoginThrottle.email == email).values(locked_until=until))

    def clear(self, email: str) -> None:
        self.session.execute(update(LoginThrottle).where(LoginThrottle.email == email)
                             .values(failures=0, locked_until=None))
