"""Normalising what users type: emails, phone numbers, passwords. Each returns the canonical
form or raises ValueError with a message for the user."""
from __future__ import annotations

from b2b_shared.validation import phone_e164  # noqa: F401 - part of this module's rules

MIN_PASSWORD = 12  # OWASP ASVS 2.1.1; no composition rules (NIST SP 800-63B)
MAX_PASSWORD = 128  # bounds the work one login can cost


def email(raw: str) -> str:
    """Kept as typed (trimmed); uniqueness and login compare lower-cased."""
    value = raw.strip()
    if "@" not in value or value.startswith("@") or value.endswith("@"):
        raise ValueError("Not an email address.")
    return value




def password(raw: str) -> str:
    if not MIN_PASSWORD <= len(raw) <= MAX_PASSWORD:
        raise ValueError(f"A password has {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
    return raw
