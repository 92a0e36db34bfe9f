"""Whatever a client sends to the customers API, the answer is never a server error."""
from __future__ import annotations

from b2b_shared.testing.fuzz import fuzz_every_operation


def test_no_generated_request_makes_any_operation_fail(app):
    exercised, unsupported = fuzz_every_operation(app)
    assert exercised > 15
    assert unsupported == []


def test_a_nul_character_is_a_field_error_not_a_database_error(client):
    response = client.post("/api/v1/customers", json={"name": "a\u0000b", "tags": ["ok", "b\u0000d"]})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"name", "tags.1"}
    assert client.get("/api/v1/customers?q=a%00b").json["errors"] == {"q": ["Text cannot contain the NUL character (U+0000)."]}
