"""The pricing unit of work: one transaction, its repositories (the use cases' only way to the
database), and the outbox rows of what its models recorded."""
from __future__ import annotations

from b2b_shared.db.unit_of_work import UnitOfWork

from .accounts import AccountRepository
from .assignments import (
    PaymentTermAssignmentRepository,
    PriceListAssignmentRepository,
    TaxCodeAssignmentRepository,
)
from .price_source import SqlPriceSource
from .prices import PriceRepository
from .read_model import CustomerGroupReadModel, CustomerReadModel
from .resources import FallbackRepository, PaymentTermRepository, PriceListRepository, TaxCodeRepository

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
        self.price_lists = PriceListRepository(self.session)
        self.prices = PriceRepository(self.session)
        self.price_list_assignments = PriceListAssignmentRepository(self.session)
        self.fallbacks = FallbackRepository(self.session)
        self.payment_terms = PaymentTermRepository(self.session)
        self.payment_term_assignments = PaymentTermAssignmentRepository(self.session)
        self.tax_codes = TaxCodeRepository(self.session)
        self.tax_code_assignments = TaxCodeAssignmentRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.customers = CustomerReadModel(self.session)
        self.customer_groups = CustomerGroupReadModel(self.session)
        self.price_source = SqlPriceSource(self.session)
        return self
