"""The suite's one OpenAPI document: every service's /openapi.json, fetched in parallel, merged
(openapi_merge.py), with the gateway's own /api/v1/me, and cached for a short time.

A service that is down or answers nonsense is left out, named in `x-unavailable` and in
`info.description`; a document missing a service is kept only briefly, so that the service's
operations come back soon after it does.
"""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from b2b_shared.logging import get_logger

from .me import me_paths
from .openapi_merge import merge
from .proxy import Upstreams
from .public import is_public
from .routes import owner_of
from .view_openapi import TAG as VIEW_TAG
from .view_openapi import customer_view_paths

log = get_logger(__name__)
FETCH_TIMEOUT = 2.0
INCOMPLETE_CACHE_SECONDS = 5.0
TITLE = "B2B customer management API"


class MergedOpenApi:
    def __init__(self, upstreams: Upstreams, services: list[str], cache_seconds: float):
        self._upstreams = upstreams
        self._services = services
        self._cache_seconds = cache_seconds
        self._document: dict | None = None
        self._expires = 0.0
        self._lock = threading.Lock()  # one refresh at a time; the others wait for its result

    def document(self) -> dict:
        with self._lock:
            if self._document is None or time.monotonic() >= self._expires:
                self._document, complete = self._build()
                ttl = self._cache_seconds if complete else min(self._cache_seconds, INCOMPLETE_CACHE_SECONDS)
                self._expires = time.monotonic() + ttl
            return self._document

    def _build(self) -> tuple[dict, bool]:
        with ThreadPoolExecutor(max_workers=len(self._services)) as pool:
            fetched = dict(zip(self._services, pool.map(self._fetch, self._services)))
        documents = {service: document for service, document in fetched.items() if document is not None}
        unavailable = [service for service, document in fetched.items() if document is None]
        merged = merge(documents, owner_of, is_public, _info(list(documents), unavailable))
        merged["paths"] = {**me_paths(merged["paths"]), **customer_view_paths(), **merged["paths"]}
        merged["tags"][:0] = [{"name": "me", "description": "The signed-in caller."}, VIEW_TAG]
        merged["x-unavailable"] = unavailable
        return merged, not unavailable

    def _fetch(self, service: str) -> dict | None:
        try:
            response = self._upstreams.get(service, "/openapi.json", timeout=FETCH_TIMEOUT)
            document = json.loads(response.data) if response.status == 200 else None
        except Exception as error:  # noqa: BLE001 - a service that is down is left out, not fatal
            log.warning("openapi.service_unavailable", service=service, error_type=type(error).__name__)
            return None
        return document if isinstance(document, dict) and isinstance(document.get("paths"), dict) else None


def _info(available: list[str], unavailable: list[str]) -> dict:
    description = ("Every operation of the suite, as the gateway serves it (merged from each service's own "
                   f"document: {', '.join(available) or 'none'}). Sign in at POST /api/v1/auth/token and "
                   "send the access token as `Authorization: Bearer <token>`.")
    if unavailable:
        description += (f"\n\nNot available right now, so their operations are missing: {', '.join(unavailable)}.")
    return {"title": TITLE, "version": "v1", "description": description}
