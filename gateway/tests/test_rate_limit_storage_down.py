"""Redis unreachable: the gateway fails open (answers, with a logged warning) and counts in its own
memory until Redis is back, rather than refusing the suite's traffic."""
from __future__ import annotations

import logging
import time

import requests
from gateway.app import create_app
from gateway.routes import DEFAULT_PORTS
from gateway.testing.upstreams import free_port


def test_with_redis_down_requests_are_answered_promptly_and_a_warning_is_logged(
        serve, config_for, upstream, signed_in, caplog):
    config = config_for({service: upstream.url for service in DEFAULT_PORTS},
                        ratelimit_storage_uri=f"redis://127.0.0.1:{free_port()}/0", ratelimit_per_identity="3/minute")
    url = serve(create_app(config))
    caplog.set_level(logging.WARNING, logger="flask-limiter")
    started = time.monotonic()
    statuses = [requests.get(f"{url}/api/v1/customers", headers=signed_in, timeout=5).status_code for _ in range(4)]
    assert time.monotonic() - started < 3
    assert statuses == [200, 200, 200, 429]  # still limited, per process, from memory
    assert any("storage unreachable" in record.getMessage() for record in caplog.records)
