"""Every overlay renders with kustomize, and every object it renders is valid, offline:

- Kubernetes' own kinds against the API schemas kubernetes-validate bundles (strict: an unknown
  field fails), for the oldest and the newest Kubernetes version we support;
- KEDA, cert-manager, Prometheus Operator and Gateway API resources against their CRD schemas as the
  @kubernetes-models packages of deploy/validate carry them (node; `make install` installs them);
- CloudNativePG and RabbitMQ Cluster Operator resources against the schemas vendored in
  deploy/schemas (reduced to what the manifests set, closed to anything else).

deploy/schemas/README.md names every schema's source and version.
"""
from __future__ import annotations

import json
import subprocess
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
SCHEMAS = ROOT / "deploy" / "schemas"
NODE_VALIDATOR = ROOT / "deploy" / "validate"
OVERLAYS = sorted(path.name for path in (K8S / "overlays").iterdir() if (path / "kustomization.yaml").is_file())
# The oldest Kubernetes the manifests need (topologySpreadConstraints' matchLabelKeys is on by default
# from 1.27; we say 1.30, the oldest still maintained by the big providers) and the newest bundled.
KUBERNETES_VERSIONS = ("1.30", kubernetes_validate.latest_version())
NODE_GROUPS = {"keda.sh", "cert-manager.io", "monitoring.coreos.com", "gateway.networking.k8s.io"}
VENDORED = {
    ("postgresql.cnpg.io/v1", "Cluster"): "postgresql.cnpg.io/cluster_v1.json",
    ("rabbitmq.com/v1beta1", "RabbitmqCluster"): "rabbitmq.com/rabbitmqcluster_v1beta1.json",
}


def group(obj: dict) -> str:
    return obj["apiVersion"].split("/")[0] if "/" in obj["apiVersion"] else ""


def is_core(obj: dict) -> bool:
    return group(obj) not in NODE_GROUPS and (obj["apiVersion"], obj["kind"]) not in VENDORED


def name(obj: dict) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


# --- Kubernetes' own kinds ---------------------------------------------------------------------


def kubernetes_problems(objects, version: str) -> list[str]:
    problems = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            problems.append(f"{name(obj)}: {'.'.join(map(str, error.path))}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            problems.append(f"{name(obj)}: {error.message}")
    return problems


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_kubernetes_object_matches_the_api_schema(rendered, overlay, version):
    assert kubernetes_problems([obj for obj in rendered(overlay) if is_core(obj)], version) == []


# --- the operators' resources ----------------------------------------------------------------


def node_problems(objects) -> list[str]:
    if not (NODE_VALIDATOR / "node_modules").is_dir():
        pytest.fail("deploy/validate/node_modules is missing: run `make install`")
    result = subprocess.run(["node", "validate.mjs"], input=json.dumps(list(objects)), cwd=NODE_VALIDATOR,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


@cache
def registry() -> Registry:
    """The Kubernetes definitions the vendored schemas refer to (Affinity, ResourceRequirements...)."""
    bundled = resources.files(kubernetes_validate) / "kubernetes-json-schema"
    definitions = bundled / f"v{kubernetes_validate.latest_version()}-local-strict" / "_definitions.json"
    return Resource.from_contents(json.loads(definitions.read_text())) @ Registry()


def vendored_problems(objects) -> list[str]:
    problems = []
    for obj in objects:
        schema = json.loads((SCHEMAS / VENDORED[obj["apiVersion"], obj["kind"]]).read_text())
        validator = jsonschema.Draft202012Validator(schema, registry=registry())
        problems += [f"{name(obj)}: {'.'.join(map(str, error.path))}: {error.message}"
                     for error in validator.iter_errors(obj)]
    return problems


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_custom_resource_matches_its_operators_schema(rendered, overlay):
    objects = rendered(overlay)
    assert node_problems([obj for obj in objects if group(obj) in NODE_GROUPS]) == []
    assert vendored_problems([obj for obj in objects if (obj["apiVersion"], obj["kind"]) in VENDORED]) == []


def test_prod_declares_every_operators_resources(rendered):
    kinds = {(obj["apiVersion"], obj["kind"]) for obj in rendered("prod")}
    assert {("postgresql.cnpg.io/v1", "Cluster"), ("rabbitmq.com/v1beta1", "RabbitmqCluster"),
            ("keda.sh/v1alpha1", "ScaledObject"), ("keda.sh/v1alpha1", "TriggerAuthentication"),
            ("monitoring.coreos.com/v1", "ServiceMonitor"), ("monitoring.coreos.com/v1", "PrometheusRule"),
            ("gateway.networking.k8s.io/v1", "HTTPRoute"), ("cert-manager.io/v1", "Certificate"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"), ("policy/v1", "PodDisruptionBudget"),
            ("networking.k8s.io/v1", "NetworkPolicy")} <= kinds
    assert ("networking.k8s.io/v1", "Ingress") in {(o["apiVersion"], o["kind"]) for o in rendered("prod-ingress")}


# --- the checks bite -----------------------------------------------------------------------------


def test_the_checks_refuse_a_misspelt_field_and_a_wrong_type_of_every_kind_of_schema(rendered):
    objects = rendered("prod")
    deployment = next(obj for obj in objects if obj["kind"] == "Deployment")
    scaled = next(obj for obj in objects if obj["kind"] == "ScaledObject")
    cluster = next(obj for obj in objects if obj["kind"] == "Cluster")
    broken_deployment = {**deployment, "spec": {**deployment["spec"], "replica": 2}}
    broken_scaled = {**scaled, "spec": {**scaled["spec"], "minReplicaCount": "two"}}
    broken_cluster = {**cluster, "spec": {**cluster["spec"], "instance": 3}}
    assert kubernetes_problems([broken_deployment], KUBERNETES_VERSIONS[0])
    assert node_problems([broken_scaled])
    assert vendored_problems([broken_cluster])
