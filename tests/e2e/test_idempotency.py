"""Idempotency-Key through the gateway, on the creating POSTs of every service: a retry (after a
timeout, say) returns the first answer and creates nothing more; another body with the key is 422."""
from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e

CREATES = {
    "customers": ("/api/v1/customers", lambda unique: {"name": f"Retry {unique}"}),
    "customer groups": ("/api/v1/customer-groups", lambda unique: {"name": "Retry", "code": f"retry-{unique}"}),
    "roles": ("/api/v1/roles", lambda unique: {"label": f"Retry {unique}"}),
    "price lists": ("/api/v1/price-lists", lambda unique: {"name": f"Retry {unique}", "currencies": ["EUR"]}),
    "payment terms": ("/api/v1/payment-terms", lambda unique: {"label": f"Net {unique}", "net_days": 30}),
}


@pytest.mark.parametrize("resource", sorted(CREATES))
def test_a_retried_create_is_answered_with_the_first_answer_and_another_body_is_refused(admin, unique, resource):
    path, body_of = CREATES[resource]
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = admin.post(path, json=body_of(unique), headers=key)
    assert first.status_code == 201, first.text
    again = admin.post(path, json=body_of(unique), headers=key)
    assert (again.status_code, again.json(), again.headers["Idempotent-Replayed"]) == (201, first.json(), "true")
    assert again.headers.get("Location") == first.headers.get("Location")
    other = admin.post(path, json=body_of(f"{unique}-other"), headers=key)
    assert other.status_code == 422 and other.headers["Content-Type"] == "application/problem+json"
