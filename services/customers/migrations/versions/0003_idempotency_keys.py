"""idempotency keys: the answers to POSTs a client may retry (b2b_shared/http/idempotency.py)

Revision ID: 0003
Revises: 0002
"""
from alembic import op
from b2b_shared.db.migration_ops import create_idempotency_keys, drop_idempotency_keys

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_keys(op)


def downgrade() -> None:
    drop_idempotency_keys(op)
