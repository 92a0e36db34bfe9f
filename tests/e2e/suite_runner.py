"""Start the suite as `make run` does (honcho and the Procfile) on free ports and fresh databases."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pika
import requests
from b2b_shared import suite
from b2b_shared.db.migrate import drop_database
from b2b_shared.entrypoints import load_service
from b2b_shared.messaging.broker import dead_letter_queue
from b2b_shared.service import queues_of

ROOT = Path(__file__).resolve().parents[2]
# What `make run` runs: the registry's services (b2b_shared/suite/registry.toml).
SERVICES = suite.built()
ADMIN_PASSWORD = "e2e correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_ready(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass  # not listening yet, or still booting
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not become ready")


class Suite:
    def __init__(self, gateway_url: str, env: dict, process: subprocess.Popen):
        self.gateway_url, self.env, self.process = gateway_url, env, process

    def url(self, path: str) -> str:
        return self.gateway_url + path

    def sign_in(self, email: str, password: str) -> dict:
        """Authorization headers for a user, signed in through the gateway."""
        response = requests.post(self.url("/api/v1/auth/token"), json={"email": email, "password": password},
                                 timeout=10)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def admin(self) -> dict:
        return self.sign_in(self.env["BOOTSTRAP_ADMIN_EMAIL"], ADMIN_PASSWORD)

    def client(self, headers: dict | None = None) -> "Client":
        return Client(self, headers or {})

    def stop(self) -> int:
        """Ctrl-C's path: SIGTERM to honcho, which stops every process; returns its exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


class Client:
    """requests with the suite's base URL and one caller's headers: `admin.post("/api/v1/...", json=...)`."""

    def __init__(self, suite: Suite, headers: dict):
        self.suite = suite
        self.session = requests.Session()
        self.session.headers.update(headers)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.suite.url(path), timeout=kwargs.pop("timeout", 10), **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@contextlib.contextmanager
def suite_environment(postgres_url: str, amqp_url: str, events_exchange: str):
    """Free ports and fresh databases for one run of the suite; the databases go afterwards."""
    namespace = f"e2e-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "AMQP_URL": amqp_url, "EVENTS_EXCHANGE": events_exchange, "WEB_CONCURRENCY": "1",
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           # Queues, rate-limit counters and the first administrator of this run alone, so that the
           # tests pass beside a running `make run` on the same broker and Redis.
           "BROKER_NAMESPACE": namespace, "RATELIMIT_KEY_PREFIX": namespace,
           "BOOTSTRAP_ADMIN_EMAIL": f"admin-{namespace}@example.com", "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
           # Small pools (at most 2 connections a web worker; its 4 threads take turns), so that this run, a
           # replicated one (tests/e2e/test_replicas.py), the service tests' own and a `make run` fit in
           # PostgreSQL's default 100 connections (with 2, a full `make test` beside `make run` reached 100).
           "DB_POOL_SIZE": "1"}
    env["GATEWAY_PORT"] = str(free_port())
    # The run's own mailbox (tools/mail_catcher.py, as `make run` starts it): the completion emails land there.
    env["SMTP_PORT"] = str(free_port())
    env["SMTP_URL"] = f"smtp://127.0.0.1:{env['SMTP_PORT']}"
    env["MAIL_DIR"] = tempfile.mkdtemp(prefix="e2e-mail-")
    for service in SERVICES:
        prefix = service.env_prefix
        env[f"{prefix}_DATABASE_URL"] = f"{postgres_url}/e2e_{service.package}_{uuid.uuid4().hex[:8]}"
        env[f"{prefix}_PORT"] = port = str(free_port())
        env[f"{prefix}_URL"] = f"http://127.0.0.1:{port}"
    try:
        yield env
    finally:
        for service in SERVICES:
            drop_database(env[f"{service.env_prefix}_DATABASE_URL"])
        delete_queues(amqp_url, namespace)


def delete_queues(amqp_url: str, namespace: str) -> None:
    """The run's queues and their dead-letter queues: quorum queues left behind pile up on the
    broker (each holds files; a few hundred exhaust its file handles and it stops taking connections)."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        for service in SERVICES:
            for consumes in queues_of(load_service(service.name)):
                queue = f"{namespace}.{consumes.queue}"
                for name in (queue, dead_letter_queue(queue)):
                    channel.queue_delete(name)
    finally:
        connection.close()


# The processes that share their work through the database and the broker: `REPLICAS=n make run` runs n of each.
SCALED_PROCESSES = ("relay", "consumer", "worker")


def concurrency(replicas: int) -> str:
    """honcho's `-c`: `customers-relay=2,customers-consumer=2,...` (the Makefile's REPLICAS does the same)."""
    return ",".join(f"{service.name}-{process}={replicas}" for service in SERVICES for process in service.processes
                    if process in SCALED_PROCESSES)


@contextlib.contextmanager
def running_suite(env: dict, replicas: int = 1):
    """`make run`'s steps: migrate every service, then honcho starts the Procfile (`replicas` of every relay,
    consumer and worker, as `REPLICAS=n make run`)."""
    for service in SERVICES:
        subprocess.run([sys.executable, "-m", "b2b_shared.entrypoints", "migrate", service.name], env=env, check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    process = subprocess.Popen([sys.executable, "-m", "honcho", "start", "-f", "Procfile", "-c", concurrency(replicas)],
                               env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    running = Suite(f"http://127.0.0.1:{env['GATEWAY_PORT']}", env, process)
    try:
        wait_until_ready(running.url("/health/ready"))
        for service in SERVICES:
            wait_until_ready(f"{env[service.env_prefix + '_URL']}/health/ready")
        yield running
    finally:
        if process.poll() is None:
            running.stop()


