"""In-memory fakes for fast use-case tests (cosmicpython, chapter 6): a unit of work over
repositories of dicts, and callers' rights without a database.

A service's tests/unit/conftest.py subclasses them, adding only its own repositories and queries:

    class FakeGroups(FakeRepository):
        model = CustomerGroup

        def page(self, q, sort, limit, cursor):
            return self._page([g for g in self.rows.values() if not q or q in g.name], sort, limit)

    class FakeUnitOfWork(fakes.FakeUnitOfWork):
        def __init__(self):
            super().__init__()
            self.groups = FakeGroups()

The unit of work keeps what the use cases committed (`rows`, `events`, `commits`); what they did
not commit is taken back when the `with` block ends: its recorded events dropped, its adds and
deletes undone.
"""
from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, replace
from typing import Any

from ..auth.levels import Level
from ..auth.principal import CUSTOMER_USER, STAFF, Principal
from ..errors import Forbidden, NotFound

_clock = itertools.count()
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def saved(entity, *empty_lists: str):
    """What the database fills in on insert: version 1, the timestamps (a second apart from one
    entity to the next, so orders by time are stable) and the `empty_lists` named."""
    now = _EPOCH + dt.timedelta(seconds=next(_clock))
    defaults = [("version", 1), ("created_at", now), ("updated_at", now), *((name, []) for name in empty_lists)]
    for name, value in defaults:
        if hasattr(type(entity), name) and getattr(entity, name) is None:
            setattr(entity, name, value)
    return entity


class FakeRepository:
    """Entities by id. `model`: the class `FakeUnitOfWork.given` files here (and its subclasses)."""

    model: type | None = None
    empty_lists: tuple[str, ...] = ()  # list columns the database defaults to []

    def __init__(self, model: type | None = None):
        if model is not None:
            self.model = model
        self.rows: dict[uuid.UUID, Any] = {}
        self.seen: list = []  # every entity added or deleted: the unit of work collects their events
        self.undo: list = []  # how to take back what was not committed

    def get(self, entity_id: uuid.UUID, for_update: bool = False):
        return self.rows.get(entity_id)

    def add(self, entity) -> None:
        self.rows[entity.id] = saved(entity, *self.empty_lists)
        self.seen.append(entity)
        self.undo.append(lambda: self.rows.pop(entity.id))

    def delete(self, entity) -> None:
        del self.rows[entity.id]
        self.seen.append(entity)
        self.undo.append(lambda: self.rows.__setitem__(entity.id, entity))

    def roll_back(self) -> None:
        while self.undo:
            self.undo.pop()()

    def _page(self, rows, sort, limit: int):
        rows = sorted(rows, key=lambda row: (getattr(row, sort.field), str(row.id)), reverse=sort.descending)
        return rows[:limit], None  # Shortcut: one page only; paging is the integration tests' business


class FakeUnitOfWork:
    """The repositories are the FakeRepository attributes a subclass sets; `events` are the
    RecordedEvents of every commit, in the order recorded."""

    def __init__(self):
        self.commits = 0
        self.events: list = []

    def __enter__(self):
        return self

    def without_transaction(self):
        return self  # fakes have no transactions to leave out

    def __exit__(self, *exc_info) -> None:
        self._pending()  # what was not committed is rolled back: its events are dropped, its rows undone
        for repo in self.repositories():
            repo.roll_back()

    def flush(self) -> None:
        pass

    def commit(self) -> None:
        self.events += self._pending()
        self.commits += 1
        for repo in self.repositories():
            repo.undo.clear()

    def repositories(self) -> list[FakeRepository]:
        return [repo for repo in vars(self).values() if isinstance(repo, FakeRepository)]

    def _pending(self) -> list:
        entities = {id(e): e for repo in self.repositories() for e in [*repo.rows.values(), *repo.seen]
                    if hasattr(e, "pop_events")}  # read models record nothing
        return sorted((event for e in entities.values() for event in e.pop_events()), key=lambda event: event.order)

    def given(self, *entities):
        """Entities already in the database, recorded events and all forgotten."""
        for entity in entities:
            repo = next(repo for repo in self.repositories() if repo.model and isinstance(entity, repo.model))
            repo.rows[entity.id] = saved(entity, *repo.empty_lists)
            entity.pop_events()
        return entities[0] if len(entities) == 1 else entities

    @property
    def event_types(self) -> list[str]:
        return [event.type for event in self.events]


def staff(*staff_roles: str, user_id: uuid.UUID | None = None) -> Principal:
    """A back-office user holding `staff_roles` (b2b_shared.auth.principal.STAFF_ROLES)."""
    return Principal(STAFF, str(user_id or uuid.uuid4()), staff_roles=frozenset(staff_roles))


def customer_user(customer_id: uuid.UUID | None, levels: dict | None = None,
                  user_id: uuid.UUID | None = None) -> Principal:
    """A customer's user whose roles grant `levels` ((resource, action) -> Level)."""
    return Principal(CUSTOMER_USER, str(user_id or uuid.uuid4()), customer_id=customer_id, permissions=levels or {})


@dataclass(frozen=True)
class FakeAccess:
    """An Access (b2b_shared.http.access) whose reach is a set of customer ids, or everything
    (None), and whose rights to other resources (`to`) are the principal's levels."""

    principal: Principal
    reach: frozenset[uuid.UUID] | None = None
    resource: str = "customer"
    action: str = "VIEW"

    @property
    def unrestricted(self) -> bool:
        return self.reach is None

    def reaches(self, customer_id: uuid.UUID | None, user_id: uuid.UUID | None = None) -> bool:
        return self.unrestricted or customer_id in self.reach

    def check(self, customer_id, user_id=None, otherwise: Exception | None = None) -> None:
        if not self.reaches(customer_id, user_id):
            raise otherwise or NotFound(f"No such {self.resource.replace('_', ' ')}.")

    def to(self, resource: str, action: str) -> "FakeAccess":
        if not self.unrestricted and self.principal.level(resource, action) == Level.NONE:
            raise Forbidden(f"No right to {action} {resource}.")
        return replace(self, resource=resource, action=action)


def reaching(principal: Principal, *customer_ids: uuid.UUID, **rights) -> FakeAccess:
    """The principal's access to the customers named only (`rights`: resource=, action=)."""
    return FakeAccess(principal, frozenset(customer_ids), **rights)
