"""Bodies the database or the parser cannot take are refused before a route sees them."""
from __future__ import annotations

import pytest
from b2b_shared.http.app import create_base_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields


class Body(Schema):
    name = fields.String()
    tags = fields.List(fields.String())


@pytest.fixture(scope="module")
def client():
    blp = Blueprint("echo", __name__, url_prefix="/echo")

    @blp.route("", methods=["POST"])
    @blp.arguments(Body)
    def echo(body):
        return body

    return create_base_app(__name__, "Echo", [blp], {}).test_client()


def test_a_body_over_the_limit_is_413_before_it_is_read_and_the_connection_closes(client):
    response = client.post("/echo", data=b"x" * (1024 * 1024 + 1), content_type="application/json")
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"
    assert response.content_type == "application/problem+json"


def test_json_nested_too_deep_is_a_422_not_a_500(client):
    for depth in (40, 100_000):
        response = client.post("/echo", data="[" * depth + "]" * depth, content_type="application/json")
        assert response.status_code == 422, depth
        assert "nested" in response.json["errors"]["body"][0]


def test_a_lone_surrogate_is_a_field_error(client):
    response = client.post("/echo", data='{"name": "a\\ud800b", "tags": ["ok", "\\udfff"]}',
                           content_type="application/json")
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"name", "tags.1"}


def test_a_surrogate_pair_is_valid_text(client):
    response = client.post("/echo", data='{"name": "smile \\ud83d\\ude00"}', content_type="application/json")
    assert response.status_code == 200
    assert response.json["name"] == "smile \U0001F600"


def test_the_nul_character_is_a_field_error_in_the_body_and_the_query(client):
    assert client.post("/echo", data='{"name": "a\\u0000"}', content_type="application/json").json["errors"] == {
        "name": ["Text cannot contain the NUL character (U+0000)."]}
    assert client.post("/echo?q=a%00", json={}).status_code == 422


def test_a_surrogate_sent_as_raw_bytes_is_a_field_error_too(client):
    """Not UTF-8, but Python's json reads bytes with surrogatepass: without the guard it reaches the database."""
    response = client.post("/echo", data=b'{"name": "a\xed\xa0\x80"}', content_type="application/json")
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"name"}


def test_many_brackets_that_nest_nothing_and_texts_near_the_surrogates_pass(client):
    tags = [f"tag {n} \u00e9\ud55c" for n in range(200)]  # accents and Hangul (bytes ED 95 ..) are fine
    response = client.post("/echo", json={"name": "many", "tags": tags})
    assert response.status_code == 200
    assert response.json["tags"] == tags
    deep_by_count = '{"name": "' + "[" * 40 + '", "tags": []}'  # brackets inside a text are no nesting
    assert client.post("/echo", data=deep_by_count, content_type="application/json").status_code == 200
