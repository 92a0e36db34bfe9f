"""The one authorization policy: which scope each kind of caller gets."""
from __future__ import annotations

import uuid

from b2b_shared.auth.levels import Level
from b2b_shared.auth.policy import scope_for
from b2b_shared.auth.principal import Principal
from b2b_shared.auth.scope import ALL, CUSTOMER, REPS, SUBTREE, USER, Owner, Scope

CUSTOMER_ID, USER_ID = uuid.uuid4(), uuid.uuid4()


def customer_user(level: Level) -> Principal:
    return Principal("customer_user", str(USER_ID), CUSTOMER_ID, permissions={("customer", "VIEW"): level})


def staff(*roles: str) -> Principal:
    return Principal("staff", str(USER_ID), staff_roles=frozenset(roles))


def test_a_customer_users_levels_become_user_customer_and_subtree_scopes():
    assert scope_for(customer_user(Level.USER), "customer", "VIEW") == Scope(USER, CUSTOMER_ID, USER_ID)
    assert scope_for(customer_user(Level.DEPARTMENT), "customer", "VIEW") == Scope(CUSTOMER, CUSTOMER_ID)
    assert scope_for(customer_user(Level.CORPORATE), "customer", "VIEW") == Scope(SUBTREE, CUSTOMER_ID)


def test_a_customer_user_without_the_permission_or_on_a_staff_only_operation_gets_nothing():
    assert scope_for(customer_user(Level.NONE), "customer", "VIEW") is None
    assert scope_for(customer_user(Level.CORPORATE), "customer", "EDIT") is None
    assert scope_for(customer_user(Level.CORPORATE), "customer", "VIEW", staff_only=True) is None


def test_an_administrator_reaches_everything_and_support_only_reads():
    assert scope_for(staff("administrator"), "price_list", "DELETE", staff_only=True).kind == ALL
    assert scope_for(staff("support"), "customer", "VIEW").kind == ALL
    assert scope_for(staff("support"), "customer", "EDIT") is None


def test_a_sales_representative_reaches_its_customers_and_never_deletes():
    assert scope_for(staff("sales_representative"), "customer", "EDIT") == Scope(REPS, user_id=USER_ID)
    assert scope_for(staff("sales_representative"), "customer", "DELETE") is None


def test_a_service_gets_exactly_the_scopes_its_token_names():
    service = Principal("service", "import", scopes=frozenset({"customer:CREATE"}))
    assert scope_for(service, "customer", "CREATE").kind == ALL
    assert scope_for(service, "customer", "DELETE") is None


def test_corporate_reaches_down_the_tree_but_never_up_or_sideways():
    parent, own, child, sibling = (uuid.uuid4() for _ in range(4))
    corporate = Scope(SUBTREE, own)
    assert corporate.reaches(Owner(own, lineage=(parent, own)))
    assert corporate.reaches(Owner(child, lineage=(parent, own, child)))
    assert not corporate.reaches(Owner(parent, lineage=(parent,)))
    assert not corporate.reaches(Owner(sibling, lineage=(parent, sibling)))


def test_user_scope_reaches_only_the_users_own_records_and_nothing_reaches_an_unowned_record():
    assert Scope(USER, CUSTOMER_ID, USER_ID).reaches(Owner(CUSTOMER_ID, USER_ID))
    assert not Scope(USER, CUSTOMER_ID, USER_ID).reaches(Owner(CUSTOMER_ID, uuid.uuid4()))
    assert not Scope(CUSTOMER, CUSTOMER_ID).reaches(Owner(None))
    assert Scope(ALL).reaches(Owner(None))


def test_a_sales_representative_reaches_customers_that_it_or_an_ancestor_names():
    rep = uuid.uuid4()
    assert Scope(REPS, user_id=rep).reaches(Owner(uuid.uuid4(), sales_rep_ids=frozenset({rep})))
    assert not Scope(REPS, user_id=rep).reaches(Owner(uuid.uuid4(), sales_rep_ids=frozenset()))
