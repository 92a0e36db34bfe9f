"""Fixtures of the customers tests: a migrated database of this session's own, the app on it,
callers with tokens of a test signing key (their principals put into the read model through the
real event handlers), and `client`, an administrator's client that most tests use."""
from __future__ import annotations

from b2b_shared.testing.fixtures import caller_fixtures, service_fixtures
from customers.service import SERVICE

database_url, config, app = service_fixtures(SERVICE)
keys, people, admin_headers, anonymous, client = caller_fixtures()

