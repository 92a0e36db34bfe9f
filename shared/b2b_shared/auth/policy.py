"""The suite's one authorization policy: what scope a principal gets for a resource x action.

`None` means "not at all" (403). Customer users get their roles' levels and never anything
declared staff-only; staff get their staff roles' reach; services get what their token's scope
names, everywhere.
"""
from __future__ import annotations

from .levels import Level
from .principal import (
    ADMINISTRATOR,
    CUSTOMER_USER,
    SALES_REPRESENTATIVE,
    SERVICE,
    STAFF,
    SUPPORT,
    Principal,
)
from .scope import CUSTOMER, EVERYTHING, REPS, SUBTREE, USER, Scope

# What a sales representative may do to the customers it represents (and their records):
# read and edit, never delete a customer-owned record or manage staff.
SALES_REP_ACTIONS = ("VIEW", "CREATE", "EDIT", "ASSIGN")


def scope_for(principal: Principal, resource: str, action: str, staff_only: bool = False) -> Scope | None:
    if principal.kind == SERVICE:
        return EVERYTHING if f"{resource}:{action}" in principal.scopes else None
    if principal.kind == STAFF:
        return _staff_scope(principal, action)
    if principal.kind == CUSTOMER_USER and not staff_only:
        return _level_scope(principal, principal.level(resource, action))
    return None


def _staff_scope(principal: Principal, action: str) -> Scope | None:
    if ADMINISTRATOR in principal.staff_roles:
        return EVERYTHING
    if action == "VIEW" and SUPPORT in principal.staff_roles:
        return EVERYTHING
    if SALES_REPRESENTATIVE in principal.staff_roles and action in SALES_REP_ACTIONS:
        # Reaches the customers it represents; a global resource (GLOBAL owner) only to read it.
        return Scope(REPS, user_id=principal.user_id)
    return None


def _level_scope(principal: Principal, level: Level) -> Scope | None:
    if level == Level.CORPORATE:
        return Scope(SUBTREE, customer_id=principal.customer_id)
    if level == Level.DEPARTMENT:
        return Scope(CUSTOMER, customer_id=principal.customer_id)
    if level == Level.USER:
        return Scope(USER, customer_id=principal.customer_id, user_id=principal.user_id)
    return None
