"""A role deleted while it is being assigned: one side wins, the other is refused, never a 5xx.

How it can end (users.update_user locks the user, reads the roles, then inserts into user_roles;
roles.delete_role locks the role, refuses when it is held, then deletes it):
- the assignment commits first: the deletion, waiting on the role's row, then sees it held: 409;
- the deletion commits before the assignment reads the roles: "No such role.", 422;
- the deletion commits after the assignment read the role but before its insert was checked: the
  foreign key refuses the insert, which the unit of work turns into a 409 (UNIQUE_VIOLATIONS).
"""
from __future__ import annotations

import threading
import time

from sqlalchemy import text

# (assignment, deletion)
OUTCOMES = {(200, 409), (422, 204), (409, 204)}


def assign(client, user: dict, role: dict):
    return client.patch(f"/api/v1/customer-users/{user['id']}", json={"role_ids": [role["id"]]},
                        headers={"If-Match": f'"{user["version"]}"'})


def delete(client, role: dict):
    return client.delete(f"/api/v1/roles/{role['id']}", headers={"If-Match": f'"{role["version"]}"'})


def race(client, user: dict, role: dict) -> tuple:
    barrier = threading.Barrier(2)
    answers = {}

    def run(name, call):
        barrier.wait()
        answers[name] = call()
    threads = [threading.Thread(target=run, args=("assign", lambda: assign(client, user, role))),
               threading.Thread(target=run, args=("delete", lambda: delete(client, role)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers["assign"], answers["delete"]


def test_an_assignment_racing_a_deletion_ends_with_exactly_one_winner_and_a_problem_for_the_other(client, suite):
    customer = suite.customer()
    for _ in range(8):
        role, user = suite.role(customer, []), suite.user(customer)
        assigned, deleted = race(client, user, role)
        assert (assigned.status_code, deleted.status_code) in OUTCOMES
        loser = assigned if assigned.status_code >= 400 else deleted
        assert loser.content_type == "application/problem+json" and loser.json["status"] == loser.status_code
        holds = role["id"] in client.get(f"/api/v1/customer-users/{user['id']}").json["role_ids"]
        exists = client.get(f"/api/v1/roles/{role['id']}").status_code == 200
        assert holds == exists == (assigned.status_code == 200)


def test_a_role_deleted_after_the_assignment_read_it_is_a_409_from_the_foreign_key(client, suite, engine):
    customer = suite.customer()
    role, user = suite.role(customer, []), suite.user(customer)
    answer = {}
    with engine.connect() as deleting:
        # The deletion holds the role's row, uncommitted: the assignment still sees the role, and
        # its insert's foreign-key check waits on that row until the deletion commits.
        deleting.execute(text("DELETE FROM roles WHERE id = :id"), {"id": role["id"]})
        thread = threading.Thread(target=lambda: answer.update(response=assign(client, user, role)))
        thread.start()
        wait_for_a_lock_wait(engine)
        deleting.commit()
    thread.join(10)
    response = answer["response"]
    assert (response.status_code, response.content_type) == (409, "application/problem+json")
    assert list(response.json["errors"]) == ["role_ids"]


def wait_for_a_lock_wait(engine, seconds: float = 5.0) -> None:
    waiting = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO user_roles%'")
    deadline = time.monotonic() + seconds
    with engine.connect() as db:
        while not db.scalar(waiting):
            assert time.monotonic() < deadline, "the assignment never waited on the deleted role"
            time.sleep(0.02)
            db.rollback()  # a fresh snapshot of pg_stat_activity each time
