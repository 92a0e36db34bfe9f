"""argon2id password hashing (argon2-cffi) at OWASP's parameters or above.

`verify_dummy` spends the same work as a real verification, so that an unknown email and a
wrong password take about as long (no account enumeration by timing).
"""
from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# The stored hash of a user who has no password yet (an imported customer user): not an argon2 hash,
# so no password matches it and the user cannot sign in until an administrator sets one
# (PUT /api/v1/customer-users/{id}/password). Verifying against it spends a dummy verification,
# so that signing in as such a user fails like a wrong password, in about the same time.
NO_PASSWORD = "!no-password"
MIN_MEMORY_KIB = 19 * 1024
MIN_TIME_COST = 2


class Passwords:
    def __init__(self, memory_kib: int = MIN_MEMORY_KIB, time_cost: int = MIN_TIME_COST):
        self._hasher = PasswordHasher(memory_cost=max(memory_kib, MIN_MEMORY_KIB),
                                      time_cost=max(time_cost, MIN_TIME_COST), parallelism=1, type=Type.ID)
        self._dummy_hash = self._hasher.hash("not-a-password-of-anyone")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        if password_hash == NO_PASSWORD:
            return self.verify_dummy(password)
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def verify_dummy(self, password: str) -> bool:
        self.verify(self._dummy_hash, password)
        return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with parameters lower than today's."""
        return self._hasher.check_needs_rehash(password_hash)
