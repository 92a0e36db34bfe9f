"""Slow clients do not stall the others: the gateway, started with the Procfile's own command
(gunicorn, gevent workers, deploy/gunicorn-gateway.conf.py) and one worker, keeps answering normal
requests promptly while 8 connections each trickle one header line per second (slowloris). Under
the services' gthread settings (4 threads) those 8 would hold every thread."""
from __future__ import annotations

import socket
import statistics
import threading
import time
import urllib.parse

import requests

SLOW_CONNECTIONS, SAMPLES = 8, 20


def trickle(url: str, stop: threading.Event, opened: list[socket.socket]) -> None:
    """One request whose headers arrive one line per second and never end."""
    address = urllib.parse.urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        opened.append(sock)
        sock.sendall(b"GET /api/v1/customers HTTP/1.1\r\nHost: gateway\r\n")
        line = 0
        while not stop.wait(1.0):
            line += 1
            try:
                sock.sendall(f"X-Slow-{line}: {line}\r\n".encode())
            except OSError:
                return


def latencies(url: str, headers: dict) -> list[float]:
    timings = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = requests.get(f"{url}/api/v1/customers", headers=headers, timeout=10)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return timings


def test_normal_requests_stay_fast_while_8_clients_send_their_headers_one_line_a_second(
        gunicorn_gateway, signed_in, capsys):
    url, _stub = gunicorn_gateway
    latencies(url, signed_in)  # warm: key set fetched, connections to the stub made
    calm = latencies(url, signed_in)

    stop, opened = threading.Event(), []
    slow = [threading.Thread(target=trickle, args=(url, stop, opened), daemon=True) for _ in range(SLOW_CONNECTIONS)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(1.5)  # every slow connection is open and part-way through its headers
        assert len(opened) == SLOW_CONNECTIONS
        busy = latencies(url, signed_in)
        still_trickling = all(thread.is_alive() for thread in slow)
    finally:
        stop.set()
        for thread in slow:
            thread.join(timeout=5)

    with capsys.disabled():
        print(f"\n  gateway latency, {SAMPLES} requests: no slow clients median {statistics.median(calm) * 1000:.1f} ms"
              f" / max {max(calm) * 1000:.1f} ms; with {SLOW_CONNECTIONS} slow clients median "
              f"{statistics.median(busy) * 1000:.1f} ms / max {max(busy) * 1000:.1f} ms")
    assert still_trickling  # the slow clients were being served (held open) the whole time
    assert max(busy) < 1.0
