"""Stub services for the gateway to forward to: real HTTP servers on free ports that record what
reached them and answer with JSON (an echo of the request, or a canned answer per path)."""
from __future__ import annotations

import http.server
import json
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class StubService:
    """`answers` maps a path (without query) to (status, JSON body); other paths echo the request."""

    answers: dict[str, tuple[int, object]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self):
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, received: Received) -> tuple[int, bytes]:
        self.received.append(received)
        status, body = self.answers.get(received.path.split("?")[0], (200, None))
        if body is None:
            body = {"method": received.method, "path": received.path, "authorization": received.headers.get(
                "Authorization"), "body_length": len(received.body)}
        return status, json.dumps(body).encode()


def _handler(stub: StubService):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            # Headers and body go out in two writes: without this, Nagle's algorithm holds the body
            # until the client's delayed ACK (40 ms), which would be measured as the gateway's latency.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, answer = stub.answer(Received(self.command, self.path, dict(self.headers.items()), body))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _any

        def log_message(self, *args):
            pass

    return Handler


def closed_port_url() -> str:
    """The URL of a port nobody listens on (a service that is down)."""
    return f"http://127.0.0.1:{free_port()}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
