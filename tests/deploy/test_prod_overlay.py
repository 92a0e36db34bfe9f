"""What the prod overlay promises a platform team, checked on what it renders: every web Deployment
scales on CPU and every consumer and worker on its backlog, every pod several of which run has a
disruption budget and spreads over nodes, every process reads the operators' credentials, every
/metrics is scraped, the alerts name metrics the suite exports, and nothing talks unless allowed.
The dev overlay stays one replica of everything, with no operator needed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from b2b_shared import suite
from b2b_shared.entrypoints import load_service
from b2b_shared.service import queues_of

ROOT = Path(__file__).resolve().parents[2]
SERVICES = suite.built()
WEB = ["gateway"] + [f"{s.name}-web" for s in SERVICES if "web" in s.processes]


@pytest.fixture(scope="module")
def of_kind(rendered):
    """`of_kind("prod", "Deployment")`: the overlay's objects of a kind, by name."""
    return lambda overlay, kind: {obj["metadata"]["name"]: obj for obj in rendered(overlay) if obj["kind"] == kind}


def pod(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]


def selects(selector: dict, labels: dict) -> bool:
    return selector.items() <= labels.items()


def test_every_web_deployment_scales_on_cpu_from_its_request(of_kind):
    autoscalers = {hpa["spec"]["scaleTargetRef"]["name"]: hpa for hpa in of_kind("prod", "HorizontalPodAutoscaler").values()}
    deployments = of_kind("prod", "Deployment")
    assert set(autoscalers) == set(WEB)
    for name, hpa in autoscalers.items():
        assert hpa["spec"]["minReplicas"] >= 2 and hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
        assert all(c["resources"]["requests"]["cpu"] for c in pod(deployments[name])["containers"])


def test_every_consumer_scales_on_the_depth_of_every_queue_it_reads_and_the_worker_on_queued_jobs(of_kind):
    scaled = {obj["spec"]["scaleTargetRef"]["name"]: obj for obj in of_kind("prod", "ScaledObject").values()}
    for service in SERVICES:
        if "consumer" in service.processes:
            triggers = scaled[f"{service.name}-consumer"]["spec"]["triggers"]
            queues = [t["metadata"]["queueName"] for t in triggers if t["type"] == "rabbitmq"]
            assert queues == [consumes.queue for consumes in queues_of(load_service(service.name))]
        if "worker" in service.processes:
            assert scaled[f"{service.name}-worker"]["spec"]["minReplicaCount"] >= 2


def test_what_an_autoscaler_owns_names_no_replica_count_and_relays_run_two(of_kind):
    for name, deployment in of_kind("prod", "Deployment").items():
        if name.endswith("-relay"):
            assert deployment["spec"]["replicas"] == 2
        else:
            assert "replicas" not in deployment["spec"], f"{name}: an apply would reset its autoscaler"


def test_every_deployment_of_several_pods_has_a_disruption_budget_and_spreads_over_nodes(of_kind):
    budgets = of_kind("prod", "PodDisruptionBudget").values()
    for name, deployment in of_kind("prod", "Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert [b for b in budgets if selects(b["spec"]["selector"]["matchLabels"], labels)], name
        keys = {c["topologyKey"] for c in pod(deployment)["topologySpreadConstraints"]}
        assert "kubernetes.io/hostname" in keys, name


def test_every_container_reads_the_credentials_the_operators_generate(of_kind):
    clusters = of_kind("prod", "Cluster")
    for service in SERVICES:
        cluster = clusters[f"{service.name}-postgres"]
        assert cluster["spec"]["instances"] == 3
        assert cluster["spec"]["bootstrap"]["initdb"] == {"database": service.database,
                                                          "owner": service.env_prefix.lower()}
        for process in service.processes:
            deployment = of_kind("prod", "Deployment")[f"{service.name}-{process}"]
            for container in pod(deployment)["initContainers"] + pod(deployment)["containers"]:
                env = {item["name"]: item for item in container["env"]}
                database = env[f"{service.env_prefix}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
                assert database == {"name": f"{service.name}-postgres-app", "key": "uri"}
                assert env["RABBITMQ_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "b2b-rabbitmq-default-user"
                assert "$(RABBITMQ_PASSWORD)" in env["AMQP_URL"]["value"]
    assert of_kind("prod", "RabbitmqCluster")["b2b-rabbitmq"]["spec"]["replicas"] == 3


def test_every_metrics_endpoint_has_a_service_monitor(of_kind):
    services = of_kind("prod", "Service").values()
    monitors = of_kind("prod", "ServiceMonitor").values()
    for name, deployment in of_kind("prod", "Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        ports = {p["name"] for c in pod(deployment)["containers"] for p in c.get("ports", [])}
        scraped = [m for m in monitors for s in services
                   if selects(s["spec"]["selector"], labels) and selects(m["spec"]["selector"]["matchLabels"],
                                                                         s["metadata"]["labels"])
                   and {e["port"] for e in m["spec"]["endpoints"]} & ports]
        assert scraped, f"{name}: /metrics is not scraped"


def exported_metrics() -> set[str]:
    """Every metric name the suite's code registers, with the series Prometheus derives from it."""
    pattern = re.compile(r"\b(Gauge|Counter|Histogram|GaugeMetricFamily|CounterMetricFamily)\(\s*\"([a-z_:]+)\"")
    names = set()
    for path in [*ROOT.glob("shared/b2b_shared/**/*.py"), *ROOT.glob("gateway/gateway/**/*.py")]:
        for kind, name in pattern.findall(path.read_text()):
            names |= {name, f"{name}_count", f"{name}_sum", f"{name}_bucket"} if kind == "Histogram" else {name}
    return names


def test_every_alert_reads_metrics_the_suite_exports(of_kind):
    [rules] = of_kind("prod", "PrometheusRule").values()
    alerts = [rule for group in rules["spec"]["groups"] for rule in group["rules"]]
    assert {rule["alert"] for rule in alerts} >= {"DeadLetterQueueNotEmpty", "OutboxBacklogGrowing",
                                                  "ConsumerLagging", "HighServerErrorRate"}
    functions = {"max", "sum", "by", "rate", "deriv", "and", "namespace", "job", "queue", "status"}
    for rule in alerts:
        used = set(re.findall(r"\b([a-z_]+)\b", re.sub(r'"[^"]*"|\[[^]]*\]', "", rule["expr"]))) - functions
        assert used <= exported_metrics(), f"{rule['alert']} reads {used - exported_metrics()}"


def test_every_pod_is_denied_by_default_and_the_gateway_alone_is_open_to_all(of_kind):
    policies = of_kind("prod", "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    open_to_all = [name for name, p in policies.items()
                   for rule in p["spec"].get("ingress", []) if {"namespaceSelector": {}} in rule.get("from", [])]
    assert open_to_all == ["gateway"]


@pytest.mark.parametrize("kind", ["Cluster", "RabbitmqCluster", "ScaledObject", "HorizontalPodAutoscaler",
                                  "NetworkPolicy"])
def test_the_dev_overlay_needs_no_operator_and_runs_one_of_everything(of_kind, kind):
    assert of_kind("dev", kind) == {}
    assert {d["spec"]["replicas"] for d in of_kind("dev", "Deployment").values()} == {1}
