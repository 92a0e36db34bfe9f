"""The shared authorization mechanism on a throwaway service against real PostgreSQL: tokens,
the principal read model, scopes as SQL, owners in paths, and revocation."""
from __future__ import annotations

import time
import uuid

import pytest
from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.auth.jwt import verifier_from_config
from b2b_shared.auth.principals import Authenticator, read_model_rows
from b2b_shared.config import TokenConfig
from b2b_shared.http.access import GLOBAL, Guard, access, install_access, path, public, requires
from b2b_shared.http.app import create_base_app
from b2b_shared.testing.identity import Identities, SigningKeys, user_id_of
from flask.views import MethodView
from flask_smorest import Blueprint
from mechanism_support import Company
from sqlalchemy import select
from sqlalchemy.orm import Session

HIERARCHY = Hierarchy("companies", sales_rep_ids="sales_rep_ids")
VIEW_AT = lambda level: [{"resource": "customer", "action": "VIEW", "access_level": level}]  # noqa: E731


def make_app(engine, keys: SigningKeys):
    blp = Blueprint("companies", __name__, url_prefix="/api/v1")

    @blp.route("/companies")
    class Companies(MethodView):
        @requires("customer", "VIEW")
        def get(self):
            with Session(engine) as session:
                ids = session.scalars(select(Company.id).where(access().condition(Company.id)))
                return {"ids": sorted(str(i) for i in ids)}

    @blp.route("/companies/<uuid:company_id>")
    @requires("customer", "VIEW", owner=path("company_id"))
    def company(company_id):
        return {"id": str(company_id)}

    @blp.route("/price-lists", methods=["POST"])
    @requires("price_list", "CREATE", owner=GLOBAL, staff_only=True)
    def create_price_list():
        return {"created": True}, 201

    @blp.route("/auth/ping", methods=["GET", "POST"])
    @public
    def ping():
        return {"pong": True}

    app = create_base_app(__name__, "Test API", [blp], {})
    verifier = verifier_from_config(TokenConfig(jwks_url=keys.jwks_url))
    install_access(app, Guard(Authenticator(verifier, read_model_rows(engine, HIERARCHY), row_seconds=0.2),
                              HIERARCHY, engine))
    return app


@pytest.fixture(scope="module")
def keys():
    return SigningKeys()


@pytest.fixture(scope="module")
def client(engine, keys):
    return make_app(engine, keys).test_client()


@pytest.fixture(scope="module")
def people(engine, keys):
    return Identities(keys, engine)


@pytest.fixture
def tree(engine):
    """parent -> own -> child -> grandchild, own's sibling, and another company."""
    parent, own, child, grandchild, sibling, other = (uuid.uuid4() for _ in range(6))
    lineages = {parent: [parent], own: [parent, own], child: [parent, own, child],
                grandchild: [parent, own, child, grandchild], sibling: [parent, sibling], other: [other]}
    with Session(engine) as session, session.begin():
        session.add_all(Company(id=c, lineage=lineage, sales_rep_ids=[]) for c, lineage in lineages.items())
    return dict(parent=parent, own=own, child=child, grandchild=grandchild, sibling=sibling, other=other)


def visible(client, headers, tree) -> set[str]:
    ids = set(client.get("/api/v1/companies", headers=headers).json["ids"])
    return {name for name, company in tree.items() if str(company) in ids}


def test_an_operation_without_a_token_or_with_a_bad_one_is_401_and_a_public_one_is_open(client):
    assert client.get("/api/v1/companies").status_code == 401
    assert client.get("/api/v1/companies", headers={"Authorization": "Bearer garbage"}).status_code == 401
    assert client.get("/api/v1/auth/ping").status_code == 200


DEEP = "[" * 100_000 + "]" * 100_000
SURROGATE = '{"name": "\\ud800"}'


def test_an_anonymous_body_is_refused_with_401_before_it_is_parsed(client):
    for body in (DEEP, SURROGATE):
        response = client.post("/api/v1/price-lists", data=body, content_type="application/json")
        assert (response.status_code, response.content_type) == (401, "application/problem+json")


def test_a_caller_without_the_right_is_refused_with_403_before_its_body_is_parsed(client, people, tree):
    buyer = people.customer_user(tree["own"], VIEW_AT("CORPORATE"))
    assert client.post("/api/v1/price-lists", data=DEEP, content_type="application/json",
                       headers=buyer).status_code == 403


def test_an_authorized_callers_deep_body_is_a_422_and_so_is_one_sent_to_a_public_operation(client, people):
    administrator = people.staff("administrator")
    for headers, url in ((administrator, "/api/v1/price-lists"), ({}, "/api/v1/auth/ping")):
        response = client.post(url, data=DEEP, content_type="application/json", headers=headers)
        assert response.status_code == 422, url
        assert "nested" in response.json["errors"]["body"][0]


def test_an_anonymous_body_over_the_size_limit_is_413_since_the_size_check_reads_nothing(client):
    response = client.post("/api/v1/price-lists", data=b"x" * (2 * 1024 * 1024), content_type="application/json")
    assert (response.status_code, response.headers["Connection"]) == (413, "close")


def test_corporate_sees_its_customer_and_descendants_never_parent_or_sibling(client, people, tree):
    headers = people.customer_user(tree["own"], VIEW_AT("CORPORATE"))
    assert visible(client, headers, tree) == {"own", "child", "grandchild"}
    assert client.get(f"/api/v1/companies/{tree['grandchild']}", headers=headers).status_code == 200
    for foreign in ("parent", "sibling", "other"):
        assert client.get(f"/api/v1/companies/{tree[foreign]}", headers=headers).status_code == 404


def test_department_sees_only_its_own_customer(client, people, tree):
    headers = people.customer_user(tree["own"], VIEW_AT("DEPARTMENT"))
    assert visible(client, headers, tree) == {"own"}
    assert client.get(f"/api/v1/companies/{tree['child']}", headers=headers).status_code == 404


def test_a_foreign_id_and_an_unknown_id_answer_the_same(client, people, tree):
    headers = people.customer_user(tree["own"], VIEW_AT("DEPARTMENT"))
    foreign = client.get(f"/api/v1/companies/{tree['other']}", headers=headers)
    unknown = client.get(f"/api/v1/companies/{uuid.uuid4()}", headers=headers)
    assert (foreign.status_code, foreign.json["detail"]) == (unknown.status_code, unknown.json["detail"])


def test_a_user_without_the_permission_is_forbidden_and_never_writes_a_staff_only_resource(client, people, tree):
    assert client.get("/api/v1/companies", headers=people.customer_user(tree["own"], [])).status_code == 403
    writer = people.customer_user(tree["own"], [{"resource": "price_list", "action": "CREATE",
                                                 "access_level": "CORPORATE"}])
    assert client.post("/api/v1/price-lists", headers=writer).status_code == 403


def test_a_sales_representative_sees_the_customers_naming_it_and_their_subsidiaries(client, people, tree, engine):
    headers = people.staff("sales_representative")
    with Session(engine) as session, session.begin():
        session.get(Company, tree["own"]).sales_rep_ids = [uuid.UUID(user_id_of(headers))]
    assert visible(client, headers, tree) == {"own", "child", "grandchild"}
    assert client.get(f"/api/v1/companies/{tree['parent']}", headers=headers).status_code == 404
    assert client.post("/api/v1/price-lists", headers=headers).status_code == 403


def test_administrators_write_global_resources_and_support_only_reads(client, people, tree):
    assert client.post("/api/v1/price-lists", headers=people.staff("administrator")).status_code == 201
    support = people.staff("support")
    assert {"own", "other"} <= visible(client, support, tree)
    assert client.post("/api/v1/price-lists", headers=support).status_code == 403


def test_a_disabled_user_is_refused_once_its_event_arrives(client, people, tree):
    headers = people.customer_user(tree["own"], VIEW_AT("DEPARTMENT"))
    assert client.get("/api/v1/companies", headers=headers).status_code == 200
    people.disable(user_id_of(headers))
    assert eventually_status(client, headers) == 401


def test_a_token_issued_before_a_password_reset_is_refused(client, people, tree):
    headers = people.customer_user(tree["own"], VIEW_AT("DEPARTMENT"))
    time.sleep(1.1)  # tokens carry whole seconds
    people.apply("customer_user.updated", {"id": user_id_of(headers),
                                           "tokens_valid_after": "2100-01-01T00:00:00Z"})
    assert eventually_status(client, headers) == 401


def test_the_users_of_an_inactive_customer_are_refused(client, people, tree, engine):
    headers = people.customer_user(tree["own"], VIEW_AT("DEPARTMENT"))
    with Session(engine) as session, session.begin():
        session.get(Company, tree["own"]).status = "inactive"
    assert eventually_status(client, headers) == 401


def test_a_changed_role_changes_the_answer(client, people, tree):
    headers = people.customer_user(tree["own"], VIEW_AT("CORPORATE"))
    role_id = people.last[user_id_of(headers)]["role_ids"][0]
    people.apply("role.updated", {"id": role_id, "permissions": VIEW_AT("DEPARTMENT")})
    deadline = time.monotonic() + 5
    while visible(client, headers, tree) != {"own"} and time.monotonic() < deadline:
        time.sleep(0.1)
    assert visible(client, headers, tree) == {"own"}


def test_a_service_token_gets_exactly_its_scopes(client, people, tree):
    assert client.get("/api/v1/companies", headers=people.service("customer:VIEW")).status_code == 200
    assert client.post("/api/v1/price-lists", headers=people.service("customer:VIEW")).status_code == 403


def test_an_app_with_an_undeclared_operation_refuses_to_start(engine, keys):
    blp = Blueprint("bare", __name__, url_prefix="/api/v1")

    @blp.route("/bare")
    def bare():
        return {}

    app = create_base_app("bare", "Bare", [blp], {})
    with pytest.raises(RuntimeError, match="/api/v1/bare"):
        install_access(app, Guard(None, HIERARCHY, engine))


def test_every_declared_operation_is_documented_with_its_permission(client):
    paths = client.get("/openapi.json").json["paths"]
    assert paths["/api/v1/companies"]["get"]["x-permission"]["resource"] == "customer"
    assert paths["/api/v1/auth/ping"]["get"]["security"] == []


def eventually_status(client, headers, seconds: float = 5.0) -> int:
    deadline = time.monotonic() + seconds
    status = client.get("/api/v1/companies", headers=headers).status_code
    while status == 200 and time.monotonic() < deadline:
        time.sleep(0.1)
        status = client.get("/api/v1/companies", headers=headers).status_code
    return status


def test_a_401_names_the_bearer_scheme_a_caller_should_use(client):
    for headers in ({}, {"Authorization": "Bearer garbage"}):
        response = client.get("/api/v1/companies", headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
