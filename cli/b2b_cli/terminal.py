"""Where output goes: results on stdout (so that they can be piped), progress and messages on stderr.
Consoles are made per call: rich decides colours when one is made, and a test swaps the streams."""
from __future__ import annotations

from rich.console import Console


def results() -> Console:
    return Console(highlight=False)


def messages() -> Console:
    return Console(stderr=True, highlight=False)
