"""`/health/live` (the process answers) and `/health/ready` (what the process needs to serve answers:
for a service, its database; the broker is the relay's and the consumer's concern, not the web's)."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, jsonify
from sqlalchemy import Engine, text

Check = Callable[[], None]


def database_check(engine: Engine) -> Check:
    def check() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
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
