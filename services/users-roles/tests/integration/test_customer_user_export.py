"""Export pages of customer users (users_roles/messaging/export_pages.py) on PostgreSQL, asked the way
the import service asks them: through the consumer of the work queue, answered in the outbox. Pages
are in the import template's columns, hold only what the actor reaches, and import back unchanged."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.testing.batches import batch_sender, page_asker, pages_of
from users_roles.domain.csv_format import COLUMNS


@pytest.fixture
def ask(commands, engine, administrator):
    return page_asker(commands, engine, administrator)


@pytest.fixture
def company(known_customer, suite, global_role):
    """A company with a subsidiary and a third, foreign customer, each with a user; the company's administrator."""
    parent = known_customer()
    subsidiary, foreign = known_customer(parent=parent["id"]), known_customer()
    admin = suite.user(parent["id"], [global_role("ADMINISTRATOR")], phone="+14155550100")
    users = [admin] + [suite.user(customer["id"], [global_role("BUYER")]) for customer in (subsidiary, foreign)]
    return {"parent": parent, "subsidiary": subsidiary, "foreign": foreign, "admin": admin, "users": users}


def exported(rows: list[list[str]]) -> dict[str, dict]:
    return {cells[0]: dict(zip(COLUMNS, cells)) for cells in rows}


def test_a_page_is_the_templates_columns_naming_the_customer_both_ways_and_the_roles_by_name(ask, company):
    admin = company["admin"]
    [cells] = pages_of(ask, "customer_users", {"ids": [admin["id"]]})
    assert dict(zip(COLUMNS, cells)) == {
        "email": admin["email"], "first_name": "Amanda", "last_name": "Smith", "phone": "'+14155550100",
        "customer_id": str(company["parent"]["id"]), "customer_external_id": company["parent"]["external_id"],
        "roles": "ADMINISTRATOR", "enabled": "true"}


def test_pages_follow_each_other_by_id_without_a_row_twice_or_missing(ask, company, suite, global_role):
    more = [suite.user(company["parent"]["id"], [global_role("BUYER")]) for _ in range(4)]
    wanted = {user["email"] for user in company["users"] + more}
    ids = [user["id"] for user in company["users"] + more]
    rows = pages_of(ask, "customer_users", {"ids": ids}, limit=2)
    assert len(rows) == len(wanted) and set(exported(rows)) == wanted


def test_the_lists_filters_select_the_users(ask, company):
    rows = pages_of(ask, "customer_users", {"customer_id": str(company["subsidiary"]["id"])})
    assert set(exported(rows)) == {company["users"][1]["email"]}
    assert pages_of(ask, "customer_users", {"q": company["users"][2]["email"].upper()})[0][0] == \
        company["users"][2]["email"]


def test_a_customer_administrators_pages_hold_its_company_and_subsidiaries_only(ask, company):
    ids = [user["id"] for user in company["users"]]
    rows = pages_of(ask, "customer_users", {"ids": ids}, actor_id=company["admin"]["id"])
    assert set(exported(rows)) == {user["email"] for user in company["users"][:2]}


def test_a_buyers_pages_hold_itself_only_as_its_list_does(ask, company):
    buyer = company["users"][2]
    rows = pages_of(ask, "customer_users", {"ids": [user["id"] for user in company["users"]]}, actor_id=buyer["id"])
    assert set(exported(rows)) == {buyer["email"]}


def test_a_bad_filter_or_an_unknown_actor_is_refused_with_no_rows(ask):
    bad = ask("customer_users", {"customer_id": "not a uuid"})
    unknown = ask("customer_users", {}, actor_id=str(uuid.uuid4()))
    assert bad["rows"] == unknown["rows"] == [] and bad["refused"] and unknown["refused"]


def test_the_exported_rows_imported_back_change_nothing(ask, company, commands, engine):
    rows = pages_of(ask, "customer_users", {"ids": [user["id"] for user in company["users"]]},
                    actor_id=company["admin"]["id"])
    apply = batch_sender(commands, engine, company["admin"]["id"])
    results = apply("customer_users", *(dict(zip(COLUMNS, cells)) for cells in rows))
    assert [r["outcome"] for r in results] == ["unchanged", "unchanged"]
