"""Export pages of customers and customer groups (messaging/export_pages.py), asked the way the import
service asks them: through the consumer of the customers work queue, answered in its outbox."""
from __future__ import annotations

import pytest
from b2b_shared.db.engine import make_engine
from b2b_shared.entrypoints import build_consumer
from b2b_shared.testing.batches import page_asker, pages_of
from b2b_shared.testing.identity import user_id_of
from customers.domain.csv_format import COLUMNS, GROUP_COLUMNS
from customers.service import SERVICE


@pytest.fixture(scope="module")
def engine(database_url):
    engine = make_engine(database_url, 2)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def ask(config, engine, admin_headers):
    return page_asker(build_consumer(SERVICE, config, consumes=SERVICE.commands), engine, user_id_of(admin_headers))


def test_customer_pages_follow_each_other_by_id_whatever_the_names_order(ask, client, unique):
    """Names sort otherwise than ids: a page boundary taken by id on a list sorted by name would skip rows."""
    made = {client.post("/api/v1/customers", json={"name": f"{letter} {unique}"}).json["id"]
            for letter in "zyxwvu"}
    rows = pages_of(ask, "customers", {"q": unique}, limit=2)
    ids = [cells[COLUMNS.index("id")] for cells in rows]
    assert len(ids) == len(made) and set(ids) == made


def test_group_pages_are_the_templates_columns_of_the_groups_the_lists_q_or_ids_select(ask, client, unique):
    groups = [client.post("/api/v1/customer-groups", json={"code": f"{unique}-{n}", "name": f"=Group {n}"}).json
              for n in range(3)]
    rows = pages_of(ask, "customer_groups", {"q": unique}, limit=2)
    assert sorted(rows) == [[f"{unique}-{n}", f"'=Group {n}"] for n in range(3)]  # neutralised
    [picked] = pages_of(ask, "customer_groups", {"ids": [groups[1]["id"]]})
    assert dict(zip(GROUP_COLUMNS, picked)) == {"code": f"{unique}-1", "name": "'=Group 1"}


def test_a_group_export_by_someone_who_may_not_view_every_group_is_refused(ask, people):
    representative = user_id_of(people.staff("sales_representative"))
    answer = ask("customer_groups", {}, actor_id=representative)
    assert answer["rows"] == [] and "customer_group" in answer["refused"]
