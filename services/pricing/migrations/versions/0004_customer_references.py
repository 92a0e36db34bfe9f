"""customer references: the customer's own tax code and the customer groups, in the read model

Pricing checks the customers and groups a write names against its read model, and takes a
customer's tax code from the customers service. Rows already there get their tax code from the
next customer.* event, or at once from `b2b-service republish customers` (a snapshot at the
version already applied refreshes the row).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customer_read_model", sa.Column("tax_code", sa.String(length=100), nullable=True))
    op.create_table(
        "customer_group_read_model",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("customer_group_read_model")
    op.drop_column("customer_read_model", "tax_code")
