"""Staff-user use cases against the fake unit of work. Who may call them is the routes' business
(staff administrators only: tests/integration/test_access_matrix.py)."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.errors import NotFound, PreconditionFailed, ValidationFailed
from b2b_shared.http.pagination import parse_sort
from users_roles.domain import events
from users_roles.domain.model import CustomerUser, StaffUser
from users_roles.services import staff as use_cases


def new_staff(**fields) -> dict:
    return {"email": "sam@b2b.example", "password": "correct horse battery", "first_name": "Sam", "last_name": "Rep",
            "enabled": True, "staff_roles": ["sales_representative"], **fields}


def existing(uow, **fields) -> StaffUser:
    return uow.given(StaffUser(id=uuid.uuid4(), email=f"{uuid.uuid4().hex[:8]}@b2b.example", first_name="Ada",
                               last_name="Admin", enabled=True, password_hash="hashed(old)",
                               staff_roles=["administrator"], **fields))


def test_a_new_staff_user_is_recorded_as_staff_user_created_with_its_password_hashed(uow, passwords):
    user = use_cases.create_staff(uow, passwords, new_staff())
    assert uow.users.get(user.id, StaffUser) is user and user.staff_roles == ["sales_representative"]
    assert user.password_hash == "hashed(correct horse battery)"
    assert uow.event_types == [events.STAFF_USER_CREATED] and uow.commits == 1


def test_a_malformed_email_is_a_field_error_and_nothing_is_made(uow, passwords):
    with pytest.raises(ValidationFailed):
        use_cases.create_staff(uow, passwords, new_staff(email="nobody"))
    assert uow.commits == 0 and uow.events == []


def test_a_customer_user_is_no_staff_user(uow):
    customer_user = uow.given(CustomerUser(id=uuid.uuid4(), customer_id=uuid.uuid4(), email="j@acme.example",
                                           first_name="J", last_name="D", enabled=True, password_hash="x", roles=[]))
    with pytest.raises(NotFound):
        use_cases.read_staff(uow, customer_user.id)
    with pytest.raises(NotFound):
        use_cases.update_staff(uow, customer_user.id, {"enabled": False}, 1)
    assert customer_user.enabled


def test_listing_staff_lists_staff_users_only(uow):
    staff = existing(uow)
    uow.given(CustomerUser(id=uuid.uuid4(), customer_id=uuid.uuid4(), email="a@acme.example", first_name="J",
                           last_name="D", enabled=True, password_hash="x", roles=[]))
    items, _ = use_cases.list_staff(uow, parse_sort("email", ("email", "created_at"), "email"), 50, None)
    assert items == [staff]


def test_disabling_a_staff_user_records_staff_user_disabled_and_cuts_off_its_tokens(uow):
    user = existing(uow)
    use_cases.update_staff(uow, user.id, {"enabled": False}, 1)
    assert not user.enabled and user.tokens_valid_after is not None
    assert uow.refresh_tokens.revoked_users == [user.id] and uow.event_types == [events.STAFF_USER_DISABLED]


def test_changing_a_staff_users_roles_records_staff_user_updated(uow):
    user = existing(uow)
    use_cases.update_staff(uow, user.id, {"staff_roles": ["support"]}, 1)
    assert user.staff_roles == ["support"] and uow.event_types == [events.STAFF_USER_UPDATED]
    assert uow.refresh_tokens.revoked_users == []


def test_a_stale_version_is_refused_and_nothing_is_recorded(uow):
    user = existing(uow)
    with pytest.raises(PreconditionFailed):
        use_cases.update_staff(uow, user.id, {"enabled": False}, 4)
    with pytest.raises(PreconditionFailed):
        use_cases.delete_staff(uow, user.id, 4)
    assert user.enabled and uow.events == []


def test_deleting_a_staff_user_records_its_last_state_one_version_on_without_its_password(uow):
    user = existing(uow)
    use_cases.delete_staff(uow, user.id, 1)
    assert uow.users.get(user.id) is None
    [deleted] = uow.events
    assert deleted.type == events.STAFF_USER_DELETED
    assert deleted.snapshot["deleted"] is True and deleted.snapshot["version"] == 2
    assert deleted.snapshot["staff_roles"] == ["administrator"]
    assert not any("password" in key for key in deleted.snapshot)


def test_setting_a_staff_password_signs_the_user_out_everywhere(uow, passwords):
    user = existing(uow)
    use_cases.set_staff_password(uow, passwords, user.id, "another fine password")
    assert user.password_hash == "hashed(another fine password)" and user.tokens_valid_after is not None
    assert uow.refresh_tokens.revoked_users == [user.id] and uow.event_types == [events.STAFF_USER_UPDATED]
