"""Unit of work: one database transaction, committed or rolled back as one, that writes the
events its models recorded into the outbox in that same transaction (transactional outbox)."""
from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event, exc, func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..config import ServiceConfig
from ..context import current_request_id
from ..errors import Conflict, PreconditionFailed
from ..messaging.envelope import new_envelope
from ..tracing import current_traceparent
from .events import EmittedSubject, RecordedEvent
from .idempotency_keys import mark_effect_committed
from .outbox_writes import insert_envelopes
from .reads import DRIVER, DriverConnection
from .tables import outbox_table

# Renders an aggregate as event data: messaging/published.py of each service supplies these.
Serializers = dict[type, Callable[[Any], dict]]

# session factory -> its engine's connections in autocommit (the same pool): made once, not per
# request; keyed by the factory, which the autocommit engine does not refer to, so an app's entry goes with it.
_AUTOCOMMIT: weakref.WeakKeyDictionary[sessionmaker, Engine] = weakref.WeakKeyDictionary()


def _autocommit(factory: sessionmaker) -> Engine:
    options = _AUTOCOMMIT.get(factory)
    if options is None:
        options = _AUTOCOMMIT[factory] = factory.kw["bind"].execution_options(isolation_level="AUTOCOMMIT")
    return options


class UnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        config: ServiceConfig,
        serializers: Serializers,
        unique_violations: dict[str, tuple[str, str]] | None = None,
        joined_session: Session | None = None,
    ):
        self._session_factory = session_factory
        # A consumer's handler works inside the consumer's transaction, so that its effect, its
        # outbox rows and the inbox row commit together: it joins that session and leaves the
        # commit to the consumer.
        self._joined_session = joined_session
        self._config = config
        self._serializers = serializers
        # constraint name -> (field, message): a unique index turns into a field error, not a 500.
        self._unique_violations = unique_violations or {}
        self._emitted: list[RecordedEvent] = []
        self._deferred = False
        self._reads_only = False
        self._held: list = []  # objects whose events a deferred commit will write (deferred_commits)

    def without_transaction(self) -> "UnitOfWork":
        """For a use case that only reads: `with uow.without_transaction():`, and each statement
        commits on its own. Under READ COMMITTED each statement takes its own snapshot anyway, so a
        transaction would add nothing but two round trips (BEGIN, ROLLBACK), and its ROLLBACK would
        make psycopg forget the statements it prepared (issue 12). The HTTP layer asks
        this for every safe method (http/resources.py). Not for a server-side cursor (`yield_per`),
        which lives only inside a transaction; inside a consumer's transaction (joined), nothing changes."""
        self._reads_only = True
        return self

    def __enter__(self) -> "UnitOfWork":
        if self._joined_session is not None:
            self.session = self._joined_session
        elif self._reads_only:
            # Connects at its first statement, in autocommit; a Read (db/reads.py) goes straight to the driver.
            self.session = self._session_factory(bind=_autocommit(self._session_factory))
            self.session.info[DRIVER] = DriverConnection(self._session_factory.kw["bind"])
        else:
            self.session = self._session_factory()
        return self

    def emit(self, metadata, event_type: str, subject: str, data: dict) -> None:
        """An event that no aggregate records (a command to another service, a job's outcome),
        written to the outbox of `metadata` at the next commit, like the ones models record."""
        self._emitted.append(RecordedEvent(event_type, EmittedSubject(subject, metadata), snapshot=data))

    def discard_events(self) -> None:
        """Forget what was recorded since the last commit: its changes were rolled back (a savepoint)."""
        self._pending_events()

    def __exit__(self, *exc_info) -> None:
        if self._joined_session is None:
            # close() rolls back whatever was not committed and detaches the objects without
            # expiring them, so a use case can return what it read for the route to serialise.
            self.session.close()
            if (driver := self.session.info.get(DRIVER)) is not None:
                driver.release()
            self._emitted = []

    @contextlib.contextmanager
    def deferred_commits(self, keep_events: bool = True):
        """Inside: commit() does nothing; on a clean exit, one commit does all their work (one flush,
        one outbox write). For a joined unit of work applying many rows or events in one transaction.
        keep_events=False: the work is to be rolled back (an import's validate and dry run), so its
        events are dropped instead of being serialised into an outbox that will not keep them.

        Meanwhile every object that recorded events is held here: once a flush along the way (a later
        row's query) has made it clean, the session holds it only weakly, and a deleted one not at
        all, so its events could be gone before the one commit writes them."""
        self._deferred = True
        event.listen(self.session, "before_flush", self._hold_recorders)
        try:
            yield self
        finally:
            self._deferred = False
            event.remove(self.session, "before_flush", self._hold_recorders)
        if not keep_events:
            self.discard_events()
        self.commit()

    def _hold_recorders(self, session, *_) -> None:
        self._held.extend(o for o in (*session.new, *session.dirty, *session.deleted) if hasattr(o, "pop_events"))

    def write_events(self) -> None:
        """Flush, and write what was recorded so far into the outbox, in this transaction, without
        committing: a long use case keeps its memory flat."""
        pending = self._pending_events()
        self.flush()
        if pending:
            self._write_outbox(pending)

    def commit(self) -> None:
        if self._deferred:
            return
        if self._reads_only and self._joined_session is None:
            # Each statement has committed already, one by one: a change and its outbox rows would not be atomic.
            raise RuntimeError("This unit of work reads only (without_transaction): it has nothing to commit.")
        self.write_events()
        if self._joined_session is None:
            mark_effect_committed(self.session)  # Idempotency-Key: this write and its key's mark commit together
            self.session.commit()
        else:
            self.session.flush()

    def flush(self) -> None:
        try:
            self.session.flush()
        except StaleDataError as error:
            raise PreconditionFailed("The resource was changed by someone else; fetch it again.") from error
        except exc.IntegrityError as error:
            raise self._conflict_for(error) from error

    def _conflict_for(self, error: exc.IntegrityError) -> Exception:
        constraint = getattr(getattr(error.orig, "diag", None), "constraint_name", None)
        if constraint in self._unique_violations:
            field, message = self._unique_violations[constraint]
            return Conflict(message, {field: [message]})
        return error

    def rollback(self) -> None:
        self.session.rollback()

    def _pending_events(self) -> list[RecordedEvent]:
        objects = {id(o): o for o in [*self.session.identity_map.values(), *self.session.new, *self.session.deleted,
                                      *self._held]}
        self._held = []
        events = [e for o in objects.values() if hasattr(o, "pop_events") for e in o.pop_events()]
        events += self._emitted
        self._emitted = []
        return sorted(events, key=lambda e: e.order)

    def _write_outbox(self, events: list[RecordedEvent]) -> None:
        outbox = outbox_table(_metadata_of(events[0].aggregate))
        insert_envelopes(self.session, outbox, [self._envelope(event) for event in events])
        # NOTIFY is delivered only if and when this transaction commits: it wakes the relay.
        self.session.execute(select(func.pg_notify(self._config.outbox_channel, "")))

    def _envelope(self, event: RecordedEvent) -> dict:
        aggregate = event.aggregate
        data = event.snapshot if event.snapshot is not None else self._serializers[type(aggregate)](aggregate)
        if event.payload:
            data = {**data, **event.payload}
        envelope = new_envelope(event.type, self._config.event_source, str(aggregate.id), data, current_request_id())
        if traceparent := current_traceparent():  # the request's trace goes on with the event (tracing.py)
            envelope["traceparent"] = traceparent
        return envelope


def _metadata_of(aggregate: Any):
    return aggregate.metadata  # an ORM model's class attribute, or an EmittedSubject's own


def joined_to_consumer(unit_of_work: type[UnitOfWork], serializers: Serializers,
                       unique_violations: dict[str, tuple[str, str]] | None = None):
    """What `Consumes(unit_of_work=...)` takes: (config, session) -> the service's unit of work over
    the consumer's transaction (its repositories and outbox; the consumer commits it with the inbox row)."""
    def joined(config: ServiceConfig, session: Session) -> UnitOfWork:
        return unit_of_work(None, config, serializers, unique_violations, joined_session=session)
    return joined
