"""The users-roles unit of work: one transaction, its repositories (the use cases' only way to the
database), its outbox rows."""
from __future__ import annotations

from b2b_shared.db.unit_of_work import UnitOfWork

from .auth_store import RefreshTokens, Throttles
from .authz_queries import Subjects
from .read_model import CustomerReadModel
from .role_repository import RoleRepository
from .user_repository import UserRepository

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
        self.users = UserRepository(self.session)
        self.roles = RoleRepository(self.session)
        self.customers = CustomerReadModel(self.session)
        self.subjects = Subjects(self.session)
        self.refresh_tokens = RefreshTokens(self.session)
        self.throttles = Throttles(self.session)
        return self
