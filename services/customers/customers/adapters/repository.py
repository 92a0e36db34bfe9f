"""The repositories: the only way the use cases reach the customers database. The only module
that knows the hierarchy is kept as a lineage array (each customer's ids from the root down), and
the only one that knows which column each sort key names."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from b2b_shared.db.paging import Sort, decode_cursor, encode_cursor, keyset_page, keyset_window, page_of
from b2b_shared.db.reads import Read
from b2b_shared.errors import ValidationFailed
from sqlalchemy import Select, bindparam, exists, func, or_, select, true, tuple_, update
from sqlalchemy.orm import Session, aliased, undefer

from ..domain.model import NAME_COLLATION, Address, Customer, CustomerGroup, Note
from .staff import has_account

# Every write that can change the tree's shape takes this transaction-scoped lock, so that two
# concurrent moves cannot each pass the cycle check and together make a cycle. Moves are rare;
# serialising them costs little next to what they already do (rewrite a subtree's lineage).
HIERARCHY_LOCK_KEY = 0x0C057_0E5


# Reads select and filter the table's columns, not the entity's attributes: rows, without the ORM's
# loading (identity map, instance state) and without its compile step, which an ORM attribute
# anywhere in a statement brings in (issue 12: a third of a page's statement). Writes load entities (get()).
CUSTOMERS = Customer.__table__.c

# The sort keys the API offers (by name), and the columns they name.
# Names in the ICU collation (domain/model.py); external ids with their nulls as '', first: a keyset
# needs a value on every row (ix_customers_external_id_sort).
CUSTOMER_SORTS = {"name": CUSTOMERS.name.collate(NAME_COLLATION), "created_at": CUSTOMERS.created_at,
                  "updated_at": CUSTOMERS.updated_at, "external_id": func.coalesce(CUSTOMERS.external_id, "")}
GROUP_SORTS = {"name": CustomerGroup.name, "created_at": CustomerGroup.created_at}
NOTES_NEWEST_FIRST = Sort("created_at", Note.created_at, descending=True)

# The columns a customer's representation shows (not the derived lineage and search text).
RESOURCE_COLUMNS = [column for column in Customer.__table__.c if column.name not in ("lineage", "search_text")]
# Built once: composing a statement (and computing its cache key) costs more than running it.
SHOWN = select(*RESOURCE_COLUMNS)
_READ_ONE = Read(SHOWN.where(CUSTOMERS.id == bindparam("customer_id")))  # the hottest read: on the driver


@dataclass(frozen=True)
class CustomerFilters:
    q: str | None = None
    type: str | None = None
    group_id: uuid.UUID | None = None
    tag: tuple[str, ...] | None = None  # `tag=a&tag=b`: customers carrying all of them, or any (tag_match)
    tag_match: str = "all"
    parent_id: uuid.UUID | None = None
    has_parent: bool | None = None
    status: str | None = None
    ids: tuple[uuid.UUID, ...] | None = None
    has_account: bool | None = None  # has at least one customer user (principal read model)
    sales_rep_id: uuid.UUID | None = None
    within: object | None = None  # the caller's Access (b2b_shared.http.access): only what it reaches


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        raise ValidationFailed({"cursor": ["Not a cursor this API issued."]}) from None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filtered(stmt: Select, filters: CustomerFilters) -> Select:
    if filters.q:
        stmt = stmt.where(CUSTOMERS.search_text.like(f"%{_escape_like(filters.q.lower())}%"))
    for column, value in ((CUSTOMERS.type, filters.type), (CUSTOMERS.group_id, filters.group_id),
                          (CUSTOMERS.parent_id, filters.parent_id), (CUSTOMERS.status, filters.status)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.tag:
        tags = [tag.strip().lower() for tag in filters.tag]
        matching = CUSTOMERS.tags.overlap(tags) if filters.tag_match == "any" else CUSTOMERS.tags.contains(tags)
        stmt = stmt.where(matching)
    if filters.has_account is not None:
        stmt = stmt.where(has_account(CUSTOMERS.id) if filters.has_account else ~has_account(CUSTOMERS.id))
    if filters.sales_rep_id is not None:
        stmt = stmt.where(CUSTOMERS.sales_rep_ids.contains([filters.sales_rep_id]))
    if filters.has_parent is not None:
        stmt = stmt.where(CUSTOMERS.parent_id.isnot(None) if filters.has_parent else CUSTOMERS.parent_id.is_(None))
    if filters.ids is not None:
        stmt = stmt.where(CUSTOMERS.id.in_(filters.ids))
    if filters.within is not None:
        stmt = stmt.where(filters.within.condition(CUSTOMERS.id))
    return stmt


def _null_key_as_empty(cursor: str | None, sort: Sort) -> str | None:
    """A page that ended on a customer without an external id issued a cursor holding null: the sort
    reads nulls as '' (CUSTOMER_SORTS), so the cursor must too."""
    if not cursor or sort.field != "external_id":
        return cursor
    value, row_id = decode_cursor(cursor, sort.text, 2)
    return encode_cursor(sort.text, ["" if value is None else value, row_id])


def _reached_by(access) -> object:
    return true() if access is None else access.condition(CUSTOMERS.id)


class CustomerRepository:
    def __init__(self, session: Session):
        self.session = session
        self._by_external_id: dict[str, Customer | None] = {}  # what preload() found (and did not)
        self._hierarchy_locked = False

    def get(self, customer_id: uuid.UUID, for_update: bool = False) -> Customer | None:
        """The customer to change (or to check exists)."""
        return self.session.get(Customer, customer_id, with_for_update=for_update or None)

    def read(self, customer_id: uuid.UUID):
        """The customer as it is shown: a row of its resource columns, not an entity (CUSTOMERS, above)."""
        return _READ_ONE.first(self.session, {"customer_id": customer_id})

    def add(self, customer: Customer) -> None:
        self.session.add(customer)
        self.remember(customer)

    def remember(self, customer: Customer) -> None:
        """After a customer was created or given another external id: later look-ups find it."""
        if customer.external_id and customer.external_id in self._by_external_id:
            self._by_external_id[customer.external_id] = customer

    def delete(self, customer: Customer) -> None:
        self.session.delete(customer)

    def by_external_id(self, external_id: str, for_update: bool = False) -> Customer | None:
        """The import's key: external ids are unique (customers_external_id_key)."""
        if external_id in self._by_external_id:
            known = self._by_external_id[external_id]
            if known is None or known.external_id == external_id:  # not renamed since it was remembered
                return known
        stmt = select(Customer).where(Customer.external_id == external_id)
        return self.session.scalars(stmt.with_for_update() if for_update else stmt).first()

    def preload(self, ids: set[uuid.UUID], external_ids: set[str]) -> None:
        """Load (and lock) in one query the customers an import batch names, so that get() and
        by_external_id() find them without a query per row; an external id not found is remembered too."""
        self._hierarchy_locked = False  # a new attempt: a rolled-back savepoint released the lock it held
        if not ids and not external_ids:
            return
        # With their lineage: a row naming one as its parent reads it (services/customers.py), and a deferred
        # column loaded row by row would cost a query, and an autoflush of the batch so far, per row.
        stmt = (select(Customer).options(undefer(Customer.lineage))
                .where(Customer.id.in_(ids) | Customer.external_id.in_(external_ids)).with_for_update())
        found = {customer.external_id: customer for customer in self.session.scalars(stmt)}
        self._by_external_id.update({key: found.get(key) for key in external_ids})

    def external_ids(self, customer_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        """id -> external id, for the export's parent_external_id column."""
        rows = self.session.execute(select(Customer.id, Customer.external_id).where(Customer.id.in_(customer_ids)))
        return dict(rows.tuples())

    def lock_hierarchy(self) -> None:
        if not self._hierarchy_locked:  # held until the transaction ends: once is enough
            self.session.execute(select(func.pg_advisory_xact_lock(HIERARCHY_LOCK_KEY)))
            self._hierarchy_locked = True

    def has_children(self, customer_id: uuid.UUID) -> bool:
        return self.session.scalar(select(exists().where(Customer.parent_id == customer_id)))

    def page(self, filters: CustomerFilters, sort: Sort, limit: int, cursor: str | None):
        """One page of the customers shown, as rows (CUSTOMERS, above)."""
        sort = sort.on(CUSTOMER_SORTS[sort.field])
        cursor = _null_key_as_empty(cursor, sort)
        if not filters.q:
            window = keyset_window(filtered(SHOWN, filters), sort, CUSTOMERS.id, limit, cursor)
            return page_of(self.session.execute(window).all(), sort, limit)
        # With a search term, collect the matches' ids and sort keys through the trigram indexes,
        # page those, and only then read the page's rows. Left to itself the planner walks the sort
        # index hoping to meet 50 matches early, which for a rare term reads every row
        # (bench/customers_list.py: 236 ms before, see the closing note for after).
        matches = (filtered(select(CUSTOMERS.id, sort.column.label("key")), filters)
                   .cte("matches").prefix_with("MATERIALIZED"))
        by_key = Sort(sort.field, matches.c.key, sort.descending)
        window = keyset_window(select(matches.c.id, matches.c.key), by_key, matches.c.id, limit, cursor).subquery()
        order = window.c.key.desc() if sort.descending else window.c.key
        stmt = SHOWN.join(window, CUSTOMERS.id == window.c.id).order_by(
            order, window.c.id.desc() if sort.descending else window.c.id)
        return page_of(self.session.execute(stmt).all(), sort, limit)

    def ancestors(self, customer_id: uuid.UUID, within=None) -> list | None:
        """The customer's ancestors (relatives: rows with a `depth`) that `within` (an Access)
        reaches, root first, depth = distance (1 = the parent); None if there is no such customer.
        One query for all but roots."""
        own = select(CUSTOMERS.lineage).where(CUSTOMERS.id == customer_id).subquery()
        distance = (func.cardinality(own.c.lineage) - func.array_position(own.c.lineage, CUSTOMERS.id)).label("depth")
        rows = self.session.execute(
            select(*RESOURCE_COLUMNS, distance)
            .join(own, CUSTOMERS.id == func.any(own.c.lineage))
            .where(CUSTOMERS.id != customer_id, _reached_by(within))
            .order_by(distance.desc())
        ).all()
        if rows or self.read(customer_id) is not None:
            return rows
        return None

    def reroot_subtree(self, customer_id: uuid.UUID, old_depth: int, new_lineage: list[uuid.UUID]) -> None:
        """After a move, give every descendant the moved customer's new lineage as its prefix."""
        self.session.execute(
            update(Customer)
            .where(Customer.lineage.contains([customer_id]), Customer.id != customer_id)
            .values(lineage=func.array_cat(new_lineage, Customer.lineage[old_depth + 1:func.cardinality(Customer.lineage)]))
            .execution_options(synchronize_session=False)
        )

    def descendants_page(self, customer_id: uuid.UUID, limit: int, cursor: str | None, within=None):
        """The whole subtree below the customer that `within` reaches, as relatives (rows with a
        depth, 1 = child), by depth then name; one keyset page of it. Rows, not entities: a 500-row page
        loads in half the time without the identity map (bench/customers_hierarchy.py)."""
        base = func.cardinality(select(CUSTOMERS.lineage).where(CUSTOMERS.id == customer_id).scalar_subquery())
        depth = (func.cardinality(CUSTOMERS.lineage) - base).label("depth")
        stmt = select(*RESOURCE_COLUMNS, depth).where(CUSTOMERS.lineage.contains([customer_id]),
                                                      CUSTOMERS.id != customer_id, _reached_by(within))
        key = (depth, CUSTOMERS.name, CUSTOMERS.id)
        if cursor:
            last_depth, name, last_id = decode_cursor(cursor, "descendants", 3)
            stmt = stmt.where(tuple_(*key) > tuple_(last_depth, name, _uuid(last_id)))
        rows = self.session.execute(stmt.order_by(*key).limit(limit + 1)).all()
        items = rows[:limit]
        if len(rows) <= limit:
            return items, None
        last = items[-1]
        return items, encode_cursor("descendants", [last.depth, last.name, str(last.id)])

    def export_rows(self, filters: CustomerFilters, batch: int) -> Iterator:
        """Plain rows, not entities, fetched `batch` at a time through a server-side cursor: a
        million of them must neither pass through the identity map nor sit in memory at once."""
        return iter(self.session.execute(self._export_query(filters).execution_options(yield_per=batch)))

    def export_page(self, filters: CustomerFilters, after: str | None, limit: int):
        """Rows after the customer id `after`, in id order, and the next page's cursor."""
        stmt = self._export_query(filters).order_by(None)  # the keyset is the id alone, not the name
        if after:
            stmt = stmt.where(Customer.id > _uuid(after))
        rows = self.session.execute(stmt.order_by(Customer.id).limit(limit + 1)).all()
        return rows[:limit], (str(rows[limit - 1].id) if len(rows) > limit else None)

    def _export_query(self, filters: CustomerFilters) -> Select:
        parent = aliased(Customer)
        columns = [Customer.id, Customer.external_id, Customer.name, Customer.type, Customer.status, Customer.parent_id,
                   Customer.email,
                   Customer.phone, Customer.tax_code, Customer.vat_id, Customer.tags, Customer.sales_rep_ids,
                   parent.external_id.label("parent_external_id"), CustomerGroup.code.label("group_code")]
        return filtered(
            select(*columns)
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


class GroupRepository:
    def __init__(self, session: Session):
        self.session = session
        self._by_code: dict[str, CustomerGroup | None] = {}

    def get(self, group_id: uuid.UUID, for_update: bool = False) -> CustomerGroup | None:
        return self.session.get(CustomerGroup, group_id, with_for_update=for_update or None)

    def add(self, group: CustomerGroup) -> None:
        self.session.add(group)

    def delete(self, group: CustomerGroup) -> None:
        self.session.delete(group)

    def by_code(self, code: str) -> CustomerGroup | None:
        if code in self._by_code:
            return self._by_code[code]
        return self.session.scalars(select(CustomerGroup).where(CustomerGroup.code == code)).first()

    def preload(self, codes: set[str]) -> None:
        """Load in one query the groups an import batch names by code."""
        if codes:
            found = {group.code: group for group in self.session.scalars(
                select(CustomerGroup).where(CustomerGroup.code.in_(codes)))}
            self._by_code.update({code: found.get(code) for code in codes})

    def export_page(self, q: str | None, ids: tuple[uuid.UUID, ...] | None, after: str | None, limit: int):
        """The groups the list's `q` (or `ids`) selects after the id `after`, in id order, and the
        next page's cursor."""
        stmt = self._listed(q)
        if ids is not None:
            stmt = stmt.where(CustomerGroup.id.in_(ids))
        if after:
            stmt = stmt.where(CustomerGroup.id > _uuid(after))
        rows = self.session.scalars(stmt.order_by(CustomerGroup.id).limit(limit + 1)).all()
        return rows[:limit], (str(rows[limit - 1].id) if len(rows) > limit else None)

    def has_members(self, group_id: uuid.UUID) -> bool:
        return self.session.scalar(select(exists().where(Customer.group_id == group_id)))

    def page(self, q: str | None, sort: Sort, limit: int, cursor: str | None):
        return keyset_page(self.session, self._listed(q), sort.on(GROUP_SORTS[sort.field]), CustomerGroup.id, limit,
                           cursor)

    @staticmethod
    def _listed(q: str | None) -> Select:
        stmt = select(CustomerGroup)
        if q:
            pattern = f"%{q}%"
            stmt = stmt.where(or_(CustomerGroup.name.ilike(pattern), CustomerGroup.code.ilike(pattern)))
        return stmt


class AddressRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, address_id: uuid.UUID) -> Address | None:
        return self.session.get(Address, address_id)

    def add(self, address: Address) -> None:
        self.session.add(address)

    def delete(self, address: Address) -> None:
        self.session.delete(address)

    def export_page(self, filters: CustomerFilters, after: str | None, limit: int):
        """Addresses of the filtered customers in id order, each with its customer's external id."""
        stmt = filtered(select(Address, Customer.external_id.label("customer_external_id"))
                        .join(Customer, Customer.id == Address.customer_id), filters)
        if after:
            stmt = stmt.where(Address.id > _uuid(after))
        rows = self.session.execute(stmt.order_by(Address.id).limit(limit + 1)).all()
        return rows[:limit], (str(rows[limit - 1][0].id) if len(rows) > limit else None)

    def book(self, customer_id: uuid.UUID) -> list[Address]:
        """The customer's addresses, oldest first."""
        stmt = select(Address).where(Address.customer_id == customer_id).order_by(Address.created_at)
        return list(self.session.scalars(stmt))


class NoteRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, note_id: uuid.UUID) -> Note | None:
        return self.session.get(Note, note_id)

    def add(self, note: Note) -> None:
        self.session.add(note)

    def delete(self, note: Note) -> None:
        self.session.delete(note)

    def page(self, customer_id: uuid.UUID, limit: int, cursor: str | None):
        """One page of the customer's notes, newest first."""
        stmt = select(Note).where(Note.customer_id == customer_id)
        return keyset_page(self.session, stmt, NOTES_NEWEST_FIRST, Note.id, limit, cursor)
