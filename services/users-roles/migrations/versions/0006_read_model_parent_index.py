"""customer read model: an index on parent_id

A customer's creation rewrites the paths of children that arrived before it, and only if there are
any: asking the parent_id index first keeps a bulk import's thousands of creations from each
searching the path's GIN index, whose pending list a bulk insert keeps long
(adapters/read_model.py, bench/import_throughput.py).

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_customer_read_model_parent_id", "customer_read_model", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_customer_read_model_parent_id", table_name="customer_read_model")
