"""PostgreSQL text cannot hold the NUL character (U+0000): a request that carries one in its
query or JSON body is a field error here, before it can reach the database as a 500."""
from __future__ import annotations

from flask import Flask, request

from ..errors import ValidationFailed

MESSAGE = "Text cannot contain the NUL character (U+0000)."


def _nul_fields(value, path: str) -> list[str]:
    if isinstance(value, str):
        return [path or "body"] if "\x00" in value else []
    if isinstance(value, dict):
        return [f for key, item in value.items() for f in _nul_fields(item, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [f for n, item in enumerate(value) for f in _nul_fields(item, f"{path}.{n}" if path else str(n))]
    return []


def install_text_guard(app: Flask) -> None:
    @app.before_request
    def _refuse_nul() -> None:
        fields = [name for name, value in request.args.items(multi=True) if "\x00" in value]
        if request.is_json and b"\\u0000" in request.get_data(cache=True):
            fields += _nul_fields(request.get_json(silent=True), "")
        if fields:
            raise ValidationFailed({field: [MESSAGE] for field in fields})
