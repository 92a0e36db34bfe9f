"""Bodies over MAX_BODY_BYTES (MAX_UPLOAD_BYTES on the upload paths) are a 413 problem, decided
before the body is read, whether the client declares a Content-Length or sends chunks."""
from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse

import pytest
import requests
from gateway.app import create_app
from gateway.routes import DEFAULT_PORTS

LIMIT, UPLOAD_LIMIT = 1000, 5 * 1024 * 1024


@pytest.fixture
def url(serve, config_for, upstream) -> str:
    config = config_for({service: upstream.url for service in DEFAULT_PORTS}, max_body_bytes=LIMIT,
                        max_upload_bytes=UPLOAD_LIMIT)
    return serve(create_app(config))


def chunks(total: int, size: int = 100):
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


def assert_refused(response: requests.Response) -> None:
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "close" in response.headers["Connection"]  # not drained: the rest of the body is never read


def test_a_body_over_the_limit_is_a_413_problem_and_never_reaches_the_service(url, upstream, signed_in):
    assert_refused(requests.post(f"{url}/api/v1/customers", data=b"x" * (LIMIT + 1), headers=signed_in, timeout=5))
    assert upstream.received == []


def test_a_declared_length_over_the_limit_is_refused_before_any_of_the_body_is_sent(url, upstream, signed_in):
    address = urllib.parse.urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        sock.sendall(f"POST /api/v1/customers HTTP/1.1\r\nHost: gateway\r\nContent-Length: {10 ** 10}\r\n"
                     f"Authorization: {signed_in['Authorization']}\r\n\r\n".encode())
        answer = sock.recv(4096).decode()  # no body sent: only an answer that needs none can come
    assert answer.startswith("HTTP/1.1 413")
    assert upstream.received == []


def test_a_chunked_body_over_the_limit_is_a_413_problem_and_never_reaches_the_service(url, upstream, signed_in):
    response = requests.post(f"{url}/api/v1/customers", data=chunks(5 * LIMIT), headers=signed_in, timeout=5)
    assert_refused(response)
    assert upstream.received == []


def test_a_chunked_body_within_the_limit_is_forwarded_whole(url, upstream, signed_in):
    response = requests.post(f"{url}/api/v1/customers", data=chunks(LIMIT), headers=signed_in, timeout=5)
    assert response.status_code == 200
    assert upstream.received[0].body == b"x" * LIMIT


def test_an_upload_may_be_as_big_as_the_upload_limit_and_arrives_intact(url, upstream, signed_in):
    body = os.urandom(3 * 1024 * 1024)
    response = requests.post(f"{url}/api/v1/import-jobs", data=body, timeout=10,
                             headers={**signed_in, "Content-Type": "application/octet-stream"})
    assert response.status_code == 200
    assert upstream.received[0].body == body


def test_an_upload_over_the_upload_limit_is_a_413_problem(url, upstream, signed_in):
    response = requests.post(f"{url}/api/v1/import-jobs", data=b"x" * (UPLOAD_LIMIT + 1), headers=signed_in,
                             timeout=10)
    assert_refused(response)
    assert upstream.received == []


def test_under_gunicorn_too_a_chunked_body_over_the_limit_is_a_413_and_never_reaches_the_service(
        gunicorn_gateway, signed_in):
    url, stub = gunicorn_gateway  # started with MAX_BODY_BYTES=1000
    before = len(stub.received)
    response = requests.post(f"{url}/api/v1/customers", data=chunks(5 * LIMIT), headers=signed_in, timeout=5)
    assert_refused(response)
    within = requests.post(f"{url}/api/v1/customers", data=chunks(LIMIT), headers=signed_in, timeout=5)
    assert within.status_code == 200
    assert [received.body for received in stub.received[before:]] == [b"x" * LIMIT]


def test_an_unread_body_closes_the_connection_even_when_the_answer_is_a_401(url, upstream):
    response = requests.post(f"{url}/api/v1/customers", data=chunks(LIMIT), timeout=5)
    assert response.status_code == 401
    assert "close" in response.headers["Connection"]


def keep_sending(url: str, headers: dict, stop: threading.Event, outcome: list) -> None:
    """Declares 10 GB, reads the 413, and goes on sending as fast as it can."""
    address = urllib.parse.urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        sock.sendall(f"POST /api/v1/customers HTTP/1.1\r\nHost: gateway\r\nContent-Length: {10 ** 10}\r\n"
                     f"Authorization: {headers['Authorization']}\r\n\r\n".encode())
        outcome.append(sock.recv(4096).split(b"\r\n")[0])
        try:
            while not stop.is_set():
                sock.sendall(b"x" * 1024 * 1024)
            outcome.append("still open")
        except OSError:
            outcome.append("cut off")


def test_under_gunicorn_a_client_sending_on_after_a_413_is_cut_off_and_stalls_no_one(gunicorn_gateway, signed_in):
    url, _stub = gunicorn_gateway
    stop, outcome = threading.Event(), []
    sender = threading.Thread(target=keep_sending, args=(url, signed_in, stop, outcome), daemon=True)
    sender.start()
    try:
        time.sleep(0.5)
        started = time.perf_counter()
        assert requests.get(f"{url}/api/v1/customers", headers=signed_in, timeout=5).status_code == 200
        assert time.perf_counter() - started < 1.0
    finally:
        stop.set()
        sender.join(timeout=10)
    assert outcome == [b"HTTP/1.1 413 REQUEST ENTITY TOO LARGE", "cut off"]
