"""customer external id: the import names customers by it (messaging/import_rows.py)

No backfill here (users-roles reads no other service's tables): `customer.*` events carry
`external_id` from now on, and `b2b-service republish customers` fills in the customers already
known (a snapshot at the version held still sets it: services/customer_events.py). Not unique:
events of two customers may arrive out of order; customers keeps it unique.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customer_read_model", sa.Column("external_id", sa.String(length=255), nullable=True))
    op.create_index("ix_customer_read_model_external_id", "customer_read_model", ["external_id"])


def downgrade() -> None:
    op.drop_index("ix_customer_read_model_external_id", table_name="customer_read_model")
    op.drop_column("customer_read_model", "external_id")
