"""The reliability suite's checker: from the ids of the events that were committed and the ids of
the effects consumers applied, count per event id what was lost, applied more than once, or
applied without ever being committed. A fault has been survived when all three are empty."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    lost: frozenset[str]
    duplicated: dict[str, int]  # event id -> times applied (more than once)
    unexpected: frozenset[str]

    @property
    def counts(self) -> dict[str, int]:
        """What a failing assertion shows: `{"lost": 0, "duplicated": 0, "unexpected": 0}` when exact."""
        return {"lost": len(self.lost), "duplicated": len(self.duplicated), "unexpected": len(self.unexpected)}


EXACT = {"lost": 0, "duplicated": 0, "unexpected": 0}


def tally(committed: Iterable[str], applied: Iterable[str]) -> Tally:
    expected, times = set(committed), Counter(applied)
    return Tally(lost=frozenset(expected - set(times)),
                 duplicated={event_id: count for event_id, count in times.items() if count > 1},
                 unexpected=frozenset(set(times) - expected))
