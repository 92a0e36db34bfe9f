"""GET /api/v1/customer-views/{id}: the sections asked of stub services with the caller's token, a
refused section marked so, a service that is down marked unavailable, and the view documented."""
from __future__ import annotations

import time
import uuid

import pytest
import requests
from gateway.app import create_app
from gateway.testing.documents import suite_documents
from openapi_spec_validator import validate

CID, GROUP, PARENT = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
CUSTOMER = {"id": CID, "name": "Acme", "group_id": GROUP, "version": 3}


def customers_answers(customer=None) -> dict:
    base = f"/api/v1/customers/{CID}"
    return {
        base: (200, customer or CUSTOMER),
        f"{base}/ancestors": (200, {"items": [{"id": PARENT, "name": "Acme Group", "depth": 0}]}),
        f"{base}/children": (200, {"items": [{"id": "c1", "name": "Acme North", "status": "active"}],
                                   "next_cursor": "more"}),
        f"{base}/addresses": (200, {"items": [{"id": "a1", "city": "Berlin"}]}),
        f"{base}/contacts": (200, {"items": [], "next_cursor": None}),
        f"{base}/orders-summary": (200, {"customer_id": CID, "own": {"orders_count": 2}}),
        f"{base}/activity": (403, {"status": 403}),
    }


def pricing_answers() -> dict:
    def assigned(level, priority):
        return {"price_list_id": f"{level}-{priority}", "level": level, "priority": priority, "merge_allowed": True,
                "passed_over": None}
    return {
        "/api/v1/payment-terms/effective": (200, {"payment_term": {"label": "Net 30"}, "source": "customer"}),
        "/api/v1/tax-codes/effective": (200, {"tax_code": None, "source": None}),
        f"/api/v1/balances/{CID}": (200, {"customer_id": CID, "items": []}),
        "/api/v1/prices/chain": (200, {"customer_id": CID, "items": [assigned("customer", 10), assigned("default", 20)]}),
    }


@pytest.fixture
def services(stubs) -> dict:
    return {"customers": stubs(customers_answers()), "pricing": stubs(pricing_answers()),
            "users-roles": stubs({"/api/v1/customer-users": (200, {"items": [{}, {}, {}], "next_cursor": None})})}


def view(serve, config_for, services: dict, headers: dict, customer_id: str = CID):
    url = serve(create_app(config_for({name: stub.url for name, stub in services.items()})))
    return requests.get(f"{url}/api/v1/customer-views/{customer_id}", headers=headers, timeout=10)


def test_the_view_gathers_every_section_with_the_callers_own_token(serve, config_for, services, signed_in):
    response = view(serve, config_for, services, signed_in)
    assert response.status_code == 200
    body = response.json()
    assert body["customer"]["name"] == "Acme"
    assert body["parent"]["id"] == PARENT
    assert body["children"] == {"items": [{"id": "c1", "name": "Acme North", "status": "active", "type": None,
                                           "external_id": None}], "has_more": True}
    assert body["users"] == {"count": 3, "has_more": False}
    assert body["payment_term"]["payment_term"]["label"] == "Net 30"
    assert body["orders"]["own"]["orders_count"] == 2
    assert [(item["level"], item["priority"]) for item in body["price_lists"]["items"]] == [("customer", 10),
                                                                                            ("default", 20)]
    received = [r for stub in services.values() for r in stub.received]
    assert received and all(r.headers["Authorization"] == signed_in["Authorization"] for r in received)
    assert any(r.path == f"/api/v1/prices/chain?customer_id={CID}" for r in services["pricing"].received)


def test_a_section_the_caller_may_not_see_is_marked_refused(serve, config_for, services, signed_in):
    assert view(serve, config_for, services, signed_in).json()["activity"] == {"refused": True, "status": 403}


def test_a_service_that_is_down_marks_its_sections_unavailable(serve, config_for, services, signed_in):
    services["pricing"].close()
    body = view(serve, config_for, services, signed_in).json()
    assert body["payment_term"] == body["balances"] == body["price_lists"] == {"unavailable": True}
    assert body["customer"]["name"] == "Acme"


def test_a_customer_out_of_reach_is_a_404_problem(serve, config_for, services, signed_in, stubs):
    services["customers"] = stubs({f"/api/v1/customers/{CID}": (404, {"status": 404})})
    response = view(serve, config_for, services, signed_in)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_the_view_needs_a_token(serve, config_for, services):
    assert view(serve, config_for, services, {}).status_code == 401
    assert all(stub.received == [] for stub in services.values())


def test_only_get_is_allowed(serve, config_for, services, signed_in):
    url = serve(create_app(config_for({name: stub.url for name, stub in services.items()})))
    assert requests.post(f"{url}/api/v1/customer-views/{CID}", headers=signed_in, timeout=5).status_code == 405


def test_the_view_is_in_the_merged_document_which_still_validates(serve, config_for, stubs):
    documents = {name: stubs({"/openapi.json": (200, document)}) for name, document in suite_documents().items()}
    url = serve(create_app(config_for({name: stub.url for name, stub in documents.items()})))
    document = requests.get(f"{url}/api/v1/openapi.json", timeout=10).json()
    validate(document)
    operation = document["paths"]["/api/v1/customer-views/{id}"]["get"]
    assert {"200", "401", "404"} <= set(operation["responses"])


def test_under_gunicorns_gevent_workers_the_sections_are_asked_at_the_same_time(gunicorn_gateway, keys):
    from gateway.testing.keys import bearer

    url, stub = gunicorn_gateway
    echo = stub.answer

    def slow(received):
        time.sleep(0.3)
        return echo(received)
    stub.answer = slow
    headers = bearer(keys.token())
    try:
        # The first view opens the gateway's connections to the stub, whose listen backlog (5) drops
        # some of thirteen at once for a second; the second view finds them open, as in a running suite.
        requests.get(f"{url}/api/v1/customer-views/{CID}", headers=headers, timeout=10)
        started = time.monotonic()
        response = requests.get(f"{url}/api/v1/customer-views/{CID}", headers=headers, timeout=10)
        elapsed = time.monotonic() - started
    finally:
        del stub.answer  # the session's stub echoes again
    assert response.status_code == 200, response.text
    assert elapsed < 0.9  # thirteen sections one after another would take 3.9 s
