"""Import batches of customer users (users_roles/messaging/import_rows.py) on PostgreSQL: each batch
goes through the command queue's consumer (`SERVICE.commands`), its answer is read from the outbox,
the users from the API."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.db.tables import outbox_table
from b2b_shared.testing.batches import batch_sender
from sqlalchemy import func, select
from users_roles.domain.model import Base

OUTBOX = outbox_table(Base.metadata)
PASSWORD = "correct horse battery"


@pytest.fixture
def customer(known_customer):
    """A customer in the read model, with its external id, as customers' events carry it."""
    return known_customer()


@pytest.fixture
def apply(commands, engine, administrator):
    """Runs one batch of rows (cells by column) and answers the outbox's `import_batch.applied`."""
    send = batch_sender(commands, engine, administrator)

    def run(*rows: dict, mode: str = "import", actor: str | None = None) -> list[dict]:
        return send("customer_users", *rows, mode=mode, actor_id=actor)
    return run


def row(customer: dict, **cells) -> dict:
    return {"email": f"u-{uuid.uuid4().hex[:10]}@example.com", "first_name": "Amanda", "last_name": "Smith",
            "phone": "+14155550100", "customer_external_id": customer["external_id"], "roles": "", "enabled": "true",
            **cells}


def users_of(client, customer: dict) -> dict[str, dict]:
    listed = client.get("/api/v1/customer-users", query_string={"customer_id": str(customer["id"]), "limit": 100})
    assert listed.status_code == 200, listed.json
    return {user["email"]: user for user in listed.json["items"]}


def role_named(client, name: str) -> dict:
    listed = client.get("/api/v1/roles", query_string={"limit": 100})
    return next(role for role in listed.json["items"] if role["name"] == name and role["customer_id"] is None)


def roles_there(client) -> list[tuple[str, str | None]]:
    return [(role["name"], role["customer_id"]) for role in client.get("/api/v1/roles", query_string={"limit": 100}).json["items"]]


def outbox_count(engine) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(OUTBOX))


def test_a_new_email_creates_a_customer_user_of_the_named_customer_who_cannot_sign_in(apply, client, suite,
                                                                                         customer):
    wanted = row(customer, roles="administrator;buyer", phone="+1 415 555 0100")
    [result] = apply(wanted)
    assert result["outcome"] == "created", result
    user = client.get(f"/api/v1/customer-users/{result['id']}").json
    assert (user["email"], user["customer_id"], user["phone"], user["enabled"]) == (
        wanted["email"], str(customer["id"]), "+14155550100", True)
    assert set(user["role_ids"]) == {role_named(client, "ADMINISTRATOR")["id"], role_named(client, "BUYER")["id"]}
    # No password: signing in fails as a wrong password does, until an administrator sets one.
    refused, wrong = suite.sign_in(wanted["email"], "any password at all"), suite.sign_in(wanted["email"], "")
    unknown = suite.sign_in(f"nobody-{uuid.uuid4().hex[:8]}@example.com", "any password at all")
    assert refused.status_code == wrong.status_code == unknown.status_code == 401
    assert refused.json == unknown.json
    version = client.get(f"/api/v1/customer-users/{result['id']}").headers["ETag"]
    assert client.put(f"/api/v1/customer-users/{result['id']}/password", json={"password": PASSWORD},
                      headers={"If-Match": version}).status_code == 204
    assert suite.sign_in(wanted["email"], PASSWORD).status_code == 200


def test_a_new_user_without_roles_or_enabled_gets_the_apis_defaults(apply, client, customer):
    [result] = apply(row(customer, roles="", enabled="", phone=""))
    user = client.get(f"/api/v1/customer-users/{result['id']}").json
    assert result["outcome"] == "created" and user["enabled"] is True and user["phone"] is None
    assert user["role_ids"] == [role_named(client, "BUYER")["id"]]


def test_an_existing_email_in_any_case_is_updated_and_names_the_changed_columns(apply, client, customer):
    first = row(customer, roles="BUYER")
    [created] = apply(first)
    changed = {**first, "email": first["email"].upper(), "last_name": "Jones", "roles": "ADMINISTRATOR",
               "enabled": "false"}
    [updated] = apply(changed)
    assert updated["outcome"] == "updated" and updated["id"] == created["id"]
    assert updated["changes"] == {"email": changed["email"], "last_name": "Jones", "roles": "ADMINISTRATOR",
                                  "enabled": "false"}
    user = client.get(f"/api/v1/customer-users/{created['id']}").json
    assert (user["email"], user["last_name"], user["enabled"]) == (changed["email"], "Jones", False)
    assert user["role_ids"] == [role_named(client, "ADMINISTRATOR")["id"]]


def test_empty_roles_and_enabled_keep_what_an_existing_user_has(apply, client, customer):
    first = row(customer, roles="ADMINISTRATOR", enabled="false")
    [created] = apply(first)
    [again] = apply({**first, "roles": "", "enabled": ""})
    assert again["outcome"] == "unchanged"
    user = client.get(f"/api/v1/customer-users/{created['id']}").json
    assert user["enabled"] is False and user["role_ids"] == [role_named(client, "ADMINISTRATOR")["id"]]


def test_the_same_batch_again_is_unchanged_and_writes_nothing(apply, client, customer, engine):
    rows = [row(customer, roles="BUYER"), row(customer, phone="")]
    assert [r["outcome"] for r in apply(*rows)] == ["created", "created"]
    versions = {email: user["version"] for email, user in users_of(client, customer).items()}
    before = outbox_count(engine)
    results = apply(*rows)
    assert [r["outcome"] for r in results] == ["unchanged", "unchanged"]
    assert all(r["changes"] is None for r in results)
    assert outbox_count(engine) == before + 1  # the answer only: no user event
    assert {email: user["version"] for email, user in users_of(client, customer).items()} == versions


def test_an_unknown_customer_or_role_is_reported_on_its_column_beside_good_rows(apply, client, customer):
    good, unknown_customer, unknown_role = (row(customer), row(customer, customer_external_id="NO-SUCH-CUSTOMER"),
                                            row(customer, roles="BUYER;NO_SUCH_ROLE"))
    bad_cells = row(customer, email="not an email", phone="12", first_name="")
    results = apply(good, unknown_customer, unknown_role, bad_cells)
    # Seen failing once in a few full runs (the unknown role's row created), never alone: say what was there.
    assert [r["outcome"] for r in results] == ["created", "failed", "failed", "failed"], (results, roles_there(client))
    assert results[1]["errors"] == {"customer_external_id": ["No customer has this external id."]}
    assert results[2]["errors"] == {"roles": ["No global role and no role of this customer is named NO_SUCH_ROLE."]}
    assert set(results[3]["errors"]) == {"email", "phone", "first_name"}
    assert set(users_of(client, customer)) == {good["email"]}


def test_a_role_of_another_customer_is_unknown_and_the_customers_own_role_is_found(apply, suite, client, customer):
    other = suite.customer()
    theirs = suite.role(other, [], self_managed=True)
    ours = suite.role(customer["id"], [], self_managed=True)
    results = apply(row(customer, roles=theirs["name"]), row(customer, roles=ours["name"].lower()))
    assert results[0]["outcome"] == "failed" and list(results[0]["errors"]) == ["roles"]
    assert results[1]["outcome"] == "created"
    assert client.get(f"/api/v1/customer-users/{results[1]['id']}").json["role_ids"] == [ours["id"]]


def test_a_user_cannot_move_to_another_customer_nor_take_a_staff_users_email(apply, consumer, event, config,
                                                                            customer):
    other_id, other_external = uuid.uuid4(), f"OTHER-{uuid.uuid4().hex[:8]}"
    consumer.process(event("customer.created", other_id, 1, external_id=other_external))
    first = row(customer)
    apply(first)
    moved, staff = apply({**first, "customer_external_id": other_external},
                         row(customer, email=config.bootstrap_admin_email.upper()))
    assert moved["outcome"] == "failed" and list(moved["errors"]) == ["customer_external_id"]
    assert staff == {"row": 3, "outcome": "failed", "errors": {"email": ["A staff user has this email address."]}}


def test_an_inactive_customer_takes_no_new_users(apply, consumer, event):
    customer_id, external_id = uuid.uuid4(), f"SLEEPY-{uuid.uuid4().hex[:8]}"
    consumer.process(event("customer.created", customer_id, 1, status="inactive", external_id=external_id))
    [result] = apply(row({"id": customer_id, "external_id": external_id}))
    assert result["errors"] == {"customer_external_id": ["No such active customer."]}


@pytest.mark.parametrize("mode", ["validate", "dry_run"])
def test_validate_and_dry_run_answer_each_row_and_write_nothing(apply, client, customer, engine, mode):
    existing = row(customer)
    apply(existing)
    before = outbox_count(engine)
    results = apply(row(customer), {**existing, "first_name": "Changed"}, row(customer, roles="NO_SUCH_ROLE"),
                    mode=mode)
    assert [r["outcome"] for r in results] == ["created", "updated", "failed"], (results, roles_there(client))
    assert results[1]["changes"] == {"first_name": "Changed"}
    assert outbox_count(engine) == before + 1  # the answer only
    users = users_of(client, customer)
    assert set(users) == {existing["email"]} and users[existing["email"]]["first_name"] == "Amanda"


def test_the_read_model_keeps_the_external_id_and_a_republished_snapshot_fills_it_in(consumer, event, apply,
                                                                                    engine):
    customer_id, external_id = uuid.uuid4(), f"OLD-{uuid.uuid4().hex[:8]}"
    consumer.process(event("customer.created", customer_id, 1))  # as known before the read model kept it
    known = {"id": customer_id, "external_id": external_id}
    assert apply(row(known))[0]["errors"] == {"customer_external_id": ["No customer has this external id."]}
    consumer.process(event("customer.snapshot", customer_id, 1, external_id=external_id))
    assert apply(row(known))[0]["outcome"] == "created"
    consumer.process(event("customer.updated", customer_id, 2, external_id="RENAMED-" + external_id))
    assert apply(row(known))[0]["errors"] == {"customer_external_id": ["No customer has this external id."]}


def test_a_customer_administrator_imports_users_of_its_company_and_subsidiaries_only(apply, suite, client,
                                                                                      known_customer, customer):
    """CORPORATE (the predefined ADMINISTRATOR): its customer and subsidiaries, by external id or by id. A
    foreign company's row fails like one naming no customer; a foreign user's email like a taken one."""
    company = known_customer()
    subsidiary = known_customer(parent=company["id"])
    company_admin = suite.user(company["id"], [role_named(client, "ADMINISTRATOR")["id"]])
    foreign_user = row(customer)
    apply(foreign_user)  # by the back-office administrator
    by_id = row(subsidiary, customer_external_id="", customer_id=str(subsidiary["id"]))
    results = apply(row(company, roles="BUYER"), by_id, row(customer), row(company, customer_external_id="NO-SUCH"),
                    {**foreign_user, "customer_external_id": company["external_id"], "first_name": "Mallory"},
                    actor=company_admin["id"])
    assert [r["outcome"] for r in results] == ["created", "created", "failed", "failed", "failed"]
    unknown = {"customer_external_id": ["No customer has this external id."]}
    assert results[2]["errors"] == results[3]["errors"] == unknown
    assert results[4]["errors"] == {"email": ["Another user has this email address."]}
    assert len(users_of(client, company)) == 2 and len(users_of(client, subsidiary)) == 1
    assert users_of(client, customer)[foreign_user["email"]]["first_name"] == "Amanda"


def test_a_customer_administrator_updates_its_users_and_assigns_self_managed_roles_only(apply, suite, client,
                                                                                       known_customer):
    company = known_customer()
    company_admin = suite.user(company["id"], [role_named(client, "ADMINISTRATOR")["id"]])
    buyer = row(company, roles="BUYER")
    apply(buyer, actor=company_admin["id"])
    changed, not_self_managed = apply({**buyer, "last_name": "Jones"}, row(company, roles="ANONYMOUS"),
                                      actor=company_admin["id"])
    assert (changed["outcome"], changed["changes"]) == ("updated", {"last_name": "Jones"})
    assert not_self_managed["outcome"] == "failed" and list(not_self_managed["errors"]) == ["roles"]


def test_a_department_administrator_imports_users_of_its_own_customer_not_its_subsidiaries(apply, suite,
                                                                                          known_customer):
    company = known_customer()
    subsidiary = known_customer(parent=company["id"])
    department = suite.role(company["id"], [{"resource": "customer_user", "action": action,
                                             "access_level": "DEPARTMENT"}
                                            for action in ("VIEW", "CREATE", "EDIT", "ASSIGN")])
    manager = suite.user(company["id"], [department["id"]])
    results = apply(row(company), row(subsidiary), actor=manager["id"])
    assert [r["outcome"] for r in results] == ["created", "failed"]
    assert results[1]["errors"] == {"customer_external_id": ["No customer has this external id."]}


def test_a_sales_representative_imports_users_of_the_customers_it_represents(apply, client, known_customer,
                                                                            customer):
    representative = client.post("/api/v1/staff-users", json={
        "email": f"rep-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD, "first_name": "Sal",
        "last_name": "Rep", "staff_roles": ["sales_representative"]}).json
    represented = known_customer(sales_rep_ids=[representative["id"]])
    results = apply(row(represented), row(customer), actor=representative["id"])
    assert [r["outcome"] for r in results] == ["created", "failed"]
    assert list(results[1]["errors"]) == ["customer_external_id"]


def test_an_actor_without_rights_beyond_its_own_records_gets_every_row_failed(apply, suite, client, customer):
    buyer = suite.user(customer["id"], [role_named(client, "BUYER")["id"]])
    for actor in (buyer["id"], str(uuid.uuid4())):
        results = apply(row(customer), row(customer), actor=actor)
        assert [r["outcome"] for r in results] == ["failed", "failed"]
        assert all(list(r["errors"]) == [""] for r in results)
    assert set(users_of(client, customer)) == {buyer["email"]}
