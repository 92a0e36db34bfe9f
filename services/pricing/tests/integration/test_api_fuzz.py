"""Whatever a client sends to the pricing API, the answer is never a server error."""
from __future__ import annotations

from b2b_shared.testing.fuzz import fuzz_every_operation


def test_no_generated_request_makes_any_operation_fail(app, admin_headers):
    exercised, unsupported = fuzz_every_operation(app, examples_per_operation=15, headers=admin_headers)
    assert exercised > 10
    assert unsupported == []


def test_no_generated_anonymous_request_makes_any_operation_fail(app):
    exercised, unsupported = fuzz_every_operation(app, examples_per_operation=5)
    assert exercised > 10
    assert unsupported == []
