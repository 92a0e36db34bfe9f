"""The gateway's connection pools to the services (gateway/pools.py): a kept connection is used
again while the service keeps it open, and one the service has closed meanwhile is noticed before
use, so that the request goes out on a fresh connection instead of failing."""
from __future__ import annotations

import socket
import threading

import urllib3
from gateway.pools import service_pool

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
TIMEOUT = urllib3.Timeout(connect=1, read=2)


class RawService:
    """Answers every request; with `close_after_answer`, closes each connection once it has answered."""

    def __init__(self, close_after_answer: bool):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._close = close_after_answer
        self.answered = threading.Semaphore(0)
        self.connections = 0
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            while connection.recv(65536):
                connection.sendall(ANSWER)
                if self._close:
                    connection.close()
                    self.answered.release()
                    return
                self.answered.release()

    def close(self) -> None:
        self._listener.close()


def get_three_times(service: RawService) -> tuple[list[int], int]:
    pool = service_pool(service.url, 2, TIMEOUT)
    statuses = []
    for _ in range(3):
        statuses.append(pool.urlopen("GET", "/", preload_content=True).status)
        assert service.answered.acquire(timeout=2)  # the service is done with the connection
    return statuses, service.connections


def test_a_kept_connection_is_used_again():
    service = RawService(close_after_answer=False)
    try:
        assert get_three_times(service) == ([200, 200, 200], 1)
    finally:
        service.close()


def test_a_kept_connection_the_service_closed_is_noticed_and_replaced():
    service = RawService(close_after_answer=True)
    try:
        assert get_three_times(service) == ([200, 200, 200], 3)
    finally:
        service.close()
