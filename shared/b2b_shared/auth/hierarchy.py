"""A service's customer hierarchy, as authorization needs it: the owner of a record, and a
scope as SQL.

Every service keeps customers with a lineage array (root..self): customers in its own table,
the others in their read model. `Hierarchy` names that table and its columns once; the same
scope then decides an item (`owner_of`) and filters a list (`condition`), so a list never shows
a row its item route would refuse.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import ColumnElement, Connection, bindparam, column, false, text, true
from sqlalchemy.dialects.postgresql import UUID

from ..db.types import Array
from .scope import ALL, CUSTOMER, REPS, SUBTREE, USER, Owner, Scope

_UUID = UUID(as_uuid=True)


@dataclass(frozen=True)
class Hierarchy:
    table: str
    lineage: str = "lineage"  # uuid[]: ancestors and self, root first
    status: str = "status"  # 'active' lets a customer's users act
    sales_rep_ids: str | None = None  # uuid[] of staff users; None: no sales-rep scope here
    id: str = "id"

    @cached_property
    def _lineage_sql(self):
        return self._owner_sql("NULL")

    @cached_property
    def _lineage_and_reps_sql(self):
        if not self.sales_rep_ids:
            return self._lineage_sql
        return self._owner_sql(f"ARRAY(SELECT DISTINCT unnest(a.{self.sales_rep_ids}) FROM {self.table} a "
                               f"WHERE a.{self.id} = ANY(h.{self.lineage}))")

    def _owner_sql(self, reps: str):
        # Its columns declared, so that SQLAlchemy keeps the result's description with the compiled
        # statement rather than making it anew from every result (users_roles/adapters/authz_queries.py).
        return text(f"SELECT h.{self.lineage}, {reps} FROM {self.table} h WHERE h.{self.id} = :customer") \
            .bindparams(bindparam("customer", type_=_UUID)) \
            .columns(column("lineage", Array(_UUID)), column("representatives", Array(_UUID)))

    def owner_of(self, connection: Connection, customer_id: uuid.UUID | None,
                 user_id: uuid.UUID | None = None, with_reps: bool = True) -> Owner | None:
        """The owner as this service knows it; None when the customer is unknown here. The sales
        representatives along the lineage are read only when asked (`with_reps`)."""
        if customer_id is None:
            return Owner(None, user_id)
        statement = self._lineage_and_reps_sql if with_reps else self._lineage_sql
        row = connection.execute(statement, {"customer": customer_id}).first()
        if row is None:
            return None
        return Owner(customer_id, user_id, tuple(row[0] or (customer_id,)), frozenset(row[1] or ()))

    def condition(self, scope: Scope, customer_column, user_column=None) -> ColumnElement[bool]:
        """`customer_column` (and `user_column` for USER) restricted to what `scope` reaches."""
        if scope.kind == ALL:
            return true()
        if scope.kind == CUSTOMER:
            return customer_column == scope.customer_id
        if scope.kind == USER:
            return user_column == scope.user_id if user_column is not None else false()
        if scope.kind == SUBTREE:
            return customer_column.in_(self._ids_where(f"{self.lineage} @> ARRAY[:root]", root=scope.customer_id))
        if scope.kind == REPS and self.sales_rep_ids:
            return customer_column.in_(self._ids_where(
                f"{self.lineage} && ARRAY(SELECT {self.id} FROM {self.table} WHERE {self.sales_rep_ids} @> ARRAY[:rep])",
                rep=scope.user_id))
        return false()

    def _ids_where(self, where: str, **params):
        names = {name: bindparam(name, value, type_=_UUID, unique=True) for name, value in params.items()}
        return text(f"SELECT {self.id} FROM {self.table} WHERE {where}").bindparams(*names.values()) \
            .columns(**{self.id: _UUID})
