"""A loopback TCP proxy the tests cut and restore, to take a real broker out of reach and back
(the way toxiproxy does) without stopping the machine's RabbitMQ under other tests."""
from __future__ import annotations

import socket
import threading
from urllib.parse import urlparse


class TcpProxy:
    @classmethod
    def to_server_of(cls, url: str, default_port: int) -> "TcpProxy":
        """A proxy to the server a URL names (postgresql://, amqp://)."""
        server = urlparse(url)
        return cls(server.hostname, server.port or default_port)

    def url_through(self, url: str) -> str:
        """`url` (with its credentials, database or vhost) reaching its server through this proxy."""
        server = urlparse(url)
        credentials = server.netloc.rpartition("@")[0]
        address = f"127.0.0.1:{self.port}"
        return server._replace(netloc=f"{credentials}@{address}" if credentials else address).geturl()

    def __init__(self, target_host: str, target_port: int):
        self._target = (target_host, target_port)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._open = threading.Event()
        self._open.set()
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """Close every connection and refuse new ones until `restore`."""
        self._open.clear()
        with self._lock:
            for connection in self._connections:
                _close(connection)
            self._connections.clear()

    def restore(self) -> None:
        self._open.set()

    def close(self) -> None:
        self.cut()
        _close(self._server)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if not self._open.is_set():
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self._target)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
