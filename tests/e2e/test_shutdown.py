"""Ctrl-C (SIGTERM to honcho) stops every process of a suite of its own, cleanly and quickly."""
from __future__ import annotations

import time

import pytest
import requests
from suite_runner import running_suite, suite_environment

pytestmark = pytest.mark.e2e


def test_sigterm_stops_every_process_cleanly(postgres_url, amqp_url, events_exchange):
    with suite_environment(postgres_url, amqp_url, events_exchange) as env, running_suite(env) as suite:
        started = time.monotonic()
        assert suite.stop() in (0, -15, 143)
        assert time.monotonic() - started < 25
        for port_variable in ("GATEWAY_PORT", "CUSTOMERS_PORT", "USERS_ROLES_PORT", "PRICING_PORT"):
            with pytest.raises(requests.ConnectionError):
                requests.get(f"http://127.0.0.1:{env[port_variable]}/health/live", timeout=2)
