"""GET of one customer through the gateway vs. the customers service directly, both with token
verification on (target: the gateway keeps at least 0.59 of the direct requests per second, the
figure before authentication; aim 0.75).

Both run under gunicorn as `make run` starts them (the gateway with gevent workers, its rate
limits counted in the local Redis). The caller is an administrator whose token both verify. The load comes
from wrk when it is installed (`apt-get install wrk`), else from a small Python client; either
way both sides get the same load, and the ratio is the figure that matters.

Beside them, in the same interleaved rounds, the bare proxy (bench/bare_proxy.py: Flask relaying
through urllib3 under the gateway's gevent settings, and nothing else): the ceiling of that ratio for
any gateway on this stack and this machine.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid

import requests
from b2b_shared.db.engine import make_engine
from b2b_shared.http.resources import UOW_FACTORY
from b2b_shared.testing.identity import Identities, SigningKeys, administrator_access
from benchkit import ROOT, scratch_database
from customers.app import create_app
from customers.config import load_config
from customers.services.customers import create_customer

SECONDS, CONNECTIONS, ROUNDS = int(os.environ.get("BENCH_SECONDS", 6)), 16, int(os.environ.get("BENCH_ROUNDS", 5))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(app: str, port: int, env: dict, settings: str = "deploy/gunicorn.conf.py") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", settings, "--bind",
                             f"127.0.0.1:{port}", app], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


HEADERS: dict[str, str] = {}


class CpuMeter:
    """CPU time (user + system, from /proc) of a gunicorn master's workers since `start`."""

    def __init__(self, master_pid: int):
        self._master = master_pid
        self._started = 0.0

    def start(self) -> None:
        self._started = self._seconds()

    def ms_per_request(self, requests: float) -> float:
        return (self._seconds() - self._started) * 1000 / max(requests, 1)

    def _seconds(self) -> float:
        total = 0
        with open(f"/proc/{self._master}/task/{self._master}/children") as children:
            for pid in children.read().split():
                try:
                    with open(f"/proc/{pid}/stat") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                    total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
                except FileNotFoundError:  # a worker restarted meanwhile
                    continue
        return total / os.sysconf("SC_CLK_TCK")


def wait_ready(url: str) -> None:
    for _ in range(100):
        try:
            if requests.get(url, headers=HEADERS, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise TimeoutError(url)


def rps_with_wrk(url: str, seconds: int = SECONDS) -> float:
    headers = [argument for name, value in HEADERS.items() for argument in ("-H", f"{name}: {value}")]
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", *headers, url], capture_output=True,
                         text=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def rps_with_python(url: str, seconds: int = SECONDS) -> float:
    host, port, path = re.match(r"http://([^:]+):(\d+)(.*)", url).groups()
    count, deadline = [0], time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection(host, int(port))
        while time.monotonic() < deadline:
            connection.request("GET", path, headers=HEADERS)
            connection.getresponse().read()
            count[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count[0] / seconds


def main() -> None:
    measure = rps_with_wrk if shutil.which("wrk") else rps_with_python
    load_before = os.getloadavg()[0]  # req/s swing with what else runs: said with the figures
    with scratch_database("services/customers", "gateway") as url:
        customer = create_customer(create_app(load_config().with_(database_url=url)).extensions[UOW_FACTORY](),
                                   administrator_access(), {"name": "Benchmark GmbH"})
        keys = SigningKeys()
        engine = make_engine(url, 1)
        HEADERS.update(Identities(keys, engine).staff("administrator"))
        engine.dispose()
        service_port, gateway_port, bare_port = free_port(), free_port(), free_port()
        env = {**os.environ, "CUSTOMERS_DATABASE_URL": url, "CUSTOMERS_URL": f"http://127.0.0.1:{service_port}",
               "LOG_LEVEL": "WARNING", "JWKS_URL": keys.jwks_url, "RATELIMIT_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:6]}",
               "RATELIMIT_PER_IDENTITY": "10000000/minute", "RATELIMIT_PER_ADDRESS": "10000000/minute"}
        processes = [gunicorn("b2b_shared.entrypoints:web('customers')", service_port, env),
                     gunicorn("gateway.entrypoints.web:app", gateway_port, env, "deploy/gunicorn-gateway.conf.py"),
                     gunicorn("bare_proxy:app", bare_port, {**env, "BARE_UPSTREAM": f"http://127.0.0.1:{service_port}",
                                                           "PYTHONPATH": os.path.dirname(os.path.abspath(__file__))},
                              "deploy/gunicorn-gateway.conf.py")]
        try:
            path = f"/api/v1/customers/{customer.id}"
            wait_ready(f"http://127.0.0.1:{service_port}{path}")
            wait_ready(f"http://127.0.0.1:{gateway_port}{path}")
            wait_ready(f"http://127.0.0.1:{bare_port}{path}")
            direct_url, gateway_url = f"http://127.0.0.1:{service_port}{path}", f"http://127.0.0.1:{gateway_port}{path}"
            bare_url = f"http://127.0.0.1:{bare_port}{path}"
            measure(gateway_url, 3)  # warm all: workers' first requests compile queries and fill pools
            measure(bare_url, 3)
            service, gateway, bare = CpuMeter(processes[0].pid), CpuMeter(processes[1].pid), CpuMeter(processes[2].pid)
            # Interleaved rounds, so that a burst of other load on the machine hits both sides alike.
            rounds, cpu = [], []
            for _ in range(ROUNDS):
                service.start()
                direct_rps = measure(direct_url)
                direct_cpu = service.ms_per_request(direct_rps * SECONDS)
                service.start(), gateway.start()
                gateway_rps = measure(gateway_url)
                service_cpu_behind = service.ms_per_request(gateway_rps * SECONDS)
                gateway_cpu = gateway.ms_per_request(gateway_rps * SECONDS)
                service.start(), bare.start()
                bare_rps = measure(bare_url)
                rounds.append((direct_rps, gateway_rps, bare_rps))
                cpu.append((direct_cpu, service_cpu_behind, gateway_cpu, bare.ms_per_request(bare_rps * SECONDS)))
            direct, through, ceiling = (statistics.median(round_[i] for round_ in rounds) for i in range(3))
        finally:
            for process in processes:
                process.terminate()
                process.wait()
    print(f"load: {measure.__name__.removeprefix('rps_with_')}, {CONNECTIONS} connections, {ROUNDS} rounds of {SECONDS} s, "
          f"WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', '2')} workers x 4 threads; the machine's load average "
          f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} cores)")
    print(f"GET /customers/{{id}} directly: median {direct:.0f} req/s; through the gateway: {through:.0f} req/s; "
          f"ratio {through / direct:.2f} (target >= 0.59, aim 0.75) {'OK' if through / direct >= 0.59 else 'MISSED'}")
    # Each round opens new keep-alive connections, and which gunicorn worker accepts them decides
    # whether one process or both serve the round: hence the spread.
    print(f"the bare proxy (the ceiling of any gateway on this stack here): {ceiling:.0f} req/s; ratio "
          f"{ceiling / direct:.2f}; the gateway reaches {through / ceiling:.2f} of it")
    print("rounds (direct, gateway, bare proxy):", ", ".join(f"({d:.0f}, {g:.0f}, {b:.0f})" for d, g, b in rounds))
    # What the spread hides: the CPU each side spends on one request (its workers' user + system time
    # over the requests served), which decides the ratio once the machine's cores are busy.
    direct_cpu, service_cpu, gateway_cpu, bare_cpu = (statistics.median(round_[i] for round_ in cpu) for i in range(4))
    print(f"CPU per request (medians): directly, the service {direct_cpu:.2f} ms; through the gateway, the service "
          f"{service_cpu:.2f} ms + the gateway {gateway_cpu:.2f} ms; the ratio once the cores are what limits both, "
          f"{direct_cpu / (service_cpu + gateway_cpu):.2f}; the bare proxy {bare_cpu:.2f} ms")


if __name__ == "__main__":
    main()
