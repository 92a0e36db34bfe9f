"""Who may do what in pricing, as customer users and anonymous callers: every operation declared
and closed to anonymous callers; a customer user reads its own customer's prices, payment term,
tax code and balances (and its subsidiaries' with CORPORATE), never a foreign customer's (404),
and never writes whatever its roles say (403); a disabled user or a deleted customer's user is
refused. Staff and services: test_staff_access.py."""
from __future__ import annotations

import re
import time
import uuid

import pytest
from b2b_shared.testing.identity import user_id_of

PARAMETER = re.compile(r"{([^}]+)}")
EXAMPLE_PATH_VALUES = {"ledger": "store_credit", "level": "customer"}
READ = ("price_list", "payment_term", "balance", "customer")
WRITE_ACTIONS = ("CREATE", "EDIT", "DELETE", "ASSIGN")


def permissions(level: str, resources=READ, actions=("VIEW",)) -> list[dict]:
    return [{"resource": r, "action": a, "access_level": level} for r in resources for a in actions]


CORPORATE_READS = permissions("CORPORATE")
CORPORATE_WRITES = permissions("CORPORATE", ("price_list", "payment_term", "tax_code", "balance"), WRITE_ACTIONS)


def reads(client, headers: dict, customer_id) -> list[int]:
    """The status of each read a customer user may make about one customer."""
    return [client.get(url, headers=headers).status_code for url in (
        f"/api/v1/payment-terms/effective?customer_id={customer_id}",
        f"/api/v1/tax-codes/effective?customer_id={customer_id}",
        f"/api/v1/balances/{customer_id}",
        f"/api/v1/balances/{customer_id}/on_account",
        f"/api/v1/balances/{customer_id}/store_credit/entries",
    )]


def test_every_operation_declares_a_permission_and_refuses_an_anonymous_caller(anonymous):
    document = anonymous.get("/openapi.json").json
    checked = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            assert "x-permission" in operation, (method, path)
            url = PARAMETER.sub(lambda m: EXAMPLE_PATH_VALUES.get(m.group(1), str(uuid.uuid4())), path)
            for headers in ({}, {"Authorization": "Bearer garbage"}):
                response = anonymous.open(url, method=method.upper(), json={}, headers=headers)
                assert response.status_code == 401, (method, path, headers, response.status_code)
            checked += 1
    assert checked > 30


def test_a_corporate_user_reads_its_own_and_its_subsidiarys_prices_terms_and_balances(anonymous, people, companies,
                                                                                      resolve_as):
    headers = people.customer_user(companies["own"], CORPORATE_READS)
    for customer in (companies["own"], companies["child"]):
        assert resolve_as(headers, customer).status_code == 200
        assert reads(anonymous, headers, customer) == [200] * 5


@pytest.mark.parametrize("whose", ["parent", "other"])
def test_the_parents_or_another_companys_customer_is_not_found(anonymous, people, companies, resolve_as, whose):
    headers = people.customer_user(companies["own"], CORPORATE_READS)
    assert resolve_as(headers, companies[whose]).status_code == 404
    assert reads(anonymous, headers, companies[whose]) == [404] * 5


def test_a_customer_that_does_not_exist_answers_as_a_foreign_one(anonymous, people, companies, resolve_as):
    headers = people.customer_user(companies["own"], CORPORATE_READS)
    assert resolve_as(headers, uuid.uuid4()).status_code == 404
    assert reads(anonymous, headers, uuid.uuid4()) == [404] * 5


def test_a_department_user_reaches_its_own_customer_but_not_its_subsidiary(anonymous, people, companies,
                                                                            resolve_as):
    headers = people.customer_user(companies["own"], permissions("DEPARTMENT"))
    assert resolve_as(headers, companies["own"]).status_code == 200
    assert resolve_as(headers, companies["child"]).status_code == 404
    assert reads(anonymous, headers, companies["child"]) == [404] * 5


def test_a_user_whose_roles_grant_none_is_forbidden(anonymous, people, companies, resolve_as):
    headers = people.customer_user(companies["own"], permissions("NONE"))
    assert resolve_as(headers, companies["own"]).status_code == 403
    assert reads(anonymous, headers, companies["own"]) == [403] * 5


def test_a_customer_user_never_writes_whatever_its_roles_say(anonymous, api, people, companies):
    headers = people.customer_user(companies["own"], CORPORATE_READS + CORPORATE_WRITES)
    own, list_id = companies["own"], api.price_list()["id"]
    writes = [
        ("POST", "/api/v1/price-lists", {"name": "Mine", "currencies": ["EUR"]}),
        ("PATCH", f"/api/v1/price-lists/{list_id}", {"name": "Mine"}),
        ("DELETE", f"/api/v1/price-lists/{list_id}", None),
        ("POST", f"/api/v1/price-lists/{list_id}/prices",
         [{"sku": "S", "unit": "item", "currency": "EUR", "quantity": "1", "value": "0.01"}]),
        ("POST", f"/api/v1/price-lists/{list_id}/prices/delete", [{"sku": "S"}]),
        ("POST", "/api/v1/price-list-assignments", {"price_list_id": list_id, "level": "customer",
                                                    "target_id": str(own)}),
        ("PUT", f"/api/v1/price-list-assignments/fallbacks/customer/{own}", {"fallback": "this_level_only"}),
        ("POST", "/api/v1/payment-terms", {"label": "Net 90", "net_days": 90}),
        ("POST", "/api/v1/payment-term-assignments", {"payment_term_id": str(uuid.uuid4()), "level": "customer",
                                                      "target_id": str(own)}),
        ("POST", "/api/v1/tax-codes", {"code": "ZERO"}),
        ("POST", "/api/v1/tax-codes/assignments", {"tax_code_id": str(uuid.uuid4()), "level": "customer",
                                                   "target_id": str(own)}),
        ("POST", f"/api/v1/balances/{own}/store_credit/entries", {"amount": "1000000", "currency": "EUR"}),
        ("PUT", f"/api/v1/balances/{own}/on_account/credit-limit", {"credit_limit": "1000000", "currency": "EUR"}),
    ]
    answers = [(method, url, anonymous.open(url, method=method, json=body, headers={**headers, "If-Match": "*"})
                .status_code) for method, url, body in writes]
    assert [answer for answer in answers if answer[2] != 403] == []


def test_a_customer_user_reads_no_back_office_list(anonymous, people, companies):
    headers = people.customer_user(companies["own"], CORPORATE_READS + permissions("CORPORATE", ("tax_code",)))
    for url in ("/api/v1/price-lists", "/api/v1/price-list-assignments", "/api/v1/payment-terms",
                "/api/v1/payment-term-assignments", "/api/v1/tax-codes", "/api/v1/tax-codes/assignments"):
        assert anonymous.get(url, headers=headers).status_code == 403, url


def test_a_disabled_user_is_refused_within_five_seconds(anonymous, people, companies):
    headers = people.customer_user(companies["own"], CORPORATE_READS)
    url = f"/api/v1/balances/{companies['own']}"
    assert anonymous.get(url, headers=headers).status_code == 200
    people.disable(user_id_of(headers))
    deadline = time.monotonic() + 5
    while anonymous.get(url, headers=headers).status_code != 401:
        assert time.monotonic() < deadline, "still accepted after 5 s"
        time.sleep(0.1)


def test_the_users_of_a_deleted_customer_are_refused(anonymous, people, tell, companies):
    headers = people.customer_user(companies["other"], CORPORATE_READS)
    url = f"/api/v1/balances/{companies['other']}"
    assert anonymous.get(url, headers=headers).status_code == 200
    tell("customer.deleted", companies["other"], 2, deleted=True)
    deadline = time.monotonic() + 5
    while anonymous.get(url, headers=headers).status_code != 401:
        assert time.monotonic() < deadline, "still accepted after 5 s"
        time.sleep(0.1)
