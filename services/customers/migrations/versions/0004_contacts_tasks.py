"""contacts and tasks on a customer, notes versioned (edits, deletes), consumers' first and last
names, the ICU collation names sort by, the list's new sorts and filters

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Level 1 (base letters): case and accents aside. Deterministic: equal-looking names still have an
# order (byte order breaks the tie) and LIKE keeps working. ICU ships with PostgreSQL's packages.
NAME_COLLATION = "und_ci_ai"


def upgrade() -> None:
    op.execute(f"CREATE COLLATION IF NOT EXISTS {NAME_COLLATION} (provider = icu, locale = 'und-u-ks-level1')")
    _customers()
    _notes()
    _contacts()
    _tasks()
    op.create_index("ix_authz_principals_customer_users", "authz_principals", ["customer_id"],
                    postgresql_where=sa.text("kind = 'customer_user' AND NOT deleted"))


def _customers() -> None:
    op.add_column("customers", sa.Column("first_name", sa.String(length=255), nullable=True))
    op.add_column("customers", sa.Column("last_name", sa.String(length=255), nullable=True))
    op.create_index("ix_customers_name_ci_id", "customers", [sa.text(f"name COLLATE {NAME_COLLATION}"), "id"])
    op.create_index("ix_customers_updated_at_id", "customers", ["updated_at", "id"])
    op.create_index("ix_customers_external_id_sort", "customers", [sa.text("coalesce(external_id, '')"), "id"])
    op.create_index("ix_customers_sales_rep_ids", "customers", ["sales_rep_ids"], postgresql_using="gin")


def _notes() -> None:
    # Existing notes start at version 1, last changed when written.
    op.add_column("customer_notes", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("customer_notes", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE customer_notes SET updated_at = created_at")
    op.alter_column("customer_notes", "updated_at", nullable=False)
    op.alter_column("customer_notes", "version", server_default=None)


def _contacts() -> None:
    op.create_table(
        "customer_contacts",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=True),
        sa.Column("last_name", sa.String(length=255), nullable=False),
        sa.Column("job_title", sa.String(length=255), nullable=True),
        sa.Column("emails", postgresql.ARRAY(sa.String(length=320)), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("phones", postgresql.ARRAY(sa.String(length=32)), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("is_primary", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_customer_contacts_customer_name", "customer_contacts",
                    ["customer_id", "last_name", "first_name", "id"])
    op.create_index("uq_customer_contacts_primary", "customer_contacts", ["customer_id"], unique=True,
                    postgresql_where=sa.text("is_primary"))


def _tasks() -> None:
    op.create_table(
        "customer_tasks",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("assignee_id", sa.UUID(), nullable=True),
        sa.Column("status", sa.String(length=10), server_default=sa.text("'open'"), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_customer_tasks_customer_due", "customer_tasks", ["customer_id", "due_date", "id"])
    op.create_index("ix_customer_tasks_open_by_assignee", "customer_tasks", ["assignee_id", "due_date", "id"],
                    postgresql_where=sa.text("status = 'open'"))


def downgrade() -> None:
    op.drop_index("ix_authz_principals_customer_users", table_name="authz_principals")
    op.drop_table("customer_tasks")
    op.drop_table("customer_contacts")
    op.drop_column("customer_notes", "updated_at")
    op.drop_column("customer_notes", "version")
    for index in ("ix_customers_sales_rep_ids", "ix_customers_external_id_sort", "ix_customers_updated_at_id",
                  "ix_customers_name_ci_id"):
        op.drop_index(index, table_name="customers")
    op.drop_column("customers", "last_name")
    op.drop_column("customers", "first_name")
    op.execute(f"DROP COLLATION IF EXISTS {NAME_COLLATION}")
