"""gunicorn settings shared by every web process; `PORT` and `WEB_CONCURRENCY` come from the environment."""
import os
import shutil
import tempfile

from gunicorn.glogging import Logger

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = None  # the app logs one JSON line per request, with its request id and caller
errorlog = "-"
# gunicorn's own lines (workers booting, timeouts) as JSON too, like every other line. The handler is
# the one configure_logging installs (b2b_shared.logging.stdout_handler), which replaces it when a
# worker builds the app instead of adding a second one: every standard-library line once.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stdout": {"()": "b2b_shared.logging.stdout_handler"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {"gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False}},
}



class AccessLogOnlyWhenAsked(Logger):
    """gunicorn builds an access line's fields for every request whenever a logging configuration is
    given (logconfig_dict above), even with accesslog off; about 2 % of a gateway request's CPU
    (bench/gateway_rps.py). The access log is on only when `accesslog` asks for it."""

    def _compute_access_log_enabled(self):
        return bool(self.cfg.accesslog)


logger_class = AccessLogOnlyWhenAsked

# Every worker writes its metrics here; /metrics merges them (prometheus_client multiprocess mode).
# Before anything imports prometheus_client: it chooses between in-memory and per-process-file
# values when it is first imported, and the workers forked from this master inherit that choice.
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="prometheus-")


def on_exit(server):
    if _own_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
