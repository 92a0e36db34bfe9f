"""A streamed answer that breaks off upstream breaks off at the client too (issue 8, point 5): killing
customers-web during GET /api/v1/customers/export must not hand the client a 200 that ends cleanly
after 1,000 of 20,195 rows. Checked under both servers the gateway runs on: werkzeug's (the tests'
`serve`) and gunicorn with gevent workers (the Procfile's command), with a raw socket, http.client and
requests as clients; the gateway logs and counts each cut. A whole long answer still arrives whole.

The upstream is a raw socket server so that it can do what a dying process does: stop part-way
through a chunked body (no last chunk) or short of its Content-Length, closing (FIN) or resetting
(RST) its connection."""
from __future__ import annotations

import contextlib
import http.client
import json
import socket
import struct
import threading
import urllib.parse
import uuid
from dataclasses import dataclass

import pytest
import requests
from gateway.app import create_app
from gateway.routes import DEFAULT_PORTS
from gateway.testing.serving import procfile_process
from gateway.testing.upstreams import closed_port_url, free_port
from prometheus_client.parser import text_string_to_metric_families

ROWS, CUT_AFTER, ROWS_PER_CHUNK = 20_195, 1_000, 100
EXPORT = "/api/v1/customers/export"
CUT_METRIC = "gateway_upstream_streams_cut"


def _row(number: int) -> bytes:
    return f"{number:08d},Customer {number:08d},customer-{number:08d}@example.com,{'x' * 40}\n".encode()


HEADER_ROW = b"id,name,email,notes\n"
CSV = HEADER_ROW + b"".join(_row(number) for number in range(ROWS))
BEFORE_CUT = HEADER_ROW + b"".join(_row(number) for number in range(CUT_AFTER))  # ~100 KB: more than one CHUNK


def _chunked(payload: bytes) -> bytes:
    """`payload` as chunks of ROWS_PER_CHUNK rows, without the last (zero-length) chunk."""
    lines = payload.splitlines(keepends=True)
    parts = [b"".join(lines[i:i + ROWS_PER_CHUNK]) for i in range(0, len(lines), ROWS_PER_CHUNK)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts)


def _head(framing: str) -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nConnection: close\r\n"
            + framing.encode() + b"\r\n\r\n")


CHUNKED, LENGTH = _head("Transfer-Encoding: chunked"), _head(f"Content-Length: {len(CSV)}")


@dataclass
class Script:
    """What the upstream sends for one request: `sent`, then (if `held`) it waits for `release`, then it
    closes its socket (`end` "close", a FIN) or resets it (`end` "reset", an RST)."""

    sent: bytes
    end: str = "close"
    held: bool = False


SCRIPTS = {
    "chunked-whole": Script(CHUNKED + _chunked(CSV) + b"0\r\n\r\n"),
    "length-whole": Script(LENGTH + CSV),
    "chunked-cut": Script(CHUNKED + _chunked(BEFORE_CUT)),  # the process died between two chunks
    "chunked-cut-mid-chunk": Script(CHUNKED + _chunked(BEFORE_CUT) + b"1000\r\n" + _row(CUT_AFTER)),
    "length-cut": Script(LENGTH + BEFORE_CUT),  # fewer bytes than its Content-Length, then FIN
    "chunked-reset": Script(CHUNKED + _chunked(BEFORE_CUT), end="reset", held=True),
    "length-reset": Script(LENGTH + BEFORE_CUT, end="reset", held=True),
    "cut-before-body": Script(CHUNKED),  # the status line and headers, not a byte of the body
    "stall-before-body": Script(CHUNKED, held=True),  # then silence, longer than the read timeout
    "stall-mid-stream": Script(CHUNKED + _chunked(BEFORE_CUT), held=True),
}
READ_TIMEOUT = 1  # the gateway's upstream read timeout in these tests (seconds)


class CuttingUpstream:
    """customers-web as a raw socket server: answers `GET ...?answer=<script>` with SCRIPTS[script]."""

    def __init__(self):
        self.release = threading.Event()  # lets a held script go on to its end
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._stop = threading.Event()
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self._stop.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request:
                received = connection.recv(65536)
                if not received:
                    return
                request += received
            target = request.split(b" ", 2)[1].decode()
            script = SCRIPTS[urllib.parse.parse_qs(urllib.parse.urlsplit(target).query)["answer"][0]]
            connection.sendall(script.sent)
            if script.held:
                self.release.wait(10)
            if script.end == "reset":  # SO_LINGER 0: close() sends RST, as a killed process's kernel may
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@pytest.fixture(scope="module")
def customers_web():
    upstream = CuttingUpstream()
    yield upstream
    upstream.close()


@pytest.fixture(scope="module")
def gunicorn_gateway_to(keys, customers_web):
    """The gateway as `make run` starts it (gunicorn, gevent workers), customers routed to `customers_web`."""
    urls = {f"{service.upper().replace('-', '_')}_URL": closed_port_url() for service in DEFAULT_PORTS}
    env = {**urls, "CUSTOMERS_URL": customers_web.url, "JWKS_URL": keys.jwks_url,
           "RATELIMIT_KEY_PREFIX": f"test-gateway-{uuid.uuid4().hex[:10]}", "RATELIMIT_PER_IDENTITY": "10000/minute",
           "RATELIMIT_PER_ADDRESS": "10000/minute", "UPSTREAM_READ_TIMEOUT": str(READ_TIMEOUT),
           "WEB_CONCURRENCY": "1", "LOG_LEVEL": "WARNING"}
    with procfile_process("gateway", free_port(), env) as url:
        yield url


@pytest.fixture(params=["werkzeug", "gunicorn"])
def gateway(request, customers_web, serve, config_for) -> str:
    customers_web.release.clear()
    if request.param == "gunicorn":
        return request.getfixturevalue("gunicorn_gateway_to")
    return serve(create_app(config_for({"customers": customers_web.url}, read_timeout=READ_TIMEOUT)))


def cuts(gateway: str) -> float:
    """The gateway's count of cut customers answers, from its own /metrics."""
    text = requests.get(f"{gateway}/metrics", timeout=10).text
    for family in text_string_to_metric_families(text):
        if family.name == CUT_METRIC:
            return sum(sample.value for sample in family.samples
                       if sample.name.endswith("_total") and sample.labels.get("service") == "customers")
    return 0.0


@dataclass
class RawAnswer:
    head: bytes
    body: bytes  # the payload of the chunks that arrived
    terminated: bool  # the zero-length last chunk arrived


class RawClient:
    """One GET over a plain socket, read by hand, so that nothing hides how the answer ended."""

    def __init__(self, gateway: str, answer: str, headers: dict):
        address = urllib.parse.urlsplit(gateway)
        self.sock = socket.create_connection((address.hostname, address.port), timeout=10)
        lines = [f"GET {EXPORT}?answer={answer} HTTP/1.1", f"Host: {address.netloc}", "Connection: close",
                 *(f"{name}: {value}" for name, value in headers.items())]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.received = b""

    def read_at_least(self, size: int) -> None:
        while len(self.received) < size:
            data = self.sock.recv(65536)
            assert data, f"the connection ended after {len(self.received)} bytes"
            self.received += data

    def read_to_end(self) -> RawAnswer:
        """Everything until the gateway closes the connection (FIN or RST: either is an end)."""
        with self.sock, contextlib.suppress(ConnectionResetError):
            while data := self.sock.recv(65536):
                self.received += data
        head, _, rest = self.received.partition(b"\r\n\r\n")
        body, terminated = _dechunk(rest)
        return RawAnswer(head, body, terminated)


def _dechunk(data: bytes) -> tuple[bytes, bool]:
    body = b""
    while b"\r\n" in data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return body, data.startswith(b"\r\n")
        if len(data) < size + 2:  # a chunk that did not arrive whole
            return body + data[:size], False
        body, data = body + data[:size], data[size + 2:]
    return body, False


def assert_broken_200(answer: RawAnswer) -> None:
    status_line, *header_lines = answer.head.decode().split("\r\n")
    headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in header_lines)}
    assert status_line.startswith("HTTP/1.1 200")
    assert headers["transfer-encoding"] == "chunked"
    assert not answer.terminated  # no clean end: the zero-length last chunk never came
    assert CSV.startswith(answer.body) and len(answer.body) < len(CSV)


@pytest.mark.parametrize("answer", ["chunked-cut", "chunked-cut-mid-chunk", "length-cut"])
@pytest.mark.reliability
def test_a_cut_upstream_answer_breaks_the_clients_chunked_stream(gateway, signed_in, answer):
    before = cuts(gateway)
    client = RawClient(gateway, answer, signed_in)
    answer = client.read_to_end()
    assert_broken_200(answer)
    assert len(answer.body) > 0  # the 200 and rows did go out before the cut: it is the ending that is broken
    assert cuts(gateway) == before + 1


@pytest.mark.parametrize("answer", ["chunked-reset", "length-reset"])
def test_an_upstream_reset_part_way_breaks_the_clients_stream_after_the_rows_it_already_got(
        gateway, signed_in, customers_web, answer):
    client = RawClient(gateway, answer, signed_in)
    client.read_at_least(64 * 1024)  # the client has the 200 and rows: now customers-web is killed
    customers_web.release.set()
    assert_broken_200(client.read_to_end())


@pytest.mark.parametrize("answer", ["chunked-cut", "length-cut"])
def test_requests_raises_instead_of_returning_a_short_export(gateway, signed_in, answer):
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(f"{gateway}{EXPORT}?answer={answer}", headers=signed_in, timeout=10)


def test_http_client_raises_incomplete_read(gateway, signed_in):
    address = urllib.parse.urlsplit(gateway)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", f"{EXPORT}?answer=chunked-cut", headers=signed_in)
        response = connection.getresponse()
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead) as raised:
            response.read()
        assert CSV.startswith(raised.value.partial) and 0 < len(raised.value.partial) < len(CSV)
    finally:
        connection.close()


def test_an_answer_cut_before_its_body_is_a_502_problem(gateway, signed_in):
    before = cuts(gateway)
    response = requests.get(f"{gateway}{EXPORT}?answer=cut-before-body", headers=signed_in, timeout=10)
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert "customers" in response.json()["detail"]
    assert cuts(gateway) == before + 1


def test_an_upstream_that_stalls_before_its_body_is_a_504_and_one_that_stalls_mid_stream_is_cut(
        gateway, signed_in, customers_web):
    before = cuts(gateway)
    try:
        response = requests.get(f"{gateway}{EXPORT}?answer=stall-before-body", headers=signed_in, timeout=10)
        assert response.status_code == 504
        assert "customers" in response.json()["detail"]
        assert_broken_200(RawClient(gateway, "stall-mid-stream", signed_in).read_to_end())
    finally:
        customers_web.release.set()
    assert cuts(gateway) == before + 2


@pytest.mark.parametrize("answer", ["chunked-whole", "length-whole"])
def test_a_whole_long_answer_arrives_whole_and_ends_cleanly(gateway, signed_in, answer):
    before = cuts(gateway)
    response = requests.get(f"{gateway}{EXPORT}?answer={answer}", headers=signed_in, timeout=10)
    assert response.status_code == 200
    assert response.content == CSV
    raw = RawClient(gateway, answer, signed_in).read_to_end()
    assert raw.terminated and raw.body == CSV
    assert cuts(gateway) == before


def test_the_cut_is_logged_with_the_request_it_broke(serve, config_for, customers_web, signed_in, capsys):
    gateway = serve(create_app(config_for({"customers": customers_web.url}, read_timeout=READ_TIMEOUT)))
    capsys.readouterr()
    assert_broken_200(RawClient(gateway, "chunked-cut", {**signed_in, "X-Request-ID": "cut-export-1"}).read_to_end())
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    [cut] = [line for line in lines if line.get("event") == "upstream.stream_cut"]
    assert cut["level"] == "warning"
    assert cut["service"] == "customers" and cut["path"] == EXPORT and cut["request_id"] == "cut-export-1"
    assert cut["upstream_status"] == 200 and cut["client_sees"] == "aborted connection"
    assert cut["relayed_bytes"] == len(BEFORE_CUT)  # every chunk before the cut went on to the client
