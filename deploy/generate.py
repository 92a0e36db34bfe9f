"""python deploy/generate.py [--check]: write the files that list the suite's services from the
registry (shared/b2b_shared/suite/registry.toml) and the templates in deploy/templates/.

`make generate` runs it after a registry entry is added or changed; tests/deploy/test_generated.py
fails while a generated file differs from what the registry says (`--check` does the same)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from b2b_shared import suite
from b2b_shared.entrypoints import load_service
from b2b_shared.service import queues_of
from jinja2 import Environment, FileSystemLoader, StrictUndefined

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "deploy" / "templates"


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


def rendered() -> dict[Path, str]:
    """Every generated file's path (from the repository root) and its content."""
    templates = _environment()
    services = suite.built()
    context = {
        "services": services,
        "gateway_port": suite.GATEWAY_PORT,
        "images": [service.name for service in services] + ["gateway"],
        "web_deployments": [f"{service.name}-web" for service in services if "web" in service.processes],
        "deployments": [name for service in services for name in service.process_names()],
        # The durable queues each consumer process reads (its service.py): KEDA scales consumers on their depth.
        "queues": {service.name: [consumes.queue for consumes in queues_of(load_service(service.name))]
                   for service in services},
    }
    files = {
        **components(templates, context),
        Path("Procfile"): templates.get_template("Procfile.j2").render(context),
        Path("docker-compose.yml"): templates.get_template("docker-compose.yml.j2").render(context),
        Path("deploy/k8s/base/kustomization.yaml"): templates.get_template("k8s/kustomization.yaml.j2").render(context),
        Path("deploy/k8s/overlays/dev/kustomization.yaml"):
            templates.get_template("k8s/dev/kustomization.yaml.j2").render(context),
        Path("deploy/k8s/overlays/prod/kustomization.yaml"):
            templates.get_template("k8s/prod/kustomization.yaml.j2").render(context),
        Path("deploy/k8s/overlays/prod/pdb.yaml"): templates.get_template("k8s/prod/pdb.yaml.j2").render(context),
    }
    for service in services:
        files[Path(f"deploy/k8s/base/{service.name}.yaml")] = (
            templates.get_template("k8s/service.yaml.j2").render(context, s=service))
    return files


# The kustomize components that name services (deploy/k8s/components/<name>/): generated like the base.
GENERATED_COMPONENTS = {
    "operators": ["kustomization.yaml", "postgres.yaml", "credentials.yaml"],
    "autoscaling": ["kustomization.yaml", "hpa.yaml", "scaledobjects.yaml"],
    "network-policies": ["kustomization.yaml", "policies.yaml"],
    "monitoring": ["kustomization.yaml", "servicemonitors.yaml", "alerts.yaml"],
}


def components(templates: Environment, context: dict) -> dict[Path, str]:
    return {Path(f"deploy/k8s/components/{name}/{file}"):
            templates.get_template(f"k8s/components/{name}/{file}.j2").render(context)
            for name, files in GENERATED_COMPONENTS.items() for file in files}


def stale() -> list[Path]:
    """The generated files whose content on disk is not what the registry says."""
    return [path for path, text in rendered().items()
            if not (ROOT / path).is_file() or (ROOT / path).read_text() != text]


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; fail if a generated file is out of date.")
def main(check: bool) -> None:
    if check:
        out_of_date = stale()
        for path in out_of_date:
            click.echo(f"out of date: {path} (run `make generate`)", err=True)
        sys.exit(1 if out_of_date else 0)
    for path, text in rendered().items():
        (ROOT / path).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / path).write_text(text)
        click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()
