"""gunicorn settings of the gateway: everything of deploy/gunicorn.conf.py (bind, workers, timeouts,
the Prometheus multiprocess directory and its clean-up), with gevent workers instead of threads.

Why gevent: the gateway holds a connection for as long as a client takes to send its request and an
upstream takes to answer, while doing almost no work itself. With gthread, every such connection
occupies one of WEB_CONCURRENCY x WEB_THREADS threads (8 by default), so 8 clients that send their
headers one line per second (slowloris), or 8 slow uploads, stall everyone else. A gevent worker
serves each connection from a greenlet (a few KB), up to WORKER_CONNECTIONS at once, and waits on
sockets cooperatively: slow clients cost memory, not the other clients' latency
(gateway/tests/test_slow_clients.py shows it). gevent monkey-patches the standard library when the
worker starts, before the app is imported, so urllib3 (upstreams), redis (rate limits) and the JWKS
fetch all yield instead of blocking. The services keep gthread: their time goes to PostgreSQL and
CPU, where greenlets buy nothing.
"""
import os
from pathlib import Path

# The shared settings, run in this file's namespace so that their hooks (on_exit, child_exit) and
# values are ours; then the differences.
_shared = Path(__file__).with_name("gunicorn.conf.py")
exec(compile(_shared.read_text(), str(_shared), "exec"))  # noqa: S102 - our own config file

worker_class = "gevent"
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "1000"))
