"""asyncapi.yaml lists every event this service publishes and every one it consumes."""
from __future__ import annotations

from pathlib import Path

import yaml
from importer.messaging.handlers import HANDLERS
from importer.messaging.published import EVENT_TYPES

ASYNCAPI = Path(__file__).resolve().parents[2] / "asyncapi.yaml"


def test_every_published_and_consumed_event_has_a_channel():
    document = yaml.safe_load(ASYNCAPI.read_text())
    assert set(EVENT_TYPES) | set(HANDLERS) == set(document["channels"])


def test_published_events_are_subscribed_to_and_consumed_ones_published_to():
    channels = yaml.safe_load(ASYNCAPI.read_text())["channels"]
    assert all("subscribe" in channels[event_type] for event_type in EVENT_TYPES)
    assert all("publish" in channels[event_type] for event_type in HANDLERS)
