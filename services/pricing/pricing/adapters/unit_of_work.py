"""The pricing unit of work: one transaction and the outbox rows of what its models recorded."""
from __future__ import annotations

from b2b_shared.db.unit_of_work import UnitOfWork

from .prices import PriceRepository
from .read_model import CustomerReadModel

# Unique indexes users can run into, as the field errors they should see.
UNIQUE_VIOLATIONS = {
    "uq_price_list_assignments_target": ("target_id", "This price list is already assigned to this target."),
    "uq_payment_term_assignments_target": ("target_id", "This target already has a payment term; change that one."),
    "uq_tax_code_assignments_target": ("target_id", "This target already has a tax code; change that one."),
    "tax_codes_code_key": ("code", "Another tax code has this code."),
    "balance_entries_idempotency_key_key": ("Idempotency-Key", "This key was used for another posting."),
}


class PricingUnitOfWork(UnitOfWork):
    def __enter__(self) -> "PricingUnitOfWork":
        super().__enter__()
        self.prices = PriceRepository(self.session)
        self.customers = CustomerReadModel(self.session)
        return self
