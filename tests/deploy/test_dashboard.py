"""The Grafana dashboard (deploy/grafana/b2b-suite.json) parses and asks only for metrics the suite
really exports, so that no panel stays empty because a name drifted."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "b2b-suite.json"
SUFFIXES = ("_bucket", "_count", "_sum", "_total")
LABELS = {"job", "le", "queue", "outcome", "service", "route", "status"}


def exported_metric_names() -> set[str]:
    """Every name given to a prometheus_client metric or gauge family in the code."""
    names = set()
    for path in [*ROOT.glob("shared/b2b_shared/**/*.py"), *ROOT.glob("gateway/gateway/**/*.py")]:
        names |= set(re.findall(r'(?:Counter|Histogram|Gauge|GaugeMetricFamily)\(\s*"([a-z_]+)"', path.read_text()))
    return names


def queried_metric_names() -> set[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    expressions = [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]
    # A metric is a name followed by its selector, its range or the end of an aggregation: sum(name).
    words = {word for expression in expressions for word in re.findall(r"\b([a-z_]+)(?:\{|\[|\))", expression)}
    return {_base(word) for word in words if "_" in word and word not in LABELS}


def _base(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def test_every_panel_queries_a_metric_the_suite_exports():
    exported = {_base(name) for name in exported_metric_names()}
    assert queried_metric_names() - exported == set()
    assert len(queried_metric_names()) >= 10
