"""Whatever a client sends to the customers API, the answer is never a server error."""
from __future__ import annotations

from b2b_shared.testing.fuzz import fuzz_every_operation


def test_no_generated_request_makes_any_operation_fail(app, admin_headers):
    exercised, unsupported = fuzz_every_operation(app, headers=admin_headers)
    assert exercised > 15
    assert unsupported == []


def test_no_generated_anonymous_request_makes_any_operation_fail(app):
    exercised, unsupported = fuzz_every_operation(app, examples_per_operation=5)
    assert exercised > 15
    assert unsupported == []


def test_a_nul_character_is_a_field_error_not_a_database_error(client):
    response = client.post("/api/v1/customers", json={"name": "a\u0000b", "tags": ["ok", "b\u0000d"]})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"name", "tags.1"}
    assert client.get("/api/v1/customers?q=a%00b").json["errors"] == {"q": ["Text cannot contain the NUL character (U+0000)."]}


def test_list_fields_longer_than_their_documented_cap_are_field_errors(client):
    response = client.post("/api/v1/customers", json={"name": "Long", "tags": [f"t{n}" for n in range(200_000)],
                                                      "sales_rep_ids": ["00000000-0000-4000-8000-000000000000"] * 21})
    assert response.status_code in (413, 422)
    response = client.post("/api/v1/customers", json={"name": "Long", "tags": [f"t{n}" for n in range(51)]})
    assert response.status_code == 422 and "tags" in response.json["errors"]
