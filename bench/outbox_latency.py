"""Commit-to-publish latency of the outbox relay (target: median under 100 ms).

Commits a customer through the real use case, then times until its event arrives on a queue
bound to the exchange, with the relay running as its own process (as `make run` starts it).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import pika
from b2b_shared.http.resources import UOW_FACTORY
from b2b_shared.testing.identity import administrator_access
from benchkit import AMQP_URL, ROOT, report, scratch_database
from customers.app import create_app
from customers.config import load_config
from customers.services.customers import create_customer

RUNS = 200


def main() -> None:
    exchange = f"bench.events.{uuid.uuid4().hex[:6]}"
    with scratch_database("services/customers", "outbox") as url:
        env = {**os.environ, "CUSTOMERS_DATABASE_URL": url, "EVENTS_EXCHANGE": exchange, "AMQP_URL": AMQP_URL}
        relay = subprocess.Popen([sys.executable, "-m", "b2b_shared.entrypoints", "relay", "customers"], env=env, cwd=ROOT,
                                 stdout=subprocess.DEVNULL)
        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        channel = connection.channel()
        channel.exchange_declare(exchange, "topic", durable=True)
        queue = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(queue, exchange, "customer.created")
        uow_factory = create_app(load_config().with_(database_url=url)).extensions[UOW_FACTORY]
        try:
            samples = [one_round_trip(uow_factory, connection, channel, queue) for _ in range(RUNS)]
            report("commit -> event on the queue", samples[10:], 100)
        finally:
            relay.terminate()
            relay.wait()
            channel.exchange_delete(exchange)
            connection.close()


def one_round_trip(uow_factory, connection, channel, queue) -> float:
    customer = create_customer(uow_factory(), administrator_access(), {"name": "latency"})
    committed = time.perf_counter()
    while True:
        method, _, body = channel.basic_get(queue, auto_ack=True)
        if method and json.loads(body)["subject"] == str(customer.id):
            return (time.perf_counter() - committed) * 1000
        if not method:
            connection.sleep(0.0005)


if __name__ == "__main__":
    main()
