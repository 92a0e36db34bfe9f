"""uploads kept a mebibyte at a time (adapters/files.py): a file already kept is its chunk 0

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
    op.add_column("import_files", sa.Column("chunk", sa.Integer(), nullable=False, server_default="0"))
    op.alter_column("import_files", "chunk", server_default=None)
    op.drop_constraint("import_files_pkey", "import_files", type_="primary")
    op.create_primary_key("import_files_pkey", "import_files", ["job_id", "chunk"])


def downgrade() -> None:
    op.execute("DELETE FROM import_files WHERE chunk > 0")
    op.drop_constraint("import_files_pkey", "import_files", type_="primary")
    op.create_primary_key("import_files_pkey", "import_files", ["job_id"])
    op.drop_column("import_files", "chunk")
