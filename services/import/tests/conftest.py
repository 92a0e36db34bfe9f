"""Fixtures of the import tests: a migrated database of this session's own, the app on it, and
callers with tokens of a test signing key (b2b_shared.testing)."""
from __future__ import annotations

from b2b_shared.testing.fixtures import caller_fixtures, service_fixtures
from importer.service import SERVICE

database_url, config, app = service_fixtures(SERVICE)
keys, people, admin_headers, anonymous, client = caller_fixtures()
