"""Instructions the gateway executes per proxied GET of one customer (token verified, rate limit
counted in Redis, the answer relayed), counted by callgrind: the figure that holds still on a shared
machine, where req/s and CPU time swing with whatever else runs (bench/gateway_rps.py).

The customers service runs as `make run` starts it. The gateway runs under gunicorn with its own
settings, one gevent worker, inside valgrind's callgrind with nothing counted until the worker has
served a warm-up; then a signal to the worker switches counting on, a batch of requests goes
through (16 keep-alive connections), and another signal switches it off and writes the counts.
The signals' handlers (a gunicorn config that adds them to the gateway's settings) reach callgrind
through its client requests, from a two-line shim compiled here against valgrind's callgrind.h.

Needs valgrind and a C compiler (installed from Debian's packages when missing); takes minutes.
User-space instructions only: system calls and waiting are not in the figure.
"""
from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
from b2b_shared.db.engine import make_engine
from b2b_shared.http.resources import UOW_FACTORY
from b2b_shared.testing.identity import Identities, SigningKeys, administrator_access
from benchkit import ROOT, scratch_database
from customers.app import create_app
from customers.config import load_config
from customers.services.customers import create_customer
from gateway_rps import HEADERS, free_port, gunicorn, wait_ready

CONNECTIONS, WARM_UP, MEASURED = 16, 320, int(os.environ.get("BENCH_REQUESTS", 640))
SHIM = """#include <valgrind/callgrind.h>
void count_from_now(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void count_until_now(void) { CALLGRIND_DUMP_STATS_AT("measured"); CALLGRIND_STOP_INSTRUMENTATION; }
"""
SETTINGS = """import ctypes, os, signal
__file__ = os.environ["BENCH_GATEWAY_SETTINGS"]
exec(compile(open(__file__).read(), __file__, "exec"))

def post_worker_init(worker):
    shim = ctypes.CDLL(os.environ["BENCH_CALLGRIND_SHIM"])
    signal.signal(signal.SIGRTMIN + 1, lambda *_: shim.count_from_now())
    signal.signal(signal.SIGRTMIN + 2, lambda *_: shim.count_until_now())
"""


def ensure_tools() -> None:
    if not (shutil.which("valgrind") and shutil.which("cc") and Path("/usr/include/valgrind/callgrind.h").exists()):
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind gcc",
                       shell=True, check=True, stdout=subprocess.DEVNULL)


def get_many(url: str, count: int) -> tuple[int, int]:
    """`count` GETs of `url` (rounded down to a multiple of CONNECTIONS) over CONNECTIONS keep-alive
    connections: how many were made, and how many answered 200."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path, ok = "/" + url.split("//")[1].split("/", 1)[1], []

    def client():
        connection = http.client.HTTPConnection(host, int(port), timeout=300)
        for _ in range(count // CONNECTIONS):
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            ok.append(response.status == 200)
    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(ok), sum(ok)


def counted_gateway(folder: Path, port: int, env: dict) -> subprocess.Popen:
    (folder / "shim.c").write_text(SHIM)
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", folder / "shim.so", folder / "shim.c"], check=True)
    (folder / "settings.py").write_text(SETTINGS)
    env = {**env, "WEB_CONCURRENCY": "1", "BENCH_CALLGRIND_SHIM": str(folder / "shim.so"),
           "BENCH_GATEWAY_SETTINGS": str(ROOT / "deploy/gunicorn-gateway.conf.py")}
    return subprocess.Popen(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={folder}/cg.%p",
                             sys.executable, "-m", "gunicorn", "-c", str(folder / "settings.py"), "--timeout", "900",
                             "--bind", f"127.0.0.1:{port}", "gateway.entrypoints.web:app"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_slowly(url: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, headers=HEADERS, timeout=30).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(1)
    raise TimeoutError(url)


def counted_instructions(folder: Path, worker: int) -> int:
    for _ in range(120):
        for dump in folder.glob(f"cg.{worker}.*"):
            text = dump.read_text()
            if "measured" in text and "\ntotals:" in text:
                return int(text.split("\ntotals:")[1].split()[0])
        time.sleep(1)
    raise TimeoutError("callgrind wrote no counts")


def main() -> None:
    ensure_tools()
    with scratch_database("services/customers", "instructions") as url, tempfile.TemporaryDirectory() as folder:
        customer = create_customer(create_app(load_config().with_(database_url=url)).extensions[UOW_FACTORY](),
                                   administrator_access(), {"name": "Benchmark GmbH"})
        keys, engine = SigningKeys(), make_engine(url, 1)
        HEADERS.update(Identities(keys, engine).staff("administrator"))
        engine.dispose()
        service_port, gateway_port = free_port(), free_port()
        env = {**os.environ, "CUSTOMERS_DATABASE_URL": url, "CUSTOMERS_URL": f"http://127.0.0.1:{service_port}",
               "LOG_LEVEL": "WARNING", "JWKS_URL": keys.jwks_url, "RATELIMIT_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:6]}",
               "RATELIMIT_PER_IDENTITY": "10000000/minute", "RATELIMIT_PER_ADDRESS": "10000000/minute"}
        processes = [gunicorn("b2b_shared.entrypoints:web('customers')", service_port, env),
                     counted_gateway(Path(folder), gateway_port, env)]
        try:
            path = f"/api/v1/customers/{customer.id}"
            wait_ready(f"http://127.0.0.1:{service_port}{path}")
            wait_slowly(f"http://127.0.0.1:{gateway_port}{path}")
            get_many(f"http://127.0.0.1:{gateway_port}{path}", WARM_UP)
            worker = int(Path(f"/proc/{processes[1].pid}/task/{processes[1].pid}/children").read_text().split()[0])
            os.kill(worker, signal.SIGRTMIN + 1)
            time.sleep(2)  # the handler runs when the worker's event loop next wakes
            made, answered = get_many(f"http://127.0.0.1:{gateway_port}{path}", MEASURED)
            os.kill(worker, signal.SIGRTMIN + 2)
            instructions = counted_instructions(Path(folder), worker)
        finally:
            for process in processes:
                process.terminate()
                process.wait()
    print(f"gateway, one gevent worker under callgrind: {answered} of {made} proxied GETs answered 200, "
          f"{instructions / made / 1e6:.2f} M instructions per request")


if __name__ == "__main__":
    main()
