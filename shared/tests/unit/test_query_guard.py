"""b2b_shared.http.query_guard: an /api/v1 operation takes only the query parameters its query
schemas declare; anything else is a 400 problem naming each unknown parameter."""
from __future__ import annotations

from b2b_shared.http.app import create_base_app
from b2b_shared.http.query_guard import install_query_guard
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

blp = Blueprint("things", __name__, url_prefix="/api/v1/things")


class ThingArgs(Schema):
    q = fields.String()
    tag = fields.List(fields.String())
    sort_by = fields.String(data_key="sort")


@blp.route("")
class Things(MethodView):
    @blp.arguments(ThingArgs, location="query")
    @blp.response(200)
    def get(self, args):
        return {"args": sorted(args)}


@blp.route("/<int:thing_id>")
@blp.response(200)
def thing(thing_id):
    return {"id": thing_id}


def client():
    app = create_base_app("things", "Things", [blp], {})
    install_query_guard(app)
    return app.test_client()


def test_declared_parameters_pass_by_their_data_key_and_repeated():
    response = client().get("/api/v1/things?q=a&tag=x&tag=y&sort=name")
    assert response.status_code == 200
    assert response.json == {"args": ["q", "sort_by", "tag"]}


def test_each_unknown_parameter_is_named_in_one_400_problem():
    response = client().get("/api/v1/things?q=a&sort_by=name&tga=x")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert response.json["errors"] == {"sort_by": ["Unknown query parameter."], "tga": ["Unknown query parameter."]}


def test_an_operation_without_a_query_schema_takes_no_parameters():
    assert client().get("/api/v1/things/1").status_code == 200
    assert client().get("/api/v1/things/1?verbose=1").status_code == 400


def test_paths_outside_the_api_are_left_alone():
    assert client().get("/openapi.json?x=1").status_code == 200
