"""The users-roles unit of work: one transaction, its repositories, its outbox rows."""
from __future__ import annotations

from b2b_shared.db.unit_of_work import UnitOfWork
from sqlalchemy.orm import Session

from .auth_store import RefreshTokens, Throttles
from .read_model import CustomerReadModel
from .repository import RoleRepository, UserRepository

# Constraints users can run into, as the conflicts (409) they should see. PostgreSQL names the
# unnamed foreign key <table>_<column>_fkey: a role deleted while it is being assigned hits it
# from either side.
UNIQUE_VIOLATIONS = {
    "user_roles_role_id_fkey": ("role_ids", "A role was deleted or assigned meanwhile; fetch the roles again."),
    "uq_users_email": ("email", "Another user has this email address."),
    "uq_roles_customer_label": ("label", "This customer already has a role with this label."),
    "uq_roles_customer_name": ("name", "This customer already has a role with this name."),
}


class UsersRolesUnitOfWork(UnitOfWork):
    def __enter__(self) -> "UsersRolesUnitOfWork":
        super().__enter__()
        self._attach(self.session)
        return self

    def _attach(self, session: Session) -> None:
        self.users = UserRepository(session)
        self.roles = RoleRepository(session)
        self.customers = CustomerReadModel(session)
        self.refresh_tokens = RefreshTokens(session)
        self.throttles = Throttles(session)
