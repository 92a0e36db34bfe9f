"""The Alembic migrations (which built this session's database) and the ORM models describe the
same schema: a column added to a model needs its revision, and the other way round."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from users_roles.domain import records  # noqa: F401  (registers the read model's tables)
from users_roles.domain.model import Base
from users_roles.service import SERVICE


def test_the_migrated_database_matches_the_models(engine):
    with engine.connect() as db:
        differences = compare_metadata(MigrationContext.configure(db), Base.metadata)
    assert differences == []


def test_the_database_is_at_the_single_head_revision(engine):
    heads = ScriptDirectory(str(SERVICE.migrations)).get_heads()
    assert len(heads) == 1, f"the revisions branch: {heads}"
    with engine.connect() as db:
        assert MigrationContext.configure(db).get_current_heads() == tuple(heads)
