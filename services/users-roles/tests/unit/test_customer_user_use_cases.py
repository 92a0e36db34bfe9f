"""Customer-user use cases against the fake unit of work: what they change, what they refuse, and
the events they record."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from b2b_shared.auth.levels import merge_permissions
from b2b_shared.errors import Forbidden, NotFound, PreconditionFailed, ValidationFailed
from b2b_shared.http.pagination import parse_sort
from users_roles.domain import events
from users_roles.domain.model import CustomerUser, Role, StaffUser
from users_roles.domain.predefined import ADMINISTRATOR
from users_roles.services import users as use_cases

PASSWORD = "correct horse battery"
MOMENT = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
ADMIN_LEVELS = merge_permissions([ADMINISTRATOR])


def new_user(customer_id, **fields) -> dict:
    return {"customer_id": customer_id, "email": " jane@acme.example ", "password": PASSWORD, "first_name": "Jane",
            "last_name": "Doe", "enabled": True, **fields}


def existing(uow, customer, *roles, **fields) -> CustomerUser:
    return uow.given(CustomerUser(id=uuid.uuid4(), customer_id=customer.id, email=f"{uuid.uuid4().hex[:8]}@acme.example",
                                  first_name="Jane", last_name="Doe", enabled=fields.pop("enabled", True),
                                  password_hash="hashed(old)", roles=list(roles), **fields))


def customer_role(uow, customer, self_managed=True) -> Role:
    return uow.given(Role(id=uuid.uuid4(), name="PURCHASER", label="Purchaser", customer_id=customer.id,
                          self_managed=self_managed, permissions=[]))


def test_a_new_customer_user_holds_buyer_when_no_roles_are_named(uow, passwords, back_office):
    roles = uow.given_predefined_roles()
    customer = uow.given_customer()
    user = use_cases.create_user(uow, passwords, back_office, new_user(customer.id))
    assert user.roles == [roles["BUYER"]] and user.email == "jane@acme.example"
    assert uow.users.get(user.id) is user and uow.event_types == [events.CUSTOMER_USER_CREATED]


def test_a_password_is_stored_hashed_and_never_as_typed(uow, passwords, back_office):
    uow.given_predefined_roles()
    user = use_cases.create_user(uow, passwords, back_office, new_user(uow.given_customer().id))
    assert passwords.hashed == [PASSWORD] and user.password_hash == f"hashed({PASSWORD})"


def test_a_too_short_password_is_a_field_error_and_nothing_is_made(uow, passwords, back_office):
    with pytest.raises(ValidationFailed):
        use_cases.create_user(uow, passwords, back_office, new_user(uow.given_customer().id, password="short"))
    assert passwords.hashed == [] and uow.commits == 0


@pytest.mark.parametrize("status", ["inactive", "deleted", None])
def test_a_customer_user_needs_an_active_customer(uow, passwords, back_office, status):
    customer_id = uow.given_customer(status).id if status else uuid.uuid4()
    with pytest.raises(ValidationFailed):
        use_cases.create_user(uow, passwords, back_office, new_user(customer_id))
    assert uow.events == [] and uow.commits == 0


def test_a_customer_out_of_the_callers_reach_reads_as_no_such_customer(uow, passwords, customer_admin):
    mine, other = uow.given_customer(), uow.given_customer()
    with pytest.raises(ValidationFailed):
        use_cases.create_user(uow, passwords, customer_admin(mine.id, levels=ADMIN_LEVELS), new_user(other.id))


def test_a_user_holds_global_roles_and_roles_of_its_own_customer_only(uow, passwords, back_office):
    customer, other = uow.given_customer(), uow.given_customer()
    foreign = customer_role(uow, other)
    for role_ids in ([foreign.id], [uuid.uuid4()]):
        with pytest.raises(ValidationFailed):
            use_cases.create_user(uow, passwords, back_office, new_user(customer.id, role_ids=role_ids))
    assert uow.events == []


def test_a_customer_administrator_assigns_self_managed_roles_only(uow, passwords, customer_admin):
    customer = uow.given_customer()
    locked = customer_role(uow, customer, self_managed=False)
    admin = customer_admin(customer.id, levels=ADMIN_LEVELS)
    with pytest.raises(Forbidden):
        use_cases.create_user(uow, passwords, admin, new_user(customer.id, role_ids=[locked.id]))
    own = customer_role(uow, customer)
    assert use_cases.create_user(uow, passwords, admin, new_user(customer.id, role_ids=[own.id])).roles == [own]


def test_assigning_roles_needs_the_right_to_assign(uow, passwords, customer_admin):
    customer = uow.given_customer()
    role = customer_role(uow, customer)
    without_assign = {key: level for key, level in ADMIN_LEVELS.items() if key != ("customer_user", "ASSIGN")}
    with pytest.raises(Forbidden):
        use_cases.create_user(uow, passwords, customer_admin(customer.id, levels=without_assign),
                              new_user(customer.id, role_ids=[role.id]))


def test_a_user_out_of_the_callers_reach_reads_as_one_that_does_not_exist(uow, customer_admin):
    mine, other = uow.given_customer(), uow.given_customer()
    stranger = existing(uow, other)
    admin = customer_admin(mine.id, levels=ADMIN_LEVELS)
    with pytest.raises(NotFound):
        use_cases.read_user(uow, admin, stranger.id)
    with pytest.raises(NotFound):
        use_cases.update_user(uow, admin, stranger.id, {"first_name": "Mallory"}, 1)
    assert stranger.first_name == "Jane" and uow.events == []


def test_a_staff_user_is_no_customer_user(uow, back_office):
    staff = uow.given(StaffUser(id=uuid.uuid4(), email="ada@b2b.example", first_name="Ada", last_name="Admin",
                                enabled=True, password_hash="hashed(old)", staff_roles=["administrator"]))
    with pytest.raises(NotFound):
        use_cases.read_user(uow, back_office, staff.id)


def test_listing_shows_only_the_users_the_caller_reaches(uow, customer_admin):
    mine, other = uow.given_customer(), uow.given_customer()
    colleague, _ = existing(uow, mine), existing(uow, other)
    items, _ = use_cases.list_users(uow, customer_admin(mine.id, levels=ADMIN_LEVELS), None,
                                    parse_sort("email", ("email", "created_at"), "email"), 50, None)
    assert items == [colleague]


def test_disabling_a_user_records_customer_user_disabled_and_cuts_off_its_tokens(uow, back_office):
    user = existing(uow, uow.given_customer())
    use_cases.update_user(uow, back_office, user.id, {"enabled": False}, 1)
    assert not user.enabled and user.tokens_valid_after is not None
    assert uow.refresh_tokens.revoked_users == [user.id]
    assert uow.event_types == [events.CUSTOMER_USER_DISABLED]


def test_enabling_a_user_by_hand_clears_its_customers_mark(uow, back_office):
    user = existing(uow, uow.given_customer(), enabled=False, disabled_with_customer=MOMENT)
    use_cases.update_user(uow, back_office, user.id, {"enabled": True}, 1)
    assert user.enabled and user.disabled_with_customer is None
    assert uow.event_types == [events.CUSTOMER_USER_UPDATED] and uow.refresh_tokens.revoked_users == []


def test_changing_a_users_roles_records_one_update(uow, back_office):
    customer = uow.given_customer()
    before, after = customer_role(uow, customer), customer_role(uow, customer)
    user = existing(uow, customer, before)
    use_cases.update_user(uow, back_office, user.id, {"role_ids": [after.id]}, 1)
    assert user.roles == [after] and uow.event_types == [events.CUSTOMER_USER_UPDATED]


def test_a_stale_version_is_refused_and_nothing_is_recorded(uow, back_office):
    user = existing(uow, uow.given_customer())
    with pytest.raises(PreconditionFailed):
        use_cases.update_user(uow, back_office, user.id, {"first_name": "Joan"}, 7)
    with pytest.raises(PreconditionFailed):
        use_cases.delete_user(uow, back_office, user.id, 7)
    assert user.first_name == "Jane" and uow.users.get(user.id) is user and uow.events == []


def test_deleting_a_user_records_its_last_state_one_version_on_without_its_password(uow, back_office):
    user = existing(uow, uow.given_customer())
    use_cases.delete_user(uow, back_office, user.id, 1)
    assert uow.users.get(user.id) is None
    [deleted] = uow.events
    assert deleted.type == events.CUSTOMER_USER_DELETED
    assert deleted.snapshot["deleted"] is True and deleted.snapshot["version"] == 2
    assert deleted.snapshot["email"] == user.email and "tokens_valid_after" in deleted.snapshot
    assert not any("password" in key for key in deleted.snapshot)


def test_setting_a_password_signs_the_user_out_everywhere(uow, passwords, back_office):
    user = existing(uow, uow.given_customer())
    use_cases.set_password(uow, passwords, back_office, user.id, "another fine password")
    assert user.password_hash == "hashed(another fine password)" and user.tokens_valid_after is not None
    assert uow.refresh_tokens.revoked_users == [user.id] and uow.event_types == [events.CUSTOMER_USER_UPDATED]


def test_an_administrator_cannot_set_its_own_password_without_the_old_one(uow, passwords, customer_admin):
    customer = uow.given_customer()
    me = existing(uow, customer)
    with pytest.raises(Forbidden):
        use_cases.set_password(uow, passwords, customer_admin(customer.id, levels=ADMIN_LEVELS, user_id=me.id),
                               me.id, "another fine password")
    assert me.password_hash == "hashed(old)" and uow.events == []

