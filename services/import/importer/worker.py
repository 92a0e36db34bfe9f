"""`b2b-service worker import`: stage queued jobs and send completion emails, until SIGTERM.

Several workers may run at once: each claims a job with SKIP LOCKED. Shortcut, named: an idle
worker polls every `poll_seconds` instead of listening for a NOTIFY; a job waits at most that long."""
from __future__ import annotations

import smtplib
import threading
from functools import partial

from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.logging import get_logger
from sqlalchemy.exc import OperationalError

from .adapters.mailer import Mailer
from .adapters.unit_of_work import ImportUnitOfWork
from .config import ImportConfig
from .messaging.published import SERIALIZERS
from .services.notify import notify_next
from .services.staging import stage_next

log = get_logger(__name__)


class ImportWorker:
    def __init__(self, config: ImportConfig):
        self._config = config
        self._uow = partial(ImportUnitOfWork, make_session_factory(make_engine(config.database_url, 2)), config,
                            SERIALIZERS)
        self._mailer = Mailer(config.smtp_url, config.mail_from)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            if not self.work_once():
                self.stopping.wait(self._config.poll_seconds)

    def work_once(self) -> bool:
        """One unit of work; False when there was nothing to do (or its dependency is down)."""
        try:
            staged = stage_next(self._uow(), self._config.batch_rows, self._config.max_rows)
        except OperationalError as error:
            log.warning("import_worker.database_unavailable", error=repr(error))
            return False
        return staged or self._notify()

    def _notify(self) -> bool:
        try:
            return notify_next(self._uow(), self._mailer, self._config.public_url)
        except (smtplib.SMTPException, OSError, OperationalError) as error:
            log.warning("import_worker.email_not_sent", error=repr(error))  # kept unsent: tried again later
            return False


def make_worker(config: ImportConfig) -> ImportWorker:
    return ImportWorker(config)
