"""Run a worker's loops until SIGTERM or SIGINT, then let each finish its current unit of work."""
from __future__ import annotations

import signal
import threading
from typing import Protocol

from .logging import get_logger

log = get_logger(__name__)


class Loop(Protocol):
    stopping: threading.Event

    def run(self) -> None: ...


def run_until_signalled(*loops: Loop) -> None:
    def stop(signum, _frame) -> None:
        log.info("process.stopping", signal=signal.Signals(signum).name)
        for loop in loops:
            loop.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threads = [threading.Thread(target=loop.run, name=type(loop).__name__) for loop in loops]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(timeout=0.5)
