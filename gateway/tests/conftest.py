"""Fixtures of the gateway's tests: RSA keys of the session's own (JWKS in a file), stub services,
a gateway config whose rate-limit counters (in the real Redis) belong to the test alone, and the
gateway served over real HTTP."""
from __future__ import annotations

import contextlib
import uuid

import pytest
from gateway.app import create_app
from gateway.config import GatewayConfig
from gateway.routes import DEFAULT_PORTS
from gateway.testing.keys import RsaKeys, bearer
from gateway.testing.serving import procfile_process, served
from gateway.testing.upstreams import StubService, closed_port_url, free_port

GENEROUS = "10000/minute"


@pytest.fixture(scope="session")
def keys() -> RsaKeys:
    return RsaKeys()


@pytest.fixture
def signed_in(keys) -> dict:
    """Authorization headers of a caller with a good token (a new `sub` each test)."""
    return bearer(keys.token())


@pytest.fixture
def stubs():
    """stubs({path: (status, json)}) -> a new stub service, closed after the test."""
    made: list[StubService] = []

    def make(answers: dict | None = None) -> StubService:
        made.append(StubService(answers=answers or {}))
        return made[-1]
    yield make
    for stub in made:
        stub.close()


@pytest.fixture
def upstream(stubs) -> StubService:
    return stubs()


@pytest.fixture
def config_for(keys):
    """A GatewayConfig: every service down but those in `services`, tokens checked against `keys`,
    generous limits, nothing taken from CORS_* or MAX_* variables, and counters of its own."""
    prefix = f"test-gateway-{uuid.uuid4().hex[:10]}"

    def make(services: dict[str, str] | None = None, **overrides) -> GatewayConfig:
        urls = {service: closed_port_url() for service in DEFAULT_PORTS} | (services or {})
        settings = {"service_urls": urls, "jwks_url": keys.jwks_url, "ratelimit_key_prefix": prefix,
                    "ratelimit_per_identity": GENEROUS, "ratelimit_per_address": GENEROUS,
                    "ratelimit_sign_in": GENEROUS, "cors_allowed_origins": (), "max_body_bytes": 1024 * 1024,
                    "max_upload_bytes": 100 * 1024 * 1024, "read_timeout": 2.0}
        return GatewayConfig(**(settings | overrides))
    return make


@pytest.fixture
def serve():
    """serve(app) -> the base URL of `app` on a real HTTP server, stopped after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda app: stack.enter_context(served(app))


@pytest.fixture
def gateway_url(serve, config_for, upstream) -> str:
    """The gateway with every service routed to the one stub `upstream`."""
    return serve(create_app(config_for({service: upstream.url for service in DEFAULT_PORTS})))


@pytest.fixture(scope="session")
def gunicorn_gateway(keys):
    """The gateway as `make run` starts it (the Procfile's command: gunicorn with gevent workers), one
    worker, every service a stub, bodies limited to 1000 bytes: (its URL, the stub)."""
    stub = StubService()
    urls = {f"{service.upper().replace('-', '_')}_URL": stub.url for service in DEFAULT_PORTS}
    env = {**urls, "JWKS_URL": keys.jwks_url, "RATELIMIT_KEY_PREFIX": f"test-gateway-{uuid.uuid4().hex[:10]}",
           "RATELIMIT_PER_IDENTITY": GENEROUS, "RATELIMIT_PER_ADDRESS": GENEROUS, "WEB_CONCURRENCY": "1",
           "MAX_BODY_BYTES": "1000", "LOG_LEVEL": "WARNING"}
    with procfile_process("gateway", free_port(), env) as url:
        yield url, stub
    stub.close()
