"""The deploy files are sane, checked without docker or kubectl.

Parses docker-compose.yml, the Dockerfiles and every YAML file under deploy/k8s
and checks what a reviewer would: non-root pods with probes and limits, names
that point at things that exist, and one process table shared by Compose and
Kubernetes. Rendering through kustomize runs only where kubectl or kustomize is
installed.
"""

import fnmatch
import re
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from b2b_shared import suite

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
DOCKERFILES = ROOT / "deploy" / "docker"
COMPOSE_FILE = ROOT / "docker-compose.yml"


class Service(NamedTuple):
    folder: str
    package: str
    port: int
    roles: tuple[str, ...]


# The registry's services (b2b_shared/suite/registry.toml) and the gateway.
SERVICES = {
    **{entry.name: Service(entry.folder, entry.package, entry.port, entry.processes + ("migrate",))
       for entry in suite.built()},
    "gateway": Service("gateway", "gateway", suite.GATEWAY_PORT, ("web",)),
}
INFRA = {"postgres", "rabbitmq", "redis"}


def role_command(name: str, role: str) -> list[str]:
    if name == "gateway":
        # The gateway is an I/O-bound proxy: its own settings run gevent workers (deploy/gunicorn-gateway.conf.py).
        return ["gunicorn", "-c", "deploy/gunicorn-gateway.conf.py", "gateway.entrypoints.web:app"]
    if role == "web":
        return ["gunicorn", "-c", "deploy/gunicorn.conf.py", f"b2b_shared.entrypoints:web('{name}')"]
    return ["b2b-service", role, name]


# --- loading -------------------------------------------------------------------


def load_documents(path: Path) -> list[dict]:
    with path.open() as stream:
        return [doc for doc in yaml.safe_load_all(stream) if doc is not None]


def kustomization_files() -> list[Path]:
    return sorted(K8S.rglob("kustomization.yaml"))


def patch_files() -> set[Path]:
    """Partial objects that kustomize merges in; not whole manifests."""
    patches = set()
    for kustomization in kustomization_files():
        spec = load_documents(kustomization)[0]
        for patch in spec.get("patches", []):
            if "path" in patch:
                patches.add((kustomization.parent / patch["path"]).resolve())
        for path in spec.get("patchesStrategicMerge", []):
            patches.add((kustomization.parent / path).resolve())
    return patches


def manifest_objects(root: Path = K8S) -> list[tuple[Path, dict]]:
    skip = patch_files()
    return [
        (path, doc)
        for path in sorted(root.rglob("*.yaml"))
        if path.name != "kustomization.yaml" and path.resolve() not in skip
        for doc in load_documents(path)
    ]


def objects_of_kind(kind: str, root: Path = K8S) -> list[tuple[Path, dict]]:
    return [(path, doc) for path, doc in manifest_objects(root) if doc.get("kind") == kind]


def deployment_id(item: tuple[Path, dict]) -> str:
    path, doc = item
    return f"{path.relative_to(K8S)}:{doc['metadata']['name']}"


def pod_containers(deployment: dict) -> list[dict]:
    pod = deployment["spec"]["template"]["spec"]
    return pod.get("initContainers", []) + pod["containers"]


def compose() -> dict:
    return load_documents(COMPOSE_FILE)[0]


# Every workload checked as a Deployment is: the StatefulSets too (components/redis).
ALL_DEPLOYMENTS = objects_of_kind("Deployment") + objects_of_kind("StatefulSet")
BASE_DEPLOYMENTS = objects_of_kind("Deployment", BASE)


# --- every file parses and every name points at something -----------------------


@pytest.mark.parametrize(
    "path",
    sorted(K8S.rglob("*.yaml")) + [COMPOSE_FILE],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_every_yaml_file_parses(path):
    assert load_documents(path), f"{path} holds no YAML document"


@pytest.mark.parametrize("kustomization", kustomization_files(), ids=lambda path: str(path.relative_to(K8S)))
def test_every_kustomization_names_only_files_that_exist(kustomization):
    spec = load_documents(kustomization)[0]
    named = spec.get("resources", []) + spec.get("components", [])
    named += [patch["path"] for patch in spec.get("patches", []) if "path" in patch]
    named += spec.get("patchesStrategicMerge", [])
    assert spec.get("resources"), "a kustomization with no resources renders nothing"
    for entry in named:
        target = kustomization.parent / entry
        assert target.is_file() or (target / "kustomization.yaml").is_file(), (
            f"{kustomization.relative_to(K8S)} names {entry}, which does not exist"
        )


def test_the_base_has_one_file_per_service():
    spec = load_documents(BASE / "kustomization.yaml")[0]
    assert sorted(spec["resources"]) == sorted(f"{name}.yaml" for name in SERVICES)


# --- pods: non-root, locked down, probed, limited ---------------------------------


@pytest.mark.parametrize("item", ALL_DEPLOYMENTS, ids=deployment_id)
def test_every_deployment_runs_as_non_root(item):
    _, deployment = item
    pod_context = deployment["spec"]["template"]["spec"].get("securityContext", {})
    assert pod_context.get("runAsNonRoot") is True
    assert pod_context.get("runAsUser", 0) != 0


@pytest.mark.parametrize("item", ALL_DEPLOYMENTS, ids=deployment_id)
def test_every_container_forbids_privilege_escalation_and_drops_all_capabilities(item):
    _, deployment = item
    for container in pod_containers(deployment):
        context = container.get("securityContext", {})
        assert context.get("allowPrivilegeEscalation") is False, container["name"]
        assert context.get("capabilities", {}).get("drop") == ["ALL"], container["name"]


@pytest.mark.parametrize("item", BASE_DEPLOYMENTS, ids=deployment_id)
def test_every_suite_container_has_a_read_only_root_and_a_writable_tmp(item):
    _, deployment = item
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == 10001
    volumes = {volume["name"]: volume for volume in pod.get("volumes", [])}
    for container in pod_containers(deployment):
        assert container["securityContext"].get("readOnlyRootFilesystem") is True
        tmp = [m for m in container.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
        assert tmp and "emptyDir" in volumes[tmp[0]["name"]], f"{container['name']} has no /tmp"


@pytest.mark.parametrize("item", ALL_DEPLOYMENTS, ids=deployment_id)
def test_every_container_has_resource_requests_and_limits(item):
    _, deployment = item
    for container in pod_containers(deployment):
        resources = container.get("resources", {})
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources.get(bound, {})), f"{container['name']} lacks {bound}"


@pytest.mark.parametrize("item", ALL_DEPLOYMENTS, ids=deployment_id)
def test_every_container_that_serves_a_port_has_liveness_and_readiness_probes(item):
    # Relays and consumers serve no port, so they have nothing honest to probe;
    # a crash ends their container and the kubelet restarts it.
    _, deployment = item
    for container in deployment["spec"]["template"]["spec"]["containers"]:
        if container.get("ports"):
            assert "livenessProbe" in container, container["name"]
            assert "readinessProbe" in container, container["name"]


@pytest.mark.parametrize("item", BASE_DEPLOYMENTS, ids=deployment_id)
def test_every_web_container_probes_the_health_paths_on_its_port(item):
    _, deployment = item
    for container in deployment["spec"]["template"]["spec"]["containers"]:
        if container["name"] != "web":
            continue
        port_names = {port["name"] for port in container["ports"]}
        for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
            assert container[probe]["httpGet"]["path"] == path
            assert container[probe]["httpGet"]["port"] in port_names


@pytest.mark.parametrize("item", ALL_DEPLOYMENTS, ids=deployment_id)
def test_every_deployment_selector_matches_its_pod_labels(item):
    _, deployment = item
    selector = deployment["spec"]["selector"]["matchLabels"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert selector.items() <= labels.items()


def test_every_service_selects_a_deployment_and_targets_a_named_port():
    pods = [doc["spec"]["template"] for _, doc in ALL_DEPLOYMENTS]
    for path, service in objects_of_kind("Service"):
        selector = service["spec"]["selector"]
        matched = [pod for pod in pods if selector.items() <= pod["metadata"]["labels"].items()]
        assert matched, f"{path.name}: Service {service['metadata']['name']} selects no pod"
        port_names = {
            port["name"]
            for pod in matched
            for container in pod["spec"]["containers"]
            for port in container.get("ports", [])
        }
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names, service["metadata"]["name"]


# --- the agreed process table, ports and configuration ---------------------------


def base_commands() -> dict[str, list[list[str]]]:
    """Service name -> every command its pods run, init containers included."""
    commands = {}
    for path, deployment in BASE_DEPLOYMENTS:
        for container in pod_containers(deployment):
            command = container["command"]
            if command not in commands.setdefault(path.stem, []):
                commands[path.stem].append(command)
    return commands


def test_kubernetes_runs_every_process_of_every_service():
    commands = base_commands()
    for name, service in SERVICES.items():
        expected = [role_command(name, role) for role in service.roles]
        assert sorted(commands[name]) == sorted(expected), name


def test_every_web_process_listens_on_its_agreed_port():
    for path, deployment in BASE_DEPLOYMENTS:
        service = SERVICES[path.stem]
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            if container["name"] == "web":
                env = {item["name"]: item.get("value") for item in container.get("env", [])}
                assert env["PORT"] == str(service.port)
                assert [p["containerPort"] for p in container["ports"]] == [service.port]
    for name, service in SERVICES.items():
        web = "gateway" if name == "gateway" else f"{name}-web"
        assert compose()["services"][web]["environment"]["PORT"] == str(service.port)


def referenced_names(kind_key: str) -> set[str]:
    return {
        source[kind_key]["name"]
        for _, deployment in BASE_DEPLOYMENTS
        for container in pod_containers(deployment)
        for source in container.get("envFrom", [])
        if kind_key in source
    }


def generated_names(kustomization: Path, generator: str) -> set[str]:
    spec = load_documents(kustomization)[0]
    return {item["name"] for item in spec.get(generator, [])}


def test_the_base_generates_every_config_map_its_pods_read():
    assert referenced_names("configMapRef") <= generated_names(BASE / "kustomization.yaml", "configMapGenerator")


def test_the_dev_overlay_generates_every_secret_the_pods_read():
    assert referenced_names("secretRef") <= generated_names(
        K8S / "overlays" / "dev" / "kustomization.yaml", "secretGenerator"
    )


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_overlay_names_an_image_for_every_service(overlay):
    spec = load_documents(K8S / "overlays" / overlay / "kustomization.yaml")[0]
    images = {image["name"]: image for image in spec["images"]}
    assert set(images) == set(SERVICES)
    assert all(image.get("newTag") for image in images.values())


def kustomize_command() -> list[str] | None:
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    return None


@pytest.mark.skipif(kustomize_command() is None, reason="neither kustomize nor kubectl is installed")
@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_overlay_renders_with_kustomize(overlay):
    result = subprocess.run(
        [*kustomize_command(), str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    kinds = {doc["kind"] for doc in yaml.safe_load_all(result.stdout) if doc}
    assert {"Deployment", "Service", "ServiceAccount", "ConfigMap"} <= kinds


# --- docker compose ---------------------------------------------------------------


def test_compose_depends_on_names_only_services_that_exist():
    services = compose()["services"]
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"


def test_compose_waits_for_health_and_finished_migrations():
    conditions = {"service_healthy", "service_completed_successfully"}
    for name, service in compose()["services"].items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions"
        for dependency, rule in depends_on.items():
            assert rule["condition"] in conditions, f"{name} -> {dependency}"


def expected_compose_services() -> dict[str, list[str]]:
    expected = {}
    for name, service in SERVICES.items():
        for role in service.roles:
            key = "gateway" if name == "gateway" else f"{name}-{role}"
            expected[key] = role_command(name, role)
    return expected


def test_compose_runs_every_process_of_every_service():
    services = compose()["services"]
    assert set(services) == set(expected_compose_services()) | INFRA
    for name, command in expected_compose_services().items():
        assert services[name]["command"] == command, name


def test_every_process_waits_for_its_migration():
    services = compose()["services"]
    for name in expected_compose_services():
        stem, _, role = name.rpartition("-")
        if role in ("web", "relay", "consumer"):
            rule = services[name]["depends_on"][f"{stem}-migrate"]
            assert rule["condition"] == "service_completed_successfully", name


def test_every_compose_web_process_has_a_readiness_healthcheck():
    services = compose()["services"]
    for name, command in expected_compose_services().items():
        if command[0] == "gunicorn":
            test = services[name]["healthcheck"]["test"]
            assert "/health/ready" in " ".join(test), name


def test_only_the_gateway_publishes_a_suite_port_on_the_host():
    services = compose()["services"]
    assert services["gateway"]["ports"] == ["8000:8000"]
    published = [name for name in expected_compose_services() if services[name].get("ports")]
    assert published == ["gateway"]


def test_every_compose_build_names_a_dockerfile_that_exists():
    for name, service in compose()["services"].items():
        if "build" in service:
            build = service["build"]
            assert build["context"] == ".", f"{name}: shared/ needs the repository root"
            assert (ROOT / build["dockerfile"]).is_file(), name


# --- Dockerfiles ------------------------------------------------------------------


DOCKERFILE = DOCKERFILES / "Dockerfile"


def test_every_image_is_built_from_the_one_dockerfile_with_its_folder_and_port():
    builds = {name: spec["build"] for name, spec in compose()["services"].items() if "build" in spec}
    for name, service in SERVICES.items():
        build = builds["gateway" if name == "gateway" else f"{name}-migrate"]
        assert build["dockerfile"] == "deploy/docker/Dockerfile", name
        assert build["args"]["SOURCE_DIR"] == service.folder and build["args"]["PORT"] == str(service.port), name
        assert build["args"]["SERVICE"] == name


def final_stage(text: str) -> str:
    return re.split(r"^FROM .*$", text, flags=re.MULTILINE)[-1]


def test_the_image_runs_as_uid_10001_on_python_3_11_slim_with_no_compiler():
    text = DOCKERFILE.read_text()
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    assert len(re.findall(r"^FROM ", text, flags=re.MULTILINE)) >= 2, "not multi-stage"
    final = final_stage(text)
    assert re.search(r"^USER 10001(:10001)?$", final, flags=re.MULTILINE)
    assert "WORKDIR /app" in final
    assert "COPY deploy/gunicorn.conf.py /app/deploy/gunicorn.conf.py" in final
    # The editable install points the venv at the source, so both must be copied.
    assert "COPY --from=build /opt/venv /opt/venv" in final
    assert "COPY --from=build /opt/src/${SOURCE_DIR} /opt/src/${SOURCE_DIR}" in final
    for tool in ("build-essential", "gcc", "-dev "):
        assert tool not in final, f"{tool} in the final stage"


def test_the_image_runs_the_web_process_by_default():
    """CMD runs gunicorn with the build's settings and app; the defaults are a service's web process."""
    text = DOCKERFILE.read_text()
    assert re.findall(r"^CMD (.*)$", text, flags=re.MULTILINE)[-1] == \
        'CMD ["sh", "-c", "exec gunicorn -c \\"$GUNICORN_CONFIG\\" \\"$WSGI_APP\\""]'[4:]
    assert "ARG GUNICORN_CONFIG=deploy/gunicorn.conf.py" in text
    assert """ARG WSGI_APP="b2b_shared.entrypoints:web('${SERVICE}')\"""" in text
    gateway = compose()["services"]["gateway"]["build"]["args"]
    assert [gateway["GUNICORN_CONFIG"], gateway["WSGI_APP"]] == role_command("gateway", "web")[2:]


def dockerignore_excludes(relative: str) -> bool:
    """Docker's rule: the last matching line wins; `!` re-includes."""
    excluded = False
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate, pattern = line.startswith("!"), line.lstrip("!")
        parts = Path(relative).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            excluded = not negate
    return excluded


def test_the_build_context_keeps_what_the_dockerfiles_copy():
    kept = ["constraints.txt", "shared/pyproject.toml", "shared/b2b_shared/__init__.py", "deploy/gunicorn.conf.py",
            "deploy/gunicorn-gateway.conf.py", "shared/b2b_shared/suite/registry.toml"]
    for service in SERVICES.values():
        kept += [f"{service.folder}/{file}" for file in ("pyproject.toml", "alembic.ini")]
        kept += [f"{service.folder}/migrations/versions/0001_initial.py"]
        if service.package != "gateway":
            kept += [f"{service.folder}/{service.package}/service.py"]
    for path in kept:
        assert not dockerignore_excludes(path), path
    assert dockerignore_excludes(".git/HEAD")


# --- commands name modules that exist (once their package is written) -------------


def named_modules() -> set[str]:
    commands = [command for commands in base_commands().values() for command in commands]
    commands += [service["command"] for service in compose()["services"].values() if "command" in service]
    modules = set()
    for command in commands:
        if command[0] == "b2b-service":  # b2b_shared.entrypoints loads <package>.service
            modules.add(f"{SERVICES[command[2]].package}.service")
        elif command[0] == "gunicorn":
            modules.add(command[-1].split(":")[0])
    return modules


def package_dir(package: str) -> Path:
    folders = {service.package: service.folder for service in SERVICES.values()} | {"b2b_shared": "shared"}
    return ROOT / folders[package] / package


@pytest.mark.parametrize("module", sorted(named_modules()))
def test_every_module_a_command_names_exists(module):
    package, *rest = module.split(".")
    path = package_dir(package).joinpath(*rest)
    assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), module


def test_the_gunicorn_configs_the_image_copies_exist():
    for name in ("gunicorn.conf.py", "gunicorn-gateway.conf.py"):
        assert (ROOT / "deploy" / name).is_file(), name
