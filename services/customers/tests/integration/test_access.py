"""Who may do what in the customers service: every operation declared, anonymous callers refused,
customer users held to their level's reach, staff roles, back-office fields."""
from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
from b2b_shared.testing.identity import user_id_of

PARAMETER = re.compile(r"{[^}]+}")


def level(resource: str, action: str, access_level: str) -> dict:
    return {"resource": resource, "action": action, "access_level": access_level}


def create(client, name: str, parent=None, **fields) -> dict:
    response = client.post("/api/v1/customers", json={"name": name, "parent_id": parent, **fields})
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def tree(client, unique):
    """parent -> own -> child -> grandchild; own's sibling; another company."""
    parent = create(client, f"Parent {unique}")
    own = create(client, f"Own {unique}", parent["id"])
    child = create(client, f"Child {unique}", own["id"])
    grandchild = create(client, f"Grandchild {unique}", child["id"])
    sibling = create(client, f"Sibling {unique}", parent["id"])
    other = create(client, f"Other {unique}")
    return {name: row["id"] for name, row in dict(parent=parent, own=own, child=child, grandchild=grandchild,
                                                    sibling=sibling, other=other).items()}


def names_listed(anonymous, headers, tree, unique) -> set[str]:
    items = anonymous.get(f"/api/v1/customers?q={unique}&limit=500", headers=headers).json["items"]
    ids = {item["id"] for item in items}
    return {name for name, customer in tree.items() if customer in ids}


def test_every_operation_declares_a_permission_and_refuses_an_anonymous_caller(anonymous):
    document = anonymous.get("/openapi.json").json
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            assert "x-permission" in operation, (method, path)
            url = PARAMETER.sub(str(uuid.uuid4()), path)
            for headers in ({}, {"Authorization": "Bearer garbage"}):
                response = anonymous.open(url, method=method.upper(), json={}, headers=headers)
                assert response.status_code == 401, (method, path, response.status_code)
                assert response.content_type == "application/problem+json"


def test_an_anonymous_body_too_deep_or_not_unicode_is_a_401_not_a_422(anonymous):
    # Authentication comes before the body guard parses anything (docs/authorization.md).
    for body in ("[" * 100_000 + "]" * 100_000, '{"name": "\\ud800"}'):
        response = anonymous.post("/api/v1/customers", data=body, content_type="application/json")
        assert response.status_code == 401, body[:20]


@pytest.mark.parametrize("access_level, expected", [
    ("CORPORATE", {"own", "child", "grandchild"}),
    ("DEPARTMENT", {"own"}),
    ("USER", set()),
])
def test_a_customer_user_lists_exactly_its_levels_reach(anonymous, people, tree, unique, access_level, expected):
    headers = people.customer_user(tree["own"], [level("customer", "VIEW", access_level)])
    assert names_listed(anonymous, headers, tree, unique) == expected
    exported = anonymous.get(f"/api/v1/customers/export?q={unique}", headers=headers).text
    rows = {row["id"] for row in csv.DictReader(io.StringIO(exported))}  # the rows, not ids a row names (parent_id)
    assert {name for name, customer in tree.items() if str(customer) in rows} == expected


def test_a_corporate_user_reads_its_subtree_and_gets_404_for_parent_sibling_and_other(anonymous, people, tree):
    headers = people.customer_user(tree["own"], [level("customer", "VIEW", "CORPORATE")])
    for name in ("own", "child", "grandchild"):
        assert anonymous.get(f"/api/v1/customers/{tree[name]}", headers=headers).status_code == 200
    unknown = anonymous.get(f"/api/v1/customers/{uuid.uuid4()}", headers=headers)
    for name in ("parent", "sibling", "other"):
        response = anonymous.get(f"/api/v1/customers/{tree[name]}", headers=headers)
        assert (response.status_code, response.json["detail"]) == (404, unknown.json["detail"])
        assert anonymous.get(f"/api/v1/customers/{tree[name]}/addresses", headers=headers).status_code in (403, 404)


def test_hierarchy_views_never_show_what_lies_above_or_beside(anonymous, people, tree):
    headers = people.customer_user(tree["child"], [level("customer", "VIEW", "CORPORATE")])
    ancestors = anonymous.get(f"/api/v1/customers/{tree['grandchild']}/ancestors", headers=headers).json["items"]
    assert [row["id"] for row in ancestors] == [tree["child"]]
    assert anonymous.get(f"/api/v1/customers/{tree['own']}/descendants", headers=headers).status_code == 404
    own_view = people.customer_user(tree["own"], [level("customer", "VIEW", "DEPARTMENT")])
    assert anonymous.get(f"/api/v1/customers/{tree['own']}/descendants", headers=own_view).json["items"] == []


def test_a_buyer_cannot_edit_its_own_company_and_an_editor_cannot_set_back_office_fields(anonymous, people, tree):
    buyer = people.customer_user(tree["own"], [level("customer", "VIEW", "DEPARTMENT")])
    patch = {"If-Match": "*", **buyer}
    assert anonymous.patch(f"/api/v1/customers/{tree['own']}", json={"name": "Mine"}, headers=patch).status_code == 403
    editor = people.customer_user(tree["own"], [level("customer", "EDIT", "DEPARTMENT")])
    edit = {"If-Match": "*", **editor}
    assert anonymous.patch(f"/api/v1/customers/{tree['own']}", json={"name": "Renamed"}, headers=edit).status_code == 200
    escalation = anonymous.patch(f"/api/v1/customers/{tree['own']}", json={"status": "inactive"}, headers=edit)
    assert escalation.status_code == 403


def test_a_foreign_parent_in_the_body_is_the_same_field_error_as_an_unknown_one(anonymous, people, tree):
    creator = people.customer_user(tree["own"], [level("customer", "CREATE", "CORPORATE")])
    under_child = anonymous.post("/api/v1/customers", json={"name": "Sub", "parent_id": tree["child"]}, headers=creator)
    assert under_child.status_code == 201
    foreign = anonymous.post("/api/v1/customers", json={"name": "X", "parent_id": tree["other"]}, headers=creator)
    unknown = anonymous.post("/api/v1/customers", json={"name": "X", "parent_id": str(uuid.uuid4())}, headers=creator)
    assert foreign.status_code == unknown.status_code == 422
    assert foreign.json["errors"] == unknown.json["errors"]
    assert anonymous.post("/api/v1/customers", json={"name": "Root"}, headers=creator).status_code == 403


def test_a_customer_user_never_sees_internal_notes_groups_or_tags(anonymous, people, tree):
    headers = people.customer_user(tree["own"], [level("customer", "VIEW", "CORPORATE")])
    assert anonymous.get(f"/api/v1/customers/{tree['own']}/notes", headers=headers).status_code == 403
    assert anonymous.get("/api/v1/customer-groups", headers=headers).status_code == 403
    assert anonymous.get("/api/v1/tags", headers=headers).status_code == 403


def test_a_sales_representative_reaches_only_the_customers_naming_it(client, anonymous, people, tree, unique):
    rep = people.staff("sales_representative")
    own = client.get(f"/api/v1/customers/{tree['own']}")
    client.patch(f"/api/v1/customers/{tree['own']}", json={"sales_rep_ids": [user_id_of(rep)]},
                 headers={"If-Match": own.headers["ETag"]})
    assert names_listed(anonymous, rep, tree, unique) == {"own", "child", "grandchild"}
    edit = {"If-Match": "*", **rep}
    assert anonymous.patch(f"/api/v1/customers/{tree['child']}", json={"name": "Edited"}, headers=edit).status_code == 200
    assert anonymous.patch(f"/api/v1/customers/{tree['other']}", json={"name": "No"}, headers=edit).status_code == 404
    assert anonymous.delete(f"/api/v1/customers/{tree['grandchild']}", headers=edit).status_code == 403
    assert anonymous.post("/api/v1/customer-groups", json={"name": "G", "code": f"g-{unique}"}, headers=rep).status_code == 403
    assert anonymous.get("/api/v1/customer-groups", headers=rep).status_code == 200


def test_support_reads_everything_and_writes_nothing(anonymous, people, tree, unique):
    support = people.staff("support")
    assert names_listed(anonymous, support, tree, unique) == set(tree)
    assert anonymous.post("/api/v1/customers", json={"name": "No"}, headers=support).status_code == 403
    edit = {"If-Match": "*", **support}
    assert anonymous.patch(f"/api/v1/customers/{tree['own']}", json={"name": "No"}, headers=edit).status_code == 403
