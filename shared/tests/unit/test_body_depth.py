"""The body guard's depth check without a parse (http/body_guard.py, _surely_shallow) answers as
the parse and walk do, and leaves every case it is unsure of to them."""
from __future__ import annotations

import json

import pytest
from b2b_shared.http.body_guard import MAX_JSON_DEPTH, _depth_exceeds, _json_errors, _surely_shallow


def nested(depth: int, inner: str = "1") -> str:
    return "[" * (depth - 1) + '{"a": ' + inner + "}" + "]" * (depth - 1)


BODIES = [
    json.dumps({"customer_id": "c", "currency": "EUR", "items": [{"sku": f"S{n}", "quantity": 5} for n in range(100)]}),
    nested(MAX_JSON_DEPTH),
    nested(MAX_JSON_DEPTH + 1),
    nested(MAX_JSON_DEPTH, '"' + "[" * 40 + '"'),  # brackets in a text nest nothing
    nested(MAX_JSON_DEPTH + 1, '"' + "]" * 40 + '"'),
    '{"a": "{{{{", "b": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}',
    "[" + ", ".join(["[]"] * 100) + "]",
    "{}",
]


@pytest.mark.parametrize("body", BODIES)
def test_a_body_without_backslashes_is_judged_as_its_parse_and_walk_would(body):
    assert _surely_shallow(body.encode()) is not _depth_exceeds(json.loads(body), MAX_JSON_DEPTH)


def test_a_backslash_leaves_the_judgement_to_the_parse():
    body = nested(3, '"a \\" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["')
    assert not _surely_shallow(body.encode())
    assert _json_errors(body.encode()) == {}  # the parse finds the text, and nothing too deep


def test_bodies_too_deep_are_still_refused_whichever_way_they_are_found():
    for body in (nested(MAX_JSON_DEPTH + 1), "[" * 100_000, nested(40, '"\\\\"')):
        assert _json_errors(body.encode()) == {"body": [f"JSON may be nested at most {MAX_JSON_DEPTH} levels deep."]}
