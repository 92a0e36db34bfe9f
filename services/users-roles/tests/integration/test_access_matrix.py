"""The whole access-level matrix through POST /api/v1/authz/check, on a three-level hierarchy
(parent -> the user's customer -> child -> grandchild), a sibling and an unrelated company."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

LEVELS = ("USER", "DEPARTMENT", "CORPORATE", "NONE")
RECORDS = ("own record", "same customer", "child", "grandchild", "parent", "sibling", "other company")
REACHES = {
    "USER": {"own record"},
    "DEPARTMENT": {"own record", "same customer"},
    "CORPORATE": {"own record", "same customer", "child", "grandchild"},
    "NONE": set(),
}


@dataclass
class World:
    customers: dict
    users: dict  # level -> the user holding only a role with that level
    colleague: dict


@pytest.fixture(scope="module")
def world(session_suite):
    suite = session_suite
    parent = suite.customer()
    mine = suite.customer(parent)
    child = suite.customer(mine)
    customers = {"parent": parent, "same customer": mine, "child": child, "grandchild": suite.customer(child),
                 "sibling": suite.customer(parent), "other company": suite.customer()}
    users = {}
    for level in LEVELS:
        role = suite.role(mine, [{"resource": "customer_address", "action": "EDIT", "access_level": level}])
        users[level] = suite.user(mine, [role["id"]])
    return World(customers, users, suite.user(mine))


def owner_of(world: World, user: dict, record: str) -> dict:
    if record == "own record":
        return {"owner_customer_id": user["customer_id"], "owner_user_id": user["id"]}
    if record == "same customer":
        return {"owner_customer_id": user["customer_id"], "owner_user_id": world.colleague["id"]}
    return {"owner_customer_id": str(world.customers[record]), "owner_user_id": None}


@pytest.mark.parametrize("record", RECORDS)
@pytest.mark.parametrize("level", LEVELS)
def test_each_access_level_reaches_exactly_its_records(client, world, level, record):
    user = world.users[level]
    body = {"user_id": user["id"], "resource": "customer_address", "action": "EDIT", **owner_of(world, user, record)}
    response = client.post("/api/v1/authz/check", json=body)
    assert response.status_code == 200, response.json
    assert response.json == {"allowed": record in REACHES[level], "access_level": level}


def test_an_action_no_role_mentions_is_denied_at_level_none(client, world):
    user = world.users["CORPORATE"]
    body = {"user_id": user["id"], "resource": "customer_address", "action": "DELETE", **owner_of(world, user, "child")}
    assert client.post("/api/v1/authz/check", json=body).json == {"allowed": False, "access_level": "NONE"}


def test_explain_names_the_role_and_level_that_decided(client, world):
    user = world.users["DEPARTMENT"]
    body = {"user_id": user["id"], "resource": "customer_address", "action": "EDIT", **owner_of(world, user, "child")}
    explained = client.post("/api/v1/authz/check?explain=true", json=body).json
    assert explained["allowed"] is False
    assert explained["explanation"]["level"] == "DEPARTMENT"
    assert explained["explanation"]["role"] == user_role_name(client, user)
    assert "outside" in explained["explanation"]["reason"]


def user_role_name(client, user) -> str:
    role_id = client.get(f"/api/v1/customer-users/{user['id']}").json["role_ids"][0]
    return client.get(f"/api/v1/roles/{role_id}").json["name"]


def test_the_highest_level_over_several_roles_wins(suite):
    customer = suite.customer()
    low = suite.role(customer, [{"resource": "balance", "action": "VIEW", "access_level": "USER"}])
    high = suite.role(customer, [{"resource": "balance", "action": "VIEW", "access_level": "CORPORATE"}])
    user = suite.user(customer, [low["id"], high["id"]])
    items = suite.client.get(f"/api/v1/customer-users/{user['id']}/permissions").json["items"]
    balance_view = next(p for p in items if (p["resource"], p["action"]) == ("balance", "VIEW"))
    assert balance_view == {"resource": "balance", "action": "VIEW", "access_level": "CORPORATE",
                            "granted_by": high["name"]}


def test_a_check_for_an_unknown_user_is_404(client):
    body = {"user_id": "00000000-0000-0000-0000-000000000001", "resource": "customer", "action": "VIEW"}
    assert client.post("/api/v1/authz/check", json=body).status_code == 404


def test_an_unknown_resource_is_a_validation_error(client, world):
    body = {"user_id": world.users["USER"]["id"], "resource": "spaceship", "action": "VIEW"}
    response = client.post("/api/v1/authz/check", json=body)
    assert response.status_code == 422
    assert "resource" in response.json["errors"]
