"""When a request arrived: the clock read once per request, as the app is entered (http/app.py, App),
for both the access log's duration and the latency histogram."""
from __future__ import annotations

import time

STARTED = "b2b.request_started"  # WSGI environ key


def start(environ: dict) -> None:
    environ[STARTED] = time.perf_counter()


def seconds_since_start(environ: dict) -> float | None:
    """None for a request the clock did not see start (an app that is not http/app.py's App)."""
    started = environ.get(STARTED)
    return None if started is None else time.perf_counter() - started
