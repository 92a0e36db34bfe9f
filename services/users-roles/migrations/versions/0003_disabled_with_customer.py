"""disabled_with_customer: which users the deactivation of their customer disabled

The customer's reactivation re-enables exactly these (services/customer_events.py). No backfill:
of the users disabled before this revision nobody can tell who was disabled by hand and who by
the customer, so they stay unmarked and are never re-enabled automatically (as before).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("disabled_with_customer", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "disabled_with_customer")
