"""The published event data (messaging/published.py) is the resource exactly as a GET shows it
(api/schemas.py), byte for byte, though the two are declared apart; user events add
`tokens_valid_after` after it, and no event carries a password or its hash."""
from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from users_roles.api.schemas import CustomerUserSchema, RoleSchema, StaffUserSchema
from users_roles.domain.model import CustomerUser, Role, StaffUser
from users_roles.messaging import published

NOW = dt.datetime(2026, 11, 23, 3, 39, 2, 123456, tzinfo=dt.timezone.utc)
CET = dt.timezone(dt.timedelta(hours=1))
# As PostgreSQL hands JSONB back: keys by length, then alphabetically.
STORED_PERMISSION = {"action": "VIEW", "resource": "balance", "access_level": "CORPORATE"}


def _stamped(resource, **extra):
    for name, value in {"version": 3, "created_at": NOW, "updated_at": NOW + dt.timedelta(seconds=1), **extra}.items():
        setattr(resource, name, value)
    return resource


def role(customer_id=None):
    return _stamped(Role(id=uuid.uuid4(), name="PURCHASER", label="Purchaser", customer_id=customer_id,
                         self_managed=True, permissions=[STORED_PERMISSION]))


def full_customer_user():
    return _stamped(CustomerUser(id=uuid.uuid4(), customer_id=uuid.uuid4(), email="Jane@Acme.example",
                                 first_name="Jane", last_name="Doe", phone="+49301234567", enabled=False,
                                 password_hash="$argon2id$v=19$secret", roles=[role(), role()],
                                 last_login_at=NOW, disabled_with_customer=NOW,
                                 tokens_valid_after=NOW.astimezone(CET)))


def sparse_customer_user():
    return _stamped(CustomerUser(id=uuid.uuid4(), customer_id=uuid.uuid4(), email="j@acme.example",
                                 first_name="J", last_name="D", phone=None, enabled=True,
                                 password_hash="$argon2id$v=19$secret", roles=[]))


def staff_user():
    return _stamped(StaffUser(id=uuid.uuid4(), email="admin@b2b.example", first_name="Ada", last_name="Admin",
                              phone=None, enabled=True, password_hash="$argon2id$v=19$secret",
                              staff_roles=["administrator", "support"], tokens_valid_after=NOW))


def global_role():
    return role()


def customer_role():
    return role(uuid.uuid4())


USERS = [(full_customer_user, CustomerUserSchema, published.customer_user_data),
         (sparse_customer_user, CustomerUserSchema, published.customer_user_data),
         (staff_user, StaffUserSchema, published.staff_user_data)]
ROLES = [(global_role, RoleSchema, published.role_data), (customer_role, RoleSchema, published.role_data)]


def _name(case) -> str:
    return getattr(case, "__name__", "")


@pytest.mark.parametrize("make, http_schema, event_data", ROLES, ids=_name)
def test_role_event_data_is_the_role_as_a_get_shows_it_byte_for_byte(make, http_schema, event_data):
    resource = make()
    assert json.dumps(event_data(resource)) == json.dumps(http_schema().dump(resource))


@pytest.mark.parametrize("make, http_schema, event_data", USERS, ids=_name)
def test_user_event_data_is_the_user_as_a_get_shows_it_then_its_token_cut_off(make, http_schema, event_data):
    user = make()
    data = event_data(user)
    assert list(data)[-1] == "tokens_valid_after"
    resource = {name: value for name, value in data.items() if name != "tokens_valid_after"}
    assert json.dumps(resource) == json.dumps(http_schema().dump(user))


def test_the_token_cut_off_is_rfc_3339_in_utc_or_null():
    assert published.customer_user_data(full_customer_user())["tokens_valid_after"] == "2026-11-23T03:39:02.123456Z"
    assert published.customer_user_data(sparse_customer_user())["tokens_valid_after"] is None


@pytest.mark.parametrize("make", [full_customer_user, staff_user])
def test_no_user_event_carries_a_password_or_its_hash(make):
    user = make()
    data = published.SERIALIZERS[type(user)](user)
    assert not any("password" in key for key in data)
    assert user.password_hash not in json.dumps(data)


def test_every_published_aggregate_has_a_serializer():
    assert set(published.SERIALIZERS) == {CustomerUser, StaffUser, Role}
