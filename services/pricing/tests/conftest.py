"""Fixtures of the pricing tests: a migrated database of this session's own, the app on it,
and helpers that speak the API the way a client does."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.testing.fixtures import caller_fixtures, service_fixtures
from pricing.service import SERVICE

database_url, config, app = service_fixtures(SERVICE, db_pool_size=10)
keys, people, admin_headers, anonymous, client = caller_fixtures()


class Api:
    """Short helpers for the calls most tests make; each asserts the call succeeded."""

    def __init__(self, client):
        self.client = client

    def post(self, url: str, body, status: int = 201, **kwargs) -> dict:
        response = self.client.post(url, json=body, **kwargs)
        assert response.status_code == status, response.json
        return response.json

    def price_list(self, currencies=("EUR",), **fields) -> dict:
        return self.post("/api/v1/price-lists", {"name": "List", "currencies": list(currencies), **fields})

    def prices(self, list_id: str, *rows: tuple) -> dict:
        """rows of (sku, quantity, value[, unit[, currency]])"""
        body = [{"sku": r[0], "quantity": r[1], "value": r[2], "unit": r[3] if len(r) > 3 else "item",
                 "currency": r[4] if len(r) > 4 else "EUR"} for r in rows]
        return self.post(f"/api/v1/price-lists/{list_id}/prices", body, status=200)

    def assign(self, list_id: str, level: str, target_id=None, priority: int = 0, merge_allowed: bool = True) -> dict:
        return self.post("/api/v1/price-list-assignments", {
            "price_list_id": list_id, "level": level, "target_id": str(target_id) if target_id else None,
            "priority": priority, "merge_allowed": merge_allowed})

    def resolve(self, customer_id, *items: tuple, currency: str = "EUR") -> list[dict]:
        """items of (sku, quantity[, unit])"""
        body = {"customer_id": str(customer_id), "currency": currency,
                "items": [{"sku": i[0], "quantity": i[1], "unit": i[2] if len(i) > 2 else "item"} for i in items]}
        return self.post("/api/v1/prices/resolve", body, status=200)["items"]


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture
def sku(unique) -> str:
    """A sku of this test's own: default-level lists are shared by every test in the session."""
    return f"SKU-{unique}"


@pytest.fixture
def customer_id() -> uuid.UUID:
    return uuid.uuid4()


def _strategy_cases():
    """tests/strategy_cases.py, loaded by path (pytest imports test modules with importlib)."""
    import importlib.util
    import sys
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("pricing_strategy_cases", Path(__file__).with_name("strategy_cases.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


STRATEGY_CASES = _strategy_cases()


def pytest_generate_tests(metafunc):
    """Every test that asks for `strategy_case` runs once per case of strategy_cases.py."""
    if "strategy_case" in metafunc.fixturenames:
        metafunc.parametrize("strategy_case", STRATEGY_CASES.CASES, ids=lambda case: case.name)
