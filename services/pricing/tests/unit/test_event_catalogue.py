"""asyncapi.yaml lists every event this service publishes and every one it consumes."""
from __future__ import annotations

from pathlib import Path

import yaml
from pricing.messaging.handlers import HANDLERS
from pricing.messaging.published import EVENT_TYPES
from pricing.service import SERVICE

CONSUMED = {**HANDLERS, **SERVICE.commands.handlers}  # its events and its work queue's commands

ASYNCAPI = Path(__file__).resolve().parents[2] / "asyncapi.yaml"


def test_every_published_and_consumed_event_has_a_channel_on_b2b_events():
    document = yaml.safe_load(ASYNCAPI.read_text())
    assert document["asyncapi"] == "2.6.0"
    channels = document["channels"]
    assert set(EVENT_TYPES) | set(CONSUMED) == set(channels)
    assert {c["bindings"]["amqp"]["exchange"]["name"] for c in channels.values()} == {"b2b.events"}


def test_published_events_are_subscribed_to_and_consumed_ones_published():
    channels = yaml.safe_load(ASYNCAPI.read_text())["channels"]
    assert all("subscribe" in channels[event_type] for event_type in EVENT_TYPES)
    assert not any("subscribe" in channels[event_type] for event_type in CONSUMED)
    assert all("publish" in channels[event_type] for event_type in CONSUMED)
