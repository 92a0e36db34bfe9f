"""The gateway over real HTTP: a Flask app on werkzeug's threaded server in a background thread
(chunked request bodies are de-chunked as gunicorn does), or the Procfile's own command."""
from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[3]


@contextlib.contextmanager
def served(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def procfile_command(name: str, port: int) -> str:
    """The Procfile's command for process `name`, with its port variable filled in."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            command = line.split(":", 1)[1].strip()
            return re.sub(r"\$\{\w+_PORT:-\d+\}", str(port), command)
    raise LookupError(f"no process {name!r} in the Procfile")


@contextlib.contextmanager
def procfile_process(name: str, port: int, env: dict[str, str], ready_path: str = "/health/live") -> Iterator[str]:
    """Process `name` started as `make run` starts it (from the repository root, its bin on PATH)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", **env}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(procfile_command(name, port), shell=True, cwd=ROOT, env=env,
                                   start_new_session=True, stdout=subprocess.DEVNULL, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_answering(url + ready_path, process, log)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)  # its own session: the shell, gunicorn and its workers
            process.wait(timeout=30)


def _wait_until_answering(url: str, process: subprocess.Popen, log, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"exited with {process.returncode}: {log.read().decode()[-2000:]}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - a local test URL
            return
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer in {timeout} s")
