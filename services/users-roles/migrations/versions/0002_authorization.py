"""authorization: token cut-off per user, sales representatives in the customer read model

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True))
    op.add_column("customer_read_model", sa.Column("sales_rep_ids", postgresql.ARRAY(postgresql.UUID(as_uuid=True)),
                                                   nullable=False, server_default="{}"))


def downgrade() -> None:
    op.drop_column("customer_read_model", "sales_rep_ids")
    op.drop_column("users", "tokens_valid_after")
