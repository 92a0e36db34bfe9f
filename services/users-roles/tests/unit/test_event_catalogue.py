"""asyncapi.yaml lists every event this service publishes and every one it consumes."""
from __future__ import annotations

from pathlib import Path

import yaml
from users_roles.messaging.handlers import HANDLERS
from users_roles.messaging.published import EVENT_TYPES
from users_roles.service import SERVICE

CONSUMED = {**HANDLERS, **SERVICE.commands.handlers}  # its events and its work queue's commands

ASYNCAPI = Path(__file__).resolve().parents[2] / "asyncapi.yaml"


def test_every_published_and_consumed_event_has_a_channel():
    document = yaml.safe_load(ASYNCAPI.read_text())
    assert document["asyncapi"] == "2.6.0"
    assert set(EVENT_TYPES) | set(CONSUMED) == set(document["channels"])


def test_every_published_event_is_a_message_consumers_subscribe_to():
    channels = yaml.safe_load(ASYNCAPI.read_text())["channels"]
    assert all(channels[event_type]["subscribe"]["message"] for event_type in EVENT_TYPES)
    assert not any("subscribe" in channels[event_type] for event_type in CONSUMED)
