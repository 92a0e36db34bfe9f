"""Read registry.toml once. Every name a service goes by (its folder, environment prefix, database,
processes) is derived here, so that no tool spells it out again."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

PROCESSES = ("web", "relay", "consumer", "worker")


@dataclass(frozen=True)
class ServiceEntry:
    name: str  # as in URLs, images and Kubernetes: "users-roles"
    package: str  # the Python package: "users_roles"
    port: int
    processes: tuple[str, ...]
    segments: tuple[str, ...]
    planned: bool = False
    # Development-only settings: compose's environment and the dev overlay's Secret (never prod).
    local_env: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def folder(self) -> str:
        return f"services/{self.name}"

    @property
    def env_prefix(self) -> str:
        """`USERS_ROLES`: as in USERS_ROLES_URL, USERS_ROLES_DATABASE_URL, USERS_ROLES_PORT."""
        return self.name.upper().replace("-", "_")

    @property
    def database(self) -> str:
        return f"b2b_{self.env_prefix.lower()}"

    def process_names(self) -> list[str]:
        """`customers-web`, `customers-relay`, ...: honcho, compose and Kubernetes call them so."""
        return [f"{self.name}-{process}" for process in self.processes]


@cache
def _document() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("registry.toml").read_text())


def entries() -> tuple[ServiceEntry, ...]:
    """Every service, planned ones included (the gateway routes to them)."""
    return tuple(_entry(name, fields) for name, fields in _document()["services"].items())


def built() -> tuple[ServiceEntry, ...]:
    """The services that exist: what make, compose, Kubernetes and the tests run."""
    return tuple(service for service in entries() if not service.planned)


def entry(name: str) -> ServiceEntry:
    for service in entries():
        if service.name == name:
            return service
    raise KeyError(f"no service {name!r} in the registry; known: {', '.join(s.name for s in entries())}")


def by_package(package: str) -> ServiceEntry:
    for service in entries():
        if service.package == package:
            return service
    raise KeyError(f"no service with package {package!r} in the registry")


GATEWAY_PORT: int = _document()["gateway"]["port"]


def _entry(name: str, fields: dict) -> ServiceEntry:
    processes = tuple(fields["processes"])
    unknown = set(processes) - set(PROCESSES)
    if unknown:
        raise ValueError(f"{name}: unknown processes {sorted(unknown)}; known: {PROCESSES}")
    return ServiceEntry(name=name, package=fields["package"], port=fields["port"], processes=processes,
                        segments=tuple(fields["segments"]), planned=fields.get("planned", False),
                        local_env=dict(fields.get("local_env", {})))
