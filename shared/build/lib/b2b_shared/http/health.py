"""`/health/live` (the process answers) and `/health/ready` (its database and broker answer)."""
from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, jsonify
from sqlalchemy import Engine, text

from ..messaging.broker import connect

Check = Callable[[], None]


def database_check(engine: Engine) -> Check:
    def check() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    return check


def broker_check(amqp_url: str, cache_seconds: float = 5.0) -> Check:
    """Opening an AMQP connection costs a few ms; probes come every few seconds, so a success is
    remembered briefly instead of reconnecting on every probe."""
    last_ok = [0.0]

    def check() -> None:
        if time.monotonic() - last_ok[0] < cache_seconds:
            return
        connect(amqp_url, "health-check").close()
        last_ok[0] = time.monotonic()
    return check


def install_health(app: Flask, checks: dict[str, Check]) -> None:
    @app.get("/health/live")
    def live():
        return jsonify(status="ok")

    @app.get("/health/ready")
    def ready():
        results = {name: _run(check) for name, check in checks.items()}
        healthy = all(result == "ok" for result in results.values())
        return jsonify(status="ok" if healthy else "unavailable", checks=results), 200 if healthy else 503


def _run(check: Check) -> str:
    try:
        check()
        return "ok"
    except Exception as error:  # noqa: BLE001 - a probe reports, it does not raise
        return f"failed: {type(error).__name__}"
