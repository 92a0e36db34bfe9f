"""The customers unit of work: one transaction, its repositories (the use cases' only way to the
database), its outbox rows."""
from __future__ import annotations

from b2b_shared.db.unit_of_work import UnitOfWork

from .contacts import ContactRepository
from .repository import AddressRepository, CustomerRepository, GroupRepository, NoteRepository
from .staff import StaffDirectory
from .tasks import TaskRepository

# Unique indexes users can run into, as the field errors they should see.
UNIQUE_VIOLATIONS = {
    "customers_external_id_key": ("external_id", "Another customer has this external id."),
    "customer_groups_code_key": ("code", "Another customer group has this code."),
}


class CustomersUnitOfWork(UnitOfWork):
    def __enter__(self) -> "CustomersUnitOfWork":
        super().__enter__()
        if self._joined_session is not None and hasattr(self, "customers"):
            return self  # a use case inside a consumer's transaction: keep what the batch preloaded
        self.customers = CustomerRepository(self.session)
        self.groups = GroupRepository(self.session)
        self.addresses = AddressRepository(self.session)
        self.notes = NoteRepository(self.session)
        self.contacts = ContactRepository(self.session)
        self.tasks = TaskRepository(self.session)
        self.staff = StaffDirectory(self.session)
        return self
