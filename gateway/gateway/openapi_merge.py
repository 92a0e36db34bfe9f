"""One OpenAPI 3 document from every service's own, as the gateway serves them.

- Only the paths the gateway routes to a service are taken from that service's document (what a
  client cannot reach through the gateway is not part of its API).
- Components keep their names where the services agree; a name two services use for different
  things gets the service's name in front ("Customer" -> "PricingCustomer" and "CustomersCustomer"),
  and every `$ref` of that service is rewritten to match. Agreement is judged after rewriting, so a
  schema that only points at a renamed one is renamed too (repeated until nothing changes).
- Security is the gateway's: a bearer JWT everywhere (global `security`), `security: []` on the
  operations anyone may call (public at the gateway and at the service).
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REF_PREFIX = "#/components/"
BEARER = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
          "description": "An access token from POST /api/v1/auth/token."}
Renames = dict[tuple[str, str], str]  # (component kind, name) -> new name, for one service


def merge(documents: dict[str, dict], owner_of: Callable[[str], str | None], is_public: Callable[[str], bool],
          info: dict) -> dict:
    """`documents` by service name, in the order their operations should be listed."""
    renames = component_renames(documents)
    merged = {"openapi": "3.0.3", "info": info, "tags": [], "paths": {}, "components": {},
              "security": [{"bearerAuth": []}]}
    for service, document in documents.items():
        document = rewrite_refs(copy.deepcopy(document), renames[service])
        _add_components(merged["components"], document.get("components", {}), renames[service])
        _add_tags(merged["tags"], document.get("tags", []))
        for path, item in document.get("paths", {}).items():
            if owner_of(path) == service:
                merged["paths"][path] = _with_security(path, item, is_public)
    _unique_operation_ids(merged["paths"])
    merged["components"]["securitySchemes"] = {"bearerAuth": BEARER}
    return merged


def component_renames(documents: dict[str, dict]) -> dict[str, Renames]:
    renames: dict[str, Renames] = {service: {} for service in documents}
    while clashes := _clashes(documents, renames):
        for service, kind, name in clashes:
            renames[service][(kind, name)] = _pascal(service) + name
    return renames


def _clashes(documents: dict[str, dict], renames: dict[str, Renames]) -> set[tuple[str, str, str]]:
    """(service, kind, name) of every component whose unrenamed name means different things."""
    versions: dict[tuple[str, str], dict[str, str]] = {}
    for service, document in documents.items():
        for kind, name, item in _components(document):
            if (kind, name) not in renames[service]:
                text = json.dumps(rewrite_refs(copy.deepcopy(item), renames[service]), sort_keys=True)
                versions.setdefault((kind, name), {})[service] = text
    return {(service, kind, name) for (kind, name), by_service in versions.items()
            if len(set(by_service.values())) > 1 for service in by_service}


def rewrite_refs(node, renames: Renames):
    """`node` with every `#/components/<kind>/<name>` reference renamed (in place; also returned)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                node[key] = _renamed_ref(value, renames)
            elif key == "mapping" and isinstance(value, dict):  # discriminator mappings are refs too
                node[key] = {k: _renamed_ref(v, renames) if isinstance(v, str) else v for k, v in value.items()}
            else:
                rewrite_refs(value, renames)
    elif isinstance(node, list):
        for item in node:
            rewrite_refs(item, renames)
    return node


def _renamed_ref(ref: str, renames: Renames) -> str:
    if not ref.startswith(REF_PREFIX):
        return ref
    kind, _, name = ref[len(REF_PREFIX):].partition("/")
    return f"{REF_PREFIX}{kind}/{renames.get((kind, name), name)}"


def _components(document: dict):
    for kind, items in document.get("components", {}).items():
        if kind != "securitySchemes" and isinstance(items, dict):  # the gateway states its own security
            for name, item in items.items():
                yield kind, name, item


def _add_components(merged: dict, components: dict, renames: Renames) -> None:
    for kind, name, item in _components({"components": components}):
        merged.setdefault(kind, {})[renames.get((kind, name), name)] = item


def _add_tags(merged: list[dict], tags: list[dict]) -> None:
    known = {tag["name"] for tag in merged}
    merged.extend(tag for tag in tags if tag.get("name") not in known)


def _with_security(path: str, item: dict, is_public: Callable[[str], bool]) -> dict:
    """Public where both agree: the gateway lets the path through without a token, and the service
    asks for none (changing one's password is under /auth/ but needs the caller's token)."""
    for method in HTTP_METHODS:
        if method in item:
            service_public = item[method].pop("security", None) == []
            if is_public(path) and service_public:
                item[method]["security"] = []
    return item


def _unique_operation_ids(paths: dict) -> None:
    """Two services may both name an operation "list": the second becomes "list2"."""
    seen: set[str] = set()
    for item in paths.values():
        for operation in (item[method] for method in HTTP_METHODS if method in item):
            if "operationId" in operation:
                candidate, number = operation["operationId"], 2
                while candidate in seen:
                    candidate, number = f"{operation['operationId']}{number}", number + 1
                operation["operationId"] = candidate
                seen.add(candidate)


def _pascal(service: str) -> str:
    return "".join(part.capitalize() for part in service.replace("_", "-").split("-"))
