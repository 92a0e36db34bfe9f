"""principal read model: who may call the service, kept from users-roles' events

Revision ID: 0002
Revises: 0001
"""
from alembic import op
from b2b_shared.auth.principal_tables import create_principal_tables, drop_principal_tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_principal_tables(op)


def downgrade() -> None:
    drop_principal_tables(op)


