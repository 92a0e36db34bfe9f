"""The customer hierarchy: children, ancestors, descendants, moves, cycles, the concurrent-move race."""
from __future__ import annotations

import threading

from b2b_shared.http.resources import UOW_FACTORY
from b2b_shared.testing.identity import administrator_access
from customers.services import customers as use_cases


def create(client, name, parent_id=None):
    response = client.post("/api/v1/customers", json={"name": name, "parent_id": parent_id})
    assert response.status_code == 201, response.json
    return response.json["id"]


def tree(client, unique):
    """root -> a -> a1 -> a11, root -> b"""
    root = create(client, f"root {unique}")
    a = create(client, f"a {unique}", root)
    a1 = create(client, f"a1 {unique}", a)
    a11 = create(client, f"a11 {unique}", a1)
    b = create(client, f"b {unique}", root)
    return root, a, a1, a11, b


def test_ancestors_come_root_first(client, unique):
    root, a, a1, a11, _ = tree(client, unique)
    items = client.get(f"/api/v1/customers/{a11}/ancestors").json["items"]
    assert [item["id"] for item in items] == [root, a, a1]
    assert [item["depth"] for item in items] == [3, 2, 1]


def test_descendants_are_the_whole_subtree_with_depth(client, unique):
    root, a, a1, a11, b = tree(client, unique)
    items = client.get(f"/api/v1/customers/{root}/descendants").json["items"]
    assert [(item["id"], item["depth"]) for item in items] == [(a, 1), (b, 1), (a1, 2), (a11, 3)]


def test_descendants_page_with_a_cursor(client, unique):
    root, a, a1, a11, b = tree(client, unique)
    first = client.get(f"/api/v1/customers/{root}/descendants?limit=3").json
    second = client.get(f"/api/v1/customers/{root}/descendants?limit=3&cursor={first['next_cursor']}").json
    assert [i["id"] for i in first["items"] + second["items"]] == [a, b, a1, a11]
    assert second["next_cursor"] is None


def test_children_are_the_direct_subsidiaries_only(client, unique):
    root, a, _, _, b = tree(client, unique)
    items = client.get(f"/api/v1/customers/{root}/children").json["items"]
    assert {item["id"] for item in items} == {a, b}


def test_moving_a_customer_under_its_own_descendant_is_a_conflict(client, unique):
    _, a, _, a11, _ = tree(client, unique)
    response = client.post(f"/api/v1/customers/{a}/move", json={"parent_id": a11})
    assert response.status_code == 409
    assert "parent_id" in response.json["errors"]


def test_moving_a_customer_under_itself_is_a_conflict(client, unique):
    _, a, _, _, _ = tree(client, unique)
    assert client.post(f"/api/v1/customers/{a}/move", json={"parent_id": a}).status_code == 409


def test_a_move_takes_the_whole_subtree_along_and_null_makes_a_root(client, unique):
    root, a, a1, a11, b = tree(client, unique)
    assert client.post(f"/api/v1/customers/{a1}/move", json={"parent_id": b}).status_code == 200
    assert [i["id"] for i in client.get(f"/api/v1/customers/{a11}/ancestors").json["items"]] == [root, b, a1]
    moved = client.post(f"/api/v1/customers/{a1}/move", json={"parent_id": None}).json
    assert moved["parent_id"] is None
    assert [i["id"] for i in client.get(f"/api/v1/customers/{a11}/ancestors").json["items"]] == [a1]


def test_a_move_with_a_stale_if_match_is_refused(client, unique):
    root, a, _, _, b = tree(client, unique)
    response = client.post(f"/api/v1/customers/{a}/move", json={"parent_id": b}, headers={"If-Match": '"5"'})
    assert response.status_code == 412


def test_deleting_a_customer_with_children_is_a_conflict_and_a_leaf_can_go(client, unique):
    _, _, a1, a11, _ = tree(client, unique)
    assert client.delete(f"/api/v1/customers/{a1}", headers={"If-Match": '"1"'}).status_code == 409
    assert client.delete(f"/api/v1/customers/{a11}", headers={"If-Match": '"1"'}).status_code == 204
    assert client.get(f"/api/v1/customers/{a11}").status_code == 404


def test_a_parent_that_does_not_exist_is_a_field_error(client):
    response = client.post("/api/v1/customers", json={"name": "x", "parent_id": "00000000-0000-4000-8000-000000000000"})
    assert response.status_code == 422
    assert "parent_id" in response.json["errors"]


def test_two_concurrent_moves_that_together_would_make_a_cycle_leave_no_cycle(app, client, unique):
    """x and y are siblings; one transaction moves x under y while another moves y under x.
    Each check alone passes; the hierarchy lock makes the second see the first's result."""
    root = create(client, f"race root {unique}")
    x, y = create(client, f"x {unique}", root), create(client, f"y {unique}", root)
    uow_factory = app.extensions[UOW_FACTORY]
    barrier, outcomes = threading.Barrier(2), {}

    def move(child, parent):
        barrier.wait()
        try:
            use_cases.move_customer(uow_factory(), administrator_access(), child, parent, None)
            outcomes[child] = "moved"
        except Exception as error:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[child] = type(error).__name__

    import uuid
    threads = [threading.Thread(target=move, args=(uuid.UUID(x), uuid.UUID(y))),
               threading.Thread(target=move, args=(uuid.UUID(y), uuid.UUID(x)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["Conflict", "moved"]
    parents = {c: client.get(f"/api/v1/customers/{c}").json["parent_id"] for c in (x, y)}
    assert not (parents[x] == y and parents[y] == x)
