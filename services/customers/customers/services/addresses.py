"""Address book use cases. Every change locks the customer row first, so two requests that both
make an address the default cannot interleave: the second sees the first's result."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.errors import NotFound, ValidationFailed
from b2b_shared.validation import normalise

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain import values
from ..domain.addresses import default_errors, take_over_defaults
from ..domain.model import Address
from ..messaging.published import address_data
from .customers import get_customer


def normalised_address(address: dict) -> dict:
    """Country and region checked (ISO 3166), phone in E.164, types sorted: as stored."""
    address = normalise(address, {"country_code": values.country_code})
    country = address.get("country_code")
    rules = {"region_code": lambda code: values.region_code(code, country), "phone": lambda p: values.phone_e164(p, country)}
    address = normalise(address, rules)
    if "types" in address:
        address["types"] = sorted(set(address["types"]))
    return address


def _get(uow: CustomersUnitOfWork, customer_id: uuid.UUID, address_id: uuid.UUID) -> Address:
    address = uow.addresses.get(address_id)
    if address is None or address.customer_id != customer_id:
        raise NotFound(f"Address {address_id} of customer {customer_id} does not exist.")
    return address


def _take_defaults(uow: CustomersUnitOfWork, customer_id: uuid.UUID, address_id: uuid.UUID, types: list[str],
                   flags: dict[str, bool]) -> None:
    """Clear the flags this address takes from the others, and flush that first: the partial
    unique indexes check row by row, so the old default must lose its flag before the new one
    gains it."""
    errors = default_errors(types, flags)
    if errors:
        raise ValidationFailed(errors)
    take_over_defaults(address_id, flags, uow.addresses.book(customer_id))
    uow.flush()


def _flags(data: dict) -> dict[str, bool]:
    return {flag: data[flag] for flag in ("default_billing", "default_shipping") if flag in data}


def add_address(uow: CustomersUnitOfWork, customer_id: uuid.UUID, data: dict) -> Address:
    data = normalised_address(data)
    with uow:
        get_customer(uow, customer_id, for_update=True)
        address_id = uuid.uuid4()
        # The old default loses its flag (and says so) before the new address is recorded.
        _take_defaults(uow, customer_id, address_id, data.get("types") or [], _flags(data))
        address = Address.create(customer_id, address_id, **data)
        uow.addresses.add(address)
        uow.commit()
        return address


def update_address(uow: CustomersUnitOfWork, customer_id: uuid.UUID, address_id: uuid.UUID, changes: dict,
                   expected: int | None) -> Address:
    with uow:
        get_customer(uow, customer_id, for_update=True)
        address = _get(uow, customer_id, address_id)
        check_version(address.version, expected)
        changes = normalised_address({"country_code": address.country_code, **changes})
        flags = {"default_billing": address.default_billing, "default_shipping": address.default_shipping,
                 **_flags(changes)}
        _take_defaults(uow, customer_id, address.id, changes.get("types", address.types), flags)
        address.update(**changes)
        uow.commit()
        return address


def delete_address(uow: CustomersUnitOfWork, customer_id: uuid.UUID, address_id: uuid.UUID, expected: int | None) -> None:
    with uow:
        get_customer(uow, customer_id, for_update=True)
        address = _get(uow, customer_id, address_id)
        check_version(address.version, expected)
        address.mark_deleted(address_data(address))
        uow.addresses.delete(address)
        uow.commit()


def list_addresses(uow: CustomersUnitOfWork, customer_id: uuid.UUID) -> list[Address]:
    with uow:
        get_customer(uow, customer_id)
        return uow.addresses.book(customer_id)


def read_address(uow: CustomersUnitOfWork, customer_id: uuid.UUID, address_id: uuid.UUID) -> Address:
    with uow:
        return _get(uow, customer_id, address_id)
