"""GET /api/v1/customer-views/{id}: the customer with everything around it, in one answer.

The sections (view_sections.py) are asked in parallel, each of its service with the caller's own
token, so the caller sees only what their rights allow. A section is what its service answered,
or, instead of failing the whole view:
- `{"refused": true, "status": 403}` when the service refused the caller (401, 403, 404);
- `{"unavailable": true}` when the service is down or too slow, with its `status` when it answered
  with an error (5xx).
The view is 404 only when the customer itself is unknown to the caller.
"""
from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

from b2b_shared.context import current_request_id
from b2b_shared.http.problems import problem
from b2b_shared.http.request_id import HEADER as REQUEST_ID
from b2b_shared.logging import get_logger
from b2b_shared.tracing import inject_into
from flask import Flask, jsonify, request
from werkzeug.exceptions import MethodNotAllowed

from .proxy import Upstreams
from .view_sections import SECTIONS, Section

log = get_logger(__name__)
VIEW_PATH = "/api/v1/customer-views/<customer_id>"
TITLES = {401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}
REFUSED_STATUSES = tuple(TITLES)
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class CustomerView:
    def __init__(self, upstreams: Upstreams, timeout: float):
        self._upstreams = upstreams
        self._timeout = timeout
        # Threads under the dev server, greenlets under gunicorn's gevent workers (patched threading).
        self._pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="customer-view")

    def build(self, customer_id: uuid.UUID, headers: dict[str, str]) -> dict:
        futures = {name: self._pool.submit(self._ask, section, str(customer_id), headers)
                   for name, section in SECTIONS.items()}
        return {"customer_id": str(customer_id), **{name: future.result() for name, future in futures.items()}}

    def _ask(self, section: Section, target: str, headers: dict[str, str]):
        try:
            answer = self._upstreams.call(section.service, section.path.format(id=target), headers, self._timeout)
        except Exception as error:  # noqa: BLE001 - a service that is down marks its section, never the view
            log.warning("customer_view.section_unavailable", service=section.service, error_type=type(error).__name__)
            return {"unavailable": True}
        if answer.status in REFUSED_STATUSES:
            return {"refused": True, "status": answer.status}
        if answer.status != 200:  # failing (5xx), or an answer the view cannot use: said with its status
            return {"unavailable": True, "status": answer.status}
        return section.keep(json.loads(answer.data))


def _headers() -> dict[str, str]:
    headers = {"Authorization": request.headers.get("Authorization", ""), "Accept": "application/json",
               REQUEST_ID: current_request_id() or ""}
    inject_into(headers)
    return headers


def install_customer_view(app: Flask, upstreams: Upstreams, timeout: float) -> None:
    view = CustomerView(upstreams, timeout)

    @app.route(VIEW_PATH, methods=ALL_METHODS)
    def customer_view(customer_id: str):
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
        try:
            parsed = uuid.UUID(customer_id)
        except ValueError:
            return problem(404, "Not Found", f"No customer {customer_id}.")
        answer = view.build(parsed, _headers())
        customer = answer["customer"]
        if customer.get("refused"):  # the customer itself is out of the caller's reach: nothing to show
            status = customer["status"]
            return problem(status, TITLES[status], f"The customers service answered {status} for customer {parsed}.")
        return jsonify(answer)
