"""POST /api/v1/auth/token latency (argon2id at m=19 MiB, t=2, p=1); target median < 150 ms.

  POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/users_roles_token.py
"""
from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b2b_shared.db.engine import make_engine, make_session_factory  # noqa: E402
from b2b_shared.messaging.envelope import CloudEvent  # noqa: E402
from users_roles.app import create_app  # noqa: E402
from users_roles.messaging.handlers import customer_changed  # noqa: E402
from users_roles.service import SERVICE  # noqa: E402
from users_roles_common import administrator_client, report, scratch_config  # noqa: E402

ROUNDS = 60
PASSWORD = "bench password 123"


def main() -> None:
    with scratch_config() as config:
        customer_id = str(uuid.uuid4())
        event = CloudEvent(id=str(uuid.uuid4()), type="customer.created", source="bench", subject=customer_id,
                           data={"id": customer_id, "parent_id": None, "status": "active", "version": 1})
        with make_session_factory(make_engine(config.database_url, 1))() as session, session.begin():
            customer_changed(SERVICE.consumes.unit_of_work(config, session), event)
        client = administrator_client(create_app(config))
        email = f"{uuid.uuid4().hex[:8]}@example.com"
        assert client.post("/api/v1/customer-users", json={"customer_id": customer_id, "email": email,
                           "password": PASSWORD, "first_name": "B", "last_name": "U"}).status_code == 201
        timings = {"sign-in (right password)": [], "sign-in (unknown email)": [], "refresh": []}
        for _ in range(ROUNDS):
            started = time.perf_counter()
            tokens = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
            timings["sign-in (right password)"].append(time.perf_counter() - started)
            assert tokens.status_code == 200
            started = time.perf_counter()
            client.post("/api/v1/auth/token", json={"email": f"x{uuid.uuid4().hex}@example.com", "password": PASSWORD})
            timings["sign-in (unknown email)"].append(time.perf_counter() - started)
            started = time.perf_counter()
            assert client.post("/api/v1/auth/refresh", json={"refresh_token": tokens.json["refresh_token"]}
                               ).status_code == 200
            timings["refresh"].append(time.perf_counter() - started)
        for name, seconds in timings.items():
            report(name, seconds[5:])


if __name__ == "__main__":
    main()
