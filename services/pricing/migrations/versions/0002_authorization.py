"""authorization: lineage and sales representatives in the customer read model; the principal read model

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from b2b_shared.auth.principal_tables import create_principal_tables, drop_principal_tables
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UUIDS = postgresql.ARRAY(postgresql.UUID(as_uuid=True))

# Rows from before this migration get their whole lineage from the parent_id links: a root's is
# itself, a customer whose parent is not known here starts with [parent, self] (as the consumer
# does), and each child extends its parent's. 50 levels, as the resolution walk (adapters/read_model.py).
BACKFILL_LINEAGE = """
WITH RECURSIVE tree(id, lineage) AS (
    SELECT c.id, CASE WHEN c.parent_id IS NULL THEN ARRAY[c.id] ELSE ARRAY[c.parent_id, c.id] END
      FROM customer_read_model c
     WHERE c.parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM customer_read_model p WHERE p.id = c.parent_id)
    UNION ALL
    SELECT c.id, t.lineage || c.id
      FROM customer_read_model c JOIN tree t ON c.parent_id = t.id
     WHERE cardinality(t.lineage) < 50
)
UPDATE customer_read_model m SET lineage = tree.lineage FROM tree WHERE m.id = tree.id
"""


def upgrade() -> None:
    op.add_column("customer_read_model", sa.Column("lineage", UUIDS, nullable=False, server_default="{}"))
    op.add_column("customer_read_model", sa.Column("sales_rep_ids", UUIDS, nullable=False, server_default="{}"))
    op.execute(BACKFILL_LINEAGE)
    op.execute("UPDATE customer_read_model SET lineage = ARRAY[id] WHERE lineage = '{}'")  # a cycle's members
    # A tombstone must never count as an active customer: its users are refused (auth/principals.py).
    op.execute("UPDATE customer_read_model SET status = 'deleted' WHERE deleted")
    # Sales representatives are not in the rows yet: they arrive with each customer's next event.
    op.create_index("ix_customer_read_model_lineage", "customer_read_model", ["lineage"], postgresql_using="gin")
    create_principal_tables(op)


def downgrade() -> None:
    drop_principal_tables(op)
    op.drop_index("ix_customer_read_model_lineage", table_name="customer_read_model")
    op.drop_column("customer_read_model", "sales_rep_ids")
    op.drop_column("customer_read_model", "lineage")
