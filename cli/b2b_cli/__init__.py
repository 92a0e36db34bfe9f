"""b2b: the suite's command line. It speaks only the gateway's HTTP API (docs/architecture.md)."""
