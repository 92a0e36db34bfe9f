"""Queries over the customers database; the only module that knows the hierarchy is an
adjacency list walked with recursive CTEs."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, exists, func, literal, or_, select, text
from sqlalchemy.orm import Session, aliased

from b2b_shared.http.pagination import Sort, decode_cursor, encode_cursor, keyset_page

from ..domain.model import Customer, CustomerGroup

# Every write that can change the tree's shape takes this transaction-scoped lock, so that two
# concurrent moves cannot each pass the cycle check and together make a cycle. Moves are rare;
# serialising them costs nothing measurable (see bench/hierarchy.py).
HIERARCHY_LOCK_KEY = 0x0C057_0E5


@dataclass(frozen=True)
class CustomerFilters:
    q: str | None = None
    type: str | None = None
    group_id: uuid.UUID | None = None
    tag: str | None = None
    parent_id: uuid.UUID | None = None
    has_parent: bool | None = None
    status: str | None = None
    ids: tuple[uuid.UUID, ...] | None = None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filtered(stmt: Select, filters: CustomerFilters) -> Select:
    if filters.q:
        pattern = f"%{_escape_like(filters.q)}%"
        stmt = stmt.where(or_(Customer.name.ilike(pattern), Customer.email.ilike(pattern),
                              Customer.external_id.ilike(pattern)))
    for column, value in ((Customer.type, filters.type), (Customer.group_id, filters.group_id),
                          (Customer.parent_id, filters.parent_id), (Customer.status, filters.status)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.tag:
        stmt = stmt.where(Customer.tags.contains([filters.tag.strip().lower()]))
    if filters.has_parent is not None:
        stmt = stmt.where(Customer.parent_id.isnot(None) if filters.has_parent else Customer.parent_id.is_(None))
    if filters.ids is not None:
        stmt = stmt.where(Customer.id.in_(filters.ids))
    return stmt


class CustomerRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, customer_id: uuid.UUID, for_update: bool = False) -> Customer | None:
        return self.session.get(Customer, customer_id, with_for_update=for_update or None)

    def add(self, customer: Customer) -> None:
        self.session.add(customer)

    def delete(self, customer: Customer) -> None:
        self.session.delete(customer)

    def lock_hierarchy(self) -> None:
        self.session.execute(select(func.pg_advisory_xact_lock(HIERARCHY_LOCK_KEY)))

    def has_children(self, customer_id: uuid.UUID) -> bool:
        return self.session.scalar(select(exists().where(Customer.parent_id == customer_id)))

    def page(self, filters: CustomerFilters, sort: Sort, limit: int, cursor: str | None):
        return keyset_page(self.session, filtered(select(Customer), filters), sort, Customer.id, limit, cursor)

    def lineage(self, customer_id: uuid.UUID) -> list[uuid.UUID]:
        """The customer's ancestors and itself, root first."""
        return [c.id for c, _ in self.ancestors(customer_id, include_self=True)]

    def ancestors(self, customer_id: uuid.UUID, include_self: bool = False) -> list[tuple[Customer, int]]:
        """(ancestor, distance) pairs, root first; distance 1 is the parent."""
        up = select(Customer.id, Customer.parent_id, literal(0).label("distance")).where(Customer.id == customer_id)
        up = up.cte("up", recursive=True)
        up = up.union_all(
            select(Customer.id, Customer.parent_id, (up.c.distance + 1).label("distance"))
            .join(up, Customer.id == up.c.parent_id)
        )
        stmt = select(Customer, up.c.distance).join(up, Customer.id == up.c.id).order_by(up.c.distance.desc())
        if not include_self:
            stmt = stmt.where(up.c.distance > 0)
        return [(customer, distance) for customer, distance in self.session.execute(stmt)]

    def descendants_page(self, customer_id: uuid.UUID, limit: int, cursor: str | None):
        """The whole subtree below the customer with each one's depth (1 = child), ordered by
        depth then name; one keyset page of it."""
        down = select(Customer.id, literal(1).label("depth")).where(Customer.parent_id == customer_id)
        down = down.cte("down", recursive=True)
        down = down.union_all(
            select(Customer.id, (down.c.depth + 1).label("depth")).join(down, Customer.parent_id == down.c.id)
        )
        stmt = select(Customer, down.c.depth).join(down, Customer.id == down.c.id)
        key = (down.c.depth, Customer.name, Customer.id)
        if cursor:
            depth, name, last_id = decode_cursor(cursor, "descendants", 3)
            stmt = stmt.where(func.row(*key) > func.row(depth, name, uuid.UUID(last_id)))
        rows = self.session.execute(stmt.order_by(*key).limit(limit + 1)).all()
        items = [(customer, depth) for customer, depth in rows[:limit]]
        if len(rows) <= limit:
            return items, None
        last, depth = items[-1]
        return items, encode_cursor("descendants", [depth, last.name, str(last.id)])

    def subtree_size(self, customer_id: uuid.UUID) -> int:
        return self.session.scalar(text(
            "WITH RECURSIVE down(id) AS (SELECT id FROM customers WHERE parent_id = :id "
            "UNION ALL SELECT c.id FROM customers c JOIN down d ON c.parent_id = d.id) SELECT count(*) FROM down"
        ), {"id": customer_id})

    def export_query(self, filters: CustomerFilters) -> Select:
        parent = aliased(Customer)
        return filtered(
            select(Customer, parent.external_id.label("parent_external_id"), CustomerGroup.code.label("group_code"))
            .outerjoin(parent, Customer.parent_id == parent.id)
            .outerjoin(CustomerGroup, Customer.group_id == CustomerGroup.id),
            filters,
        ).order_by(Customer.name, Customer.id)

    def tag_counts(self, prefix: str | None, limit: int) -> list[tuple[str, int]]:
        tag = func.unnest(Customer.tags).label("tag")
        inner = select(tag).subquery()
        stmt = select(inner.c.tag, func.count()).group_by(inner.c.tag).order_by(func.count().desc(), inner.c.tag)
        if prefix:
            stmt = stmt.where(inner.c.tag.startswith(prefix.strip().lower(), autoescape=True))
        return [(name, count) for name, count in self.session.execute(stmt.limit(limit))]
