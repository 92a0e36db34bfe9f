"""For every service of the registry: its Alembic migrations and its ORM models describe the same
schema (a column added to a model needs its revision, and the other way round), and the revisions
do not branch. Each service is migrated into a database of this test's own."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from b2b_shared import suite
from b2b_shared.db.engine import make_engine
from b2b_shared.entrypoints import load_service
from b2b_shared.testing.servers import migrated_database


@pytest.mark.parametrize("name", [service.name for service in suite.built()])
def test_the_migrations_build_exactly_the_models_schema_at_one_head(name, postgres_url):
    service = load_service(name)
    heads = ScriptDirectory(str(service.migrations)).get_heads()
    assert len(heads) == 1, f"the revisions branch: {heads}"
    with migrated_database(postgres_url, f"{name}-schema", service.migrations) as url:
        engine = make_engine(url, 1)
        try:
            with engine.connect() as db:
                context = MigrationContext.configure(db)
                assert context.get_current_heads() == tuple(heads)
                assert compare_metadata(context, service.metadata) == []
        finally:
            engine.dispose()
