"""For every service of the registry: its asyncapi.yaml lists every event it publishes (as channels
consumers subscribe to) and every event and command it consumes (as channels it is published to),
and nothing else; every AMQP binding it names is on b2b.events. One check for all, instead of a copy
per service."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from b2b_shared import suite
from b2b_shared.entrypoints import load_service
from b2b_shared.service import queues_of

ROOT = Path(__file__).resolve().parents[2]
SERVICES = [service for service in suite.built()]


def catalogue(entry) -> tuple[set[str], set[str], dict]:
    published = set(importlib.import_module(f"{entry.package}.messaging.published").EVENT_TYPES)
    consumed = {event for consumes in queues_of(load_service(entry.name)) for event in consumes.handlers}
    document = yaml.safe_load((ROOT / entry.folder / "asyncapi.yaml").read_text())
    assert document["asyncapi"] == "2.6.0"
    return published, consumed, document["channels"]


@pytest.mark.parametrize("entry", SERVICES, ids=lambda entry: entry.name)
def test_every_published_and_consumed_event_has_a_channel_and_nothing_else_has(entry):
    published, consumed, channels = catalogue(entry)
    assert published | consumed == set(channels)


@pytest.mark.parametrize("entry", SERVICES, ids=lambda entry: entry.name)
def test_published_events_are_subscribed_to_and_consumed_ones_are_published_to(entry):
    published, consumed, channels = catalogue(entry)
    assert all("subscribe" in channels[event] for event in published)
    # An event a service publishes and reads back itself (customers' own events, for its timeline) has both.
    assert all("publish" in channels[event] and ("subscribe" not in channels[event] or event in published)
               for event in consumed)


@pytest.mark.parametrize("entry", SERVICES, ids=lambda entry: entry.name)
def test_every_binding_named_is_on_the_events_exchange(entry):
    _, _, channels = catalogue(entry)
    exchanges = {channel["bindings"]["amqp"]["exchange"]["name"] for channel in channels.values()
                 if "bindings" in channel}
    assert exchanges <= {"b2b.events"}
