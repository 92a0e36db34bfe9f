"""Customer use cases against the fake unit of work: what they change, what they refuse, and the
events they record."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.errors import Conflict, Forbidden, NotFound, PreconditionFailed, ValidationFailed
from customers.domain import events
from customers.domain.model import Customer, CustomerGroup
from customers.services import customers as use_cases


def existing(uow, parent: Customer | None = None, **fields) -> Customer:
    customer = Customer(id=uuid.uuid4(), name=fields.pop("name", "Acme"), parent_id=parent.id if parent else None,
                        **fields)
    customer.lineage = [*(parent.lineage if parent else []), customer.id]
    return uow.given(customer)


def test_creating_a_customer_records_customer_created_and_commits(uow, admin):
    customer = use_cases.create_customer(uow, admin, {"name": "Acme", "tags": [" Gold ", "gold"]})
    assert uow.customers.get(customer.id) is customer
    assert customer.tags == ["gold"] and customer.lineage == [customer.id]
    assert uow.event_types == [events.CUSTOMER_CREATED] and uow.commits == 1


def test_a_subsidiary_takes_its_parents_lineage(uow, admin):
    root = existing(uow)
    child = use_cases.create_customer(uow, admin, {"name": "Acme Nord", "parent_id": root.id})
    assert child.lineage == [root.id, child.id] and uow.customers.locked


def test_an_unknown_parent_or_group_is_a_field_error(uow, admin):
    with pytest.raises(ValidationFailed):
        use_cases.create_customer(uow, admin, {"name": "Acme", "parent_id": uuid.uuid4()})
    with pytest.raises(ValidationFailed):
        use_cases.create_customer(uow, admin, {"name": "Acme", "group_id": uuid.uuid4()})
    assert uow.events == [] and uow.commits == 0


def test_a_customer_user_may_not_set_back_office_fields(uow, customer_user):
    company = existing(uow)
    with pytest.raises(Forbidden):
        use_cases.create_customer(uow, customer_user(company.id), {"name": "Sub", "parent_id": company.id,
                                                                    "tax_code": "12/345"})


def test_only_an_unrestricted_caller_makes_a_root(uow, customer_user):
    with pytest.raises(Forbidden):
        use_cases.create_customer(uow, customer_user(uuid.uuid4()), {"name": "Root"})


def test_updating_records_customer_updated_only_when_something_changed(uow, admin):
    customer = existing(uow, status="active")
    use_cases.update_customer(uow, admin, customer.id, {"status": "active"}, 1)
    assert uow.events == []
    use_cases.update_customer(uow, admin, customer.id, {"status": "inactive", "phone": "+49 30 1234567"}, 1)
    assert customer.status == "inactive" and customer.phone == "+49301234567"
    assert uow.event_types == [events.CUSTOMER_UPDATED]


def test_a_stale_version_is_refused_and_nothing_is_recorded(uow, admin):
    customer = existing(uow)
    with pytest.raises(PreconditionFailed):
        use_cases.update_customer(uow, admin, customer.id, {"name": "Other"}, 7)
    with pytest.raises(PreconditionFailed):
        use_cases.delete_customer(uow, customer.id, 7)
    assert customer.name == "Acme" and uow.events == []


def test_moving_a_customer_reroots_its_subtree_and_records_the_previous_parent(uow, admin):
    old_parent, new_parent = existing(uow, name="Old"), existing(uow, name="New")
    customer = existing(uow, old_parent)
    grandchild = existing(uow, customer)
    use_cases.move_customer(uow, admin, customer.id, new_parent.id, 1)
    assert customer.parent_id == new_parent.id
    assert grandchild.lineage == [new_parent.id, customer.id, grandchild.id]
    [moved] = uow.events
    assert moved.type == events.CUSTOMER_MOVED and moved.payload == {"previous_parent_id": str(old_parent.id)}


def test_moving_a_root_to_the_top_changes_nothing(uow, admin):
    root = existing(uow)
    use_cases.move_customer(uow, admin, root.id, None, 1)
    assert uow.events == []  # already a root: nothing happened


def test_a_customer_cannot_be_moved_under_its_own_subsidiary(uow, admin):
    customer = existing(uow)
    child = existing(uow, customer)
    with pytest.raises(Conflict):
        use_cases.move_customer(uow, admin, customer.id, child.id, 1)
    with pytest.raises(Conflict):
        use_cases.update_customer(uow, admin, customer.id, {"parent_id": customer.id}, 1)
    assert customer.parent_id is None and uow.events == []


def test_deleting_records_the_last_state_one_version_on(uow):
    customer = existing(uow)
    use_cases.delete_customer(uow, customer.id, 1)
    assert uow.customers.get(customer.id) is None
    [deleted] = uow.events
    assert deleted.type == events.CUSTOMER_DELETED
    assert deleted.snapshot["deleted"] is True and deleted.snapshot["version"] == 2
    assert deleted.snapshot["name"] == "Acme"


def test_a_customer_with_subsidiaries_cannot_be_deleted(uow):
    parent = existing(uow)
    existing(uow, parent)
    with pytest.raises(Conflict):
        use_cases.delete_customer(uow, parent.id, 1)
    assert uow.customers.get(parent.id) is parent


def test_reading_an_unknown_customer_is_not_found(uow):
    with pytest.raises(NotFound):
        use_cases.read_customer(uow, uuid.uuid4())


def test_a_customer_joins_an_existing_group(uow, admin):
    group = uow.given(CustomerGroup(id=uuid.uuid4(), name="Wholesale", code="W"))
    customer = use_cases.create_customer(uow, admin, {"name": "Acme", "group_id": group.id})
    assert customer.group_id == group.id
