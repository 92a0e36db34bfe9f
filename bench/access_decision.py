"""The authorization decision inside a service, as b2b_shared runs it on every request, with
100,000 customers in the hierarchy (target: p99 under 2 ms):

- authenticate: verify the RS256 token and load the principal (one query), uncached and cached;
- decide: find the record's owner in the hierarchy (lineage and sales representatives, one
  query) and check the caller's scope against it.

  POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/access_decision.py
"""
from __future__ import annotations

import io
import random
import sys
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import ARRAY, Column, MetaData, String, Table
from sqlalchemy.dialects.postgresql import UUID

sys.path.insert(0, str(Path(__file__).parent))
from b2b_shared.auth.hierarchy import Hierarchy  # noqa: E402
from b2b_shared.auth.jwt import verifier_from_config  # noqa: E402
from b2b_shared.auth.policy import scope_for  # noqa: E402
from b2b_shared.auth.principal_tables import add_principal_tables  # noqa: E402
from b2b_shared.auth.principals import Authenticator, read_model_rows  # noqa: E402
from b2b_shared.config import TokenConfig  # noqa: E402
from b2b_shared.db.engine import make_engine  # noqa: E402
from b2b_shared.db.migrate import drop_database, ensure_database  # noqa: E402
from b2b_shared.testing.identity import Identities, SigningKeys  # noqa: E402
from benchkit import POSTGRES_URL, report, timings_ms  # noqa: E402

CUSTOMERS, TREES, RUNS = 100_000, 2_000, 3_000
HIERARCHY = Hierarchy("companies", sales_rep_ids="sales_rep_ids")
VIEW = [{"resource": "customer", "action": "VIEW", "access_level": "CORPORATE"}]


def schema() -> MetaData:
    metadata = MetaData()
    Table("companies", metadata, Column("id", UUID(as_uuid=True), primary_key=True),
          Column("lineage", ARRAY(UUID(as_uuid=True)), nullable=False), Column("status", String(20)),
          Column("sales_rep_ids", ARRAY(UUID(as_uuid=True)), nullable=False))
    add_principal_tables(metadata)
    return metadata


def forest() -> list[list[uuid.UUID]]:
    """TREES trees, each customer under a random recent one: lineages of up to a dozen levels."""
    lineages = []
    for _ in range(TREES):
        tree: list[list[uuid.UUID]] = []
        for _ in range(CUSTOMERS // TREES):
            parent = random.choice(tree[-8:]) if tree else []
            tree.append([*parent, uuid.uuid4()])
        lineages.extend(tree)
    return lineages


def load(url: str, lineages: list[list[uuid.UUID]]) -> None:
    rows = io.StringIO("".join(f"{lineage[-1]}\t{{{','.join(map(str, lineage))}}}\tactive\t{{}}\n"
                               for lineage in lineages))
    with psycopg.connect(url) as connection, connection.cursor().copy(
            "COPY companies (id, lineage, status, sales_rep_ids) FROM STDIN") as copy:
        copy.write(rows.getvalue())
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE INDEX ON companies USING gin (lineage)")
        connection.execute("ANALYZE")


def main() -> None:
    url = f"{POSTGRES_URL}/bench_access_{uuid.uuid4().hex[:6]}"
    ensure_database(url)
    engine = make_engine(url, 2)
    try:
        schema().create_all(engine)
        lineages = forest()
        load(url, lineages)
        keys = SigningKeys()
        people = Identities(keys, engine)
        users = [people.customer_user(random.choice(lineages)[-1], VIEW) for _ in range(200)]
        measure(engine, keys, users, lineages)
    finally:
        engine.dispose()
        drop_database(url)


def measure(engine, keys, users, lineages) -> None:
    verifier = verifier_from_config(TokenConfig(jwks_url=keys.jwks_url))
    uncached = Authenticator(verifier, read_model_rows(engine, HIERARCHY), row_seconds=0)
    cached = Authenticator(verifier, read_model_rows(engine, HIERARCHY))
    pick = lambda: random.choice(users)["Authorization"]  # noqa: E731
    print(f"{CUSTOMERS:,} customers in {TREES:,} trees; {len(users)} customer users")
    report("authenticate (verify token + load principal), uncached", timings_ms(
        lambda: uncached.authenticate(pick()), RUNS), 2, judged="p99")
    report("authenticate, principal cached", timings_ms(lambda: cached.authenticate(pick()), RUNS), 2, judged="p99")
    principal = uncached.authenticate(users[0]["Authorization"])
    scope = scope_for(principal, "customer", "VIEW")

    def decide():
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            owner = HIERARCHY.owner_of(connection, random.choice(lineages)[-1], with_reps=False)
        return scope.reaches(owner)
    report("decide CORPORATE (owner's lineage from the hierarchy, scope check)", timings_ms(decide, RUNS), 2,
           judged="p99")


if __name__ == "__main__":
    main()
