"""What a request body may be, checked before a route (and its database) sees it.

- Over `MAX_BODY_BYTES` (1 MiB by default): 413 before the body is read, and the connection is
  closed instead of drained (a client that sends 100 MB must not cost us 100 MB).
- JSON nested deeper than `MAX_JSON_DEPTH`: 422, not a RecursionError (500).
- Text PostgreSQL cannot store: the NUL character, and lone UTF-16 surrogates ("\\ud800", which
  JSON can spell but UTF-8 cannot encode): 422 naming the field.
The parse happens only when a cheap scan of the raw bytes says it could find something, so an
ordinary request is not parsed twice.
"""
from __future__ import annotations

import json
import re
from array import array
from collections.abc import Callable
from itertools import accumulate

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..config import env_int
from ..errors import ValidationFailed

MAX_JSON_DEPTH = 32
NUL = "Text cannot contain the NUL character (U+0000)."
SURROGATE = "Text must be valid Unicode (it contains a lone surrogate)."
TOO_DEEP = f"JSON may be nested at most {MAX_JSON_DEPTH} levels deep."
# What can make a text PostgreSQL refuses: a \u0000 or \uD800-\uDFFF escape, or a surrogate written as
# raw bytes (ED A0-BF ..: not UTF-8, but Python's json reads bytes with surrogatepass and lets it in).
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])|\xed[\xa0-\xbf]")
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
# Brackets as +1 (opening) and -1 (closing: 0xff as a signed byte), everything else dropped: _surely_shallow.
_NESTING = bytes.maketrans(b"{[}]", b"\x01\x01\xff\xff")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"{[}]")


def max_body_bytes() -> int:
    return env_int("MAX_BODY_BYTES", 1024 * 1024)


def install_body_guard(app: Flask, limit: int | None = None) -> None:
    app.config["MAX_CONTENT_LENGTH"] = limit or max_body_bytes()  # also bounds chunked bodies as read
    # Two steps, so that checks which must come before any parse (authentication: `before_parsing`)
    # run between the size check, which reads nothing, and the text checks, which parse.
    app.before_request(_refuse_oversized)
    app.before_request(_refuse_unstorable_text)
    app.after_request(_close_after_refusing)


def before_parsing(app: Flask, check: Callable[[], None]) -> None:
    """Run `check` on every request after the size check and before the body is parsed (appended
    last when the app has no body guard). http/access.py authenticates here: docs/authorization.md
    promises 401/403 before parsing, so an anonymous body, however deep, costs no parse."""
    checks = app.before_request_funcs.setdefault(None, [])
    at = checks.index(_refuse_unstorable_text) if _refuse_unstorable_text in checks else len(checks)
    checks.insert(at, check)


def _refuse_oversized() -> None:
    current = request._get_current_object()  # once, not through the proxy at every attribute
    if "CONTENT_LENGTH" not in current.environ:
        return  # no declared length (most GETs; a chunked body is bounded as it is read)
    length = current.content_length
    if length and length > (limit := current_app.config["MAX_CONTENT_LENGTH"]):
        raise RequestEntityTooLarge(f"The body may be at most {limit} bytes.")


def _refuse_unstorable_text() -> None:
    current = request._get_current_object()
    environ = current.environ
    # The cheap tests first: a GET with no query string and no content type has nothing to check.
    errors = {name: [NUL] for name, value in current.args.items(multi=True) if "\x00" in value} \
        if environ.get("QUERY_STRING") else {}
    if environ.get("CONTENT_TYPE") and current.is_json:
        errors.update(_json_errors(current.get_data(cache=True)))
    if errors:
        raise ValidationFailed(errors)


def _close_after_refusing(response):
    if response.status_code == 413:
        response.headers["Connection"] = "close"  # gunicorn would otherwise drain the rest
    return response


def _json_errors(raw: bytes) -> dict[str, list[str]]:
    # Cheap tests of the raw bytes first: most bodies need neither the parse nor the walks below.
    deep = raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH and not _surely_shallow(raw)
    suspect = _SUSPECT_ESCAPE.search(raw) is not None
    if not deep and not suspect:
        return {}
    try:
        document = json.loads(raw)
    except RecursionError:
        return {"body": [TOO_DEEP]}
    except ValueError:
        return {}  # not JSON at all: the route's own parser says so, field by field
    if deep and _depth_exceeds(document, MAX_JSON_DEPTH):
        return {"body": [TOO_DEEP]}
    if not suspect:  # a long list of objects, say: deep by the count, every text fine
        return {}
    return {field: [SURROGATE if "\x00" not in text else NUL] for field, text in _bad_texts(document, "")}


def _surely_shallow(raw: bytes) -> bool:
    """Whether the JSON in `raw` nests no deeper than MAX_JSON_DEPTH, found without parsing it: the
    deepest running count of its brackets outside texts, in C (a list of 100 objects, as a price
    resolution sends, was parsed and walked here: a tenth of the request; issue 12, cProfile).
    False when unsure - a backslash, which could escape a quote and hide where a text ends - and
    the parse decides. For a body that is not JSON the answer does not matter: the parse finds
    nothing to refuse in it either, and the route's own parser says what is wrong."""
    if b"\\" in raw:
        return False
    # Without a backslash every quote begins or ends a text: every other piece between quotes is outside.
    brackets = b"".join(raw.split(b'"')[::2]).translate(_NESTING, _NOT_BRACKETS)
    return max(accumulate(array("b", brackets)), default=0) <= MAX_JSON_DEPTH


def _depth_exceeds(document, limit: int) -> bool:
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return False


def _bad_texts(value, path: str):
    """(field path, text) for every string, key included, that PostgreSQL could not store."""
    if isinstance(value, str):
        if _BAD_TEXT.search(value):
            yield path or "body", value
    elif isinstance(value, dict):
        for key, item in value.items():
            field = f"{path}.{key}" if path else str(key)
            if _BAD_TEXT.search(key):
                yield field.encode("utf-8", "backslashreplace").decode(), key
            yield from _bad_texts(item, field)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _bad_texts(item, f"{path}.{index}" if path else str(index))
