"""Role use cases against the fake unit of work: who may write which role, what a role may grant,
and the events they record."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.auth.levels import merge_permissions
from b2b_shared.errors import Conflict, Forbidden, NotFound, PreconditionFailed, ValidationFailed
from users_roles.domain import events
from users_roles.domain.model import CustomerUser, Role
from users_roles.domain.predefined import ADMINISTRATOR
from users_roles.services import roles as use_cases

ADMIN_LEVELS = merge_permissions([ADMINISTRATOR])
VIEW_BALANCES = {"resource": "balance", "action": "VIEW", "access_level": "CORPORATE"}
EDIT_PRICE_LISTS = {"resource": "price_list", "action": "EDIT", "access_level": "USER"}


def new_role(customer_id, *permissions, **fields) -> dict:
    return {"label": "Sales manager", "customer_id": customer_id, "self_managed": False,
            "permissions": list(permissions), **fields}


def existing(uow, customer_id, name="PURCHASER", self_managed=True) -> Role:
    return uow.given(Role(id=uuid.uuid4(), name=name, label=name.title(), customer_id=customer_id,
                          self_managed=self_managed, permissions=[VIEW_BALANCES]))


def test_a_role_is_named_after_its_label_unless_named(uow, back_office):
    customer = uow.given_customer()
    role = use_cases.create_role(uow, back_office, new_role(customer.id, VIEW_BALANCES))
    named = use_cases.create_role(uow, back_office, new_role(customer.id, label="Other", name="BOSS"))
    assert (role.name, named.name) == ("SALES_MANAGER", "BOSS")
    assert uow.roles.get(role.id) is role and uow.event_types == [events.ROLE_CREATED, events.ROLE_CREATED]


def test_a_role_cannot_grant_more_than_its_author_holds(uow, customer_admin):
    customer = uow.given_customer()
    admin = customer_admin(customer.id, levels=ADMIN_LEVELS)
    with pytest.raises(Forbidden):
        use_cases.create_role(uow, admin, new_role(customer.id, EDIT_PRICE_LISTS))
    role = existing(uow, customer.id)
    with pytest.raises(Forbidden):
        use_cases.update_role(uow, admin, role.id, {"permissions": [EDIT_PRICE_LISTS]}, 1)
    assert role.permissions == [VIEW_BALANCES] and uow.events == []


def test_a_customer_administrators_role_is_always_self_managed(uow, customer_admin):
    customer = uow.given_customer()
    role = use_cases.create_role(uow, customer_admin(customer.id, levels=ADMIN_LEVELS),
                                 new_role(customer.id, VIEW_BALANCES))
    assert role.self_managed and role.customer_id == customer.id


def test_a_customer_administrator_cannot_lock_itself_out_of_a_role(uow, customer_admin):
    customer = uow.given_customer()
    role = existing(uow, customer.id)
    use_cases.update_role(uow, customer_admin(customer.id, levels=ADMIN_LEVELS), role.id, {"self_managed": False}, 1)
    assert role.self_managed and uow.events == []


@pytest.mark.parametrize("status", ["inactive", None])
def test_a_role_of_a_customer_needs_an_active_customer(uow, back_office, status):
    customer_id = uow.given_customer(status).id if status else uuid.uuid4()
    with pytest.raises(ValidationFailed):
        use_cases.create_role(uow, back_office, new_role(customer_id))


def test_a_customer_out_of_reach_reads_as_no_such_customer(uow, customer_admin):
    mine, other = uow.given_customer(), uow.given_customer()
    with pytest.raises(ValidationFailed):
        use_cases.create_role(uow, customer_admin(mine.id, levels=ADMIN_LEVELS), new_role(other.id))


def test_an_unknown_resource_is_a_field_error(uow, back_office):
    with pytest.raises(ValidationFailed):
        use_cases.create_role(uow, back_office, new_role(None, {"resource": "rocket", "action": "VIEW",
                                                                "access_level": "USER"}))


def test_only_the_back_office_writes_global_roles(uow, customer_admin):
    customer = uow.given_customer()
    admin = customer_admin(customer.id, levels=ADMIN_LEVELS)
    with pytest.raises(Forbidden):
        use_cases.create_role(uow, admin, new_role(None))
    buyer = existing(uow, None, "BUYER")
    with pytest.raises(Forbidden):
        use_cases.update_role(uow, admin, buyer.id, {"label": "Shopper"}, 1)
    assert buyer.label == "Buyer" and uow.events == []


def test_a_customer_administrator_may_not_change_a_role_that_is_not_self_managed(uow, customer_admin):
    customer = uow.given_customer()
    role = existing(uow, customer.id, self_managed=False)
    with pytest.raises(Forbidden):
        use_cases.delete_role(uow, customer_admin(customer.id, levels=ADMIN_LEVELS), role.id, 1)
    assert uow.roles.get(role.id) is role


def test_staff_with_a_limited_reach_may_not_write_roles(uow, sales_rep):
    customer = uow.given_customer()
    with pytest.raises(Forbidden):
        use_cases.create_role(uow, sales_rep(customer.id), new_role(customer.id, VIEW_BALANCES))


def test_a_role_of_a_customer_out_of_reach_reads_as_one_that_does_not_exist(uow, customer_admin):
    mine, other = uow.given_customer(), uow.given_customer()
    role = existing(uow, other.id)
    with pytest.raises(NotFound):
        use_cases.read_role(uow, customer_admin(mine.id, levels=ADMIN_LEVELS), role.id)


def test_updating_records_role_updated_only_when_something_changed(uow, back_office):
    role = existing(uow, None)
    use_cases.update_role(uow, back_office, role.id, {"label": role.label}, 1)
    assert uow.events == []
    use_cases.update_role(uow, back_office, role.id, {"label": "Chief purchaser"}, 1)
    assert role.label == "Chief purchaser" and uow.event_types == [events.ROLE_UPDATED]


def test_a_stale_version_is_refused(uow, back_office):
    role = existing(uow, None)
    with pytest.raises(PreconditionFailed):
        use_cases.update_role(uow, back_office, role.id, {"label": "Other"}, 2)
    assert uow.events == []


def test_predefined_roles_cannot_be_deleted(uow, back_office):
    buyer = uow.given_predefined_roles()["BUYER"]
    with pytest.raises(Conflict):
        use_cases.delete_role(uow, back_office, buyer.id, 1)
    assert uow.roles.get(buyer.id) is buyer


def test_a_role_that_users_hold_cannot_be_deleted(uow, back_office):
    customer = uow.given_customer()
    role = existing(uow, customer.id)
    uow.given(CustomerUser(id=uuid.uuid4(), customer_id=customer.id, email="j@acme.example", first_name="J",
                           last_name="D", enabled=True, password_hash="x", roles=[role]))
    with pytest.raises(Conflict):
        use_cases.delete_role(uow, back_office, role.id, 1)


def test_deleting_a_role_records_its_last_state_one_version_on(uow, back_office):
    role = existing(uow, uow.given_customer().id)
    use_cases.delete_role(uow, back_office, role.id, 1)
    assert uow.roles.get(role.id) is None
    [deleted] = uow.events
    assert deleted.type == events.ROLE_DELETED
    assert deleted.snapshot["deleted"] is True and deleted.snapshot["version"] == 2
    assert deleted.snapshot["permissions"] == [VIEW_BALANCES]
