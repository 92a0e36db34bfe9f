"""HTTP to the gateway: the base URL, signing in, and errors (RFC 9457 problem details) turned into
messages a person reads. Every command goes through one Client; nothing here prints."""
from __future__ import annotations

from importlib.metadata import version

import click
import requests

TIMEOUT = (10, 120)  # seconds to connect, seconds between bytes (an upload of 100 MiB is read before the answer)
USER_AGENT = f"b2b-cli/{version('b2b-cli')}"


class ApiError(click.ClickException):
    """A failed call, worded for the terminal; click prints it as `Error: ...` and exits with 1."""


class Client:
    """The gateway at `url`, as the user named by email and password (signed in on first use, again
    when the access token expires) or by a bearer token (B2B_TOKEN)."""

    def __init__(self, url: str, email: str | None = None, password: str | None = None, token: str | None = None):
        self.url = url.rstrip("/")
        self.email, self.password, self.token = email, password, token
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._signed_in_by_password = False

    def close(self) -> None:
        self.session.close()

    # -- calls -------------------------------------------------------------------------------------

    def get_json(self, path: str, **params) -> dict:
        return self.request("GET", path, params={k: v for k, v in params.items() if v is not None}).json()

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """The answer to a call, 2xx only: anything else raises ApiError. A GET whose token expired
        meanwhile is sent once more after signing in again (long waits outlive a 15-minute token)."""
        response = self._send(method, path, self._authorization(), **kwargs)
        if response.status_code == 401 and method == "GET" and self._signed_in_by_password:
            response.close()
            self.token = None
            response = self._send(method, path, self._authorization(), **kwargs)
        if response.status_code >= 400:
            hint = ("\n  B2B_TOKEN may have expired: sign in with --email and --password."
                    if response.status_code == 401 and not self._signed_in_by_password else "")
            raise ApiError(describe_problem(response) + hint)
        return response

    def _send(self, method: str, path: str, headers: dict, **kwargs) -> requests.Response:
        try:
            return self.session.request(method, self.url + path, headers=headers, timeout=TIMEOUT, **kwargs)
        except requests.ConnectionError as error:
            raise ApiError(f"Cannot reach the suite at {self.url} (is it running? set --url or B2B_URL): "
                           f"{_reason(error)}") from None
        except requests.Timeout:
            raise ApiError(f"The suite at {self.url} did not answer {method} {path} in time.") from None

    # -- signing in --------------------------------------------------------------------------------

    def _authorization(self) -> dict:
        if self.token is None:
            self.token = self._sign_in()
        return {"Authorization": f"Bearer {self.token}"}

    def _sign_in(self) -> str:
        if not self.email:
            raise ApiError("Not signed in: give --email and --password (or B2B_EMAIL and B2B_PASSWORD), "
                           "or an access token in B2B_TOKEN.")
        if self.password is None:
            self.password = click.prompt(f"Password for {self.email}", hide_input=True, err=True)
        response = self._send("POST", "/api/v1/auth/token", {},
                              json={"email": self.email, "password": self.password})
        if response.status_code != 200:
            raise ApiError(f"Could not sign in as {self.email}: {describe_problem(response)}")
        self._signed_in_by_password = True
        return response.json()["access_token"]


def describe_problem(response: requests.Response) -> str:
    """`Title (status): detail` and one indented line per field error, from a problem details body;
    the status line and the start of the body for anything else (a proxy's HTML page, say)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and ("title" in body or "detail" in body):
        lines = [f"{body.get('title') or response.reason} ({response.status_code})"
                 + (f": {body['detail']}" if body.get("detail") else "")]
        lines += [f"  {field}: {message}" for field, message in _field_messages(body.get("errors"))]
    else:
        text = " ".join(response.text.split())[:300]
        lines = [f"{response.reason} ({response.status_code})" + (f": {text}" if text else "")]
    if retry_after := response.headers.get("Retry-After"):
        lines.append(f"  Try again in {retry_after} s.")
    return "\n".join(lines)


def _field_messages(errors, prefix: str = ""):
    """{"email": ["Not a valid email."], "addresses": {"0": {"city": [...]}}} -> (field, message) pairs."""
    if isinstance(errors, dict):
        for field, value in errors.items():
            yield from _field_messages(value, f"{prefix}.{field}" if prefix else str(field))
    elif isinstance(errors, list):
        for value in errors:
            yield from _field_messages(value, prefix)
    elif errors is not None:
        yield prefix or "error", str(errors)


def _reason(error: requests.ConnectionError) -> str:
    """The innermost cause (`Connection refused`), not urllib3's paragraph."""
    cause = error.args[0] if error.args else error
    reason = getattr(cause, "reason", cause)
    return str(reason).split(": ", 1)[-1] if ": " in str(reason) else str(reason)
